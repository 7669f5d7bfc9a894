/**
 * @module token-source
 * Access tokens for the department system: an RFC 7523 client assertion (ES256/ES384/EdDSA, `x5c`
 * = system certificate chain, `iss` = `sub` = the department, `aud` = the token endpoint, a fresh
 * `jti`, two minutes of life) exchanged at `POST /v1/auth/token`. A token is reused until a margin
 * before it expires and refreshed by one request however many calls wait for it.
 */
import { randomUUID, sign } from 'node:crypto';
import { HubRefusalError, HubUnavailableError } from './errors.js';
import type { KeyMaterial } from './key-material.js';
import { problemOf } from './problem.js';

export const CLIENT_ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
const ASSERTION_LIFETIME_SECONDS = 120;

export interface TokenSource {
  /** A bearer token valid for at least the refresh margin. */
  get(): Promise<string>;
  /** Forget the cached token (after a 401), so the next `get` fetches a new one. */
  invalidate(): void;
}

export interface TokenSourceOptions {
  hub: string;
  department: string;
  system: Pick<KeyMaterial, 'privateKey' | 'algorithm' | 'x5c'>;
  fetch?: typeof fetch;
  clock?: () => number;
  /** Refresh this long before expiry, or at a fifth of the lifetime if that is shorter. */
  refreshMarginSeconds?: number;
}

export function createTokenSource(options: TokenSourceOptions): TokenSource {
  const doFetch = options.fetch ?? fetch;
  const clock = options.clock ?? Date.now;
  const endpoint = `${options.hub}/v1/auth/token`;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<string> {
    const body = new URLSearchParams({
      grant_type: 'client_credentials',
      client_assertion_type: CLIENT_ASSERTION_TYPE,
      client_assertion: clientAssertion(options, endpoint, clock()),
    });
    let response: Response;
    try {
      response = await doFetch(endpoint, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body });
    } catch (cause) {
      throw new HubUnavailableError(`令牌端点 ${endpoint} 无法访问`, cause);
    }
    if (!response.ok) {
      const problem = await problemOf(response);
      throw new HubRefusalError(problem.code, problem.detail, response.status, problem.errors, problem.extra);
    }
    const answer = (await response.json()) as { access_token: string; expires_in: number };
    const lifetime = answer.expires_in * 1000;
    const margin = Math.min((options.refreshMarginSeconds ?? 60) * 1000, lifetime / 5);
    cached = { token: answer.access_token, refreshAt: clock() + lifetime - margin };
    return answer.access_token;
  }

  return {
    async get() {
      if (cached && clock() < cached.refreshAt) return cached.token;
      pending ??= request().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}

function clientAssertion(options: TokenSourceOptions, audience: string, nowMs: number): string {
  const now = Math.floor(nowMs / 1000);
  const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
  const header = b64({ alg: options.system.algorithm, typ: 'JWT', x5c: options.system.x5c });
  const claims = b64({
    iss: options.department,
    sub: options.department,
    aud: audience,
    iat: now,
    exp: now + ASSERTION_LIFETIME_SECONDS,
    jti: randomUUID(),
  });
  const input = `${header}.${claims}`;
  const hash = options.system.algorithm === 'ES384' ? 'sha384' : options.system.algorithm === 'EdDSA' ? null : 'sha256';
  const key =
    options.system.algorithm === 'EdDSA'
      ? options.system.privateKey
      : { key: options.system.privateKey, dsaEncoding: 'ieee-p1363' as const };
  return `${input}.${sign(hash, Buffer.from(input), key).toString('base64url')}`;
}
