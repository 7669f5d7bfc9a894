/**
 * @module core/tokens/api-token-authenticator
 * Authenticates `zz_…` API tokens. A verified token is cached by its digest for a short while so
 * the hot path costs one hash, not one query; the cache horizon bounds how long a revoked token may
 * still pass on another instance.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { InvalidTokenError } from '../errors.js';
import type { ApiTokenRepository } from '../ports/api-token-repository.js';
import { hashApiToken, looksLikeApiToken } from './api-token.js';

export interface ApiTokenAuthenticatorOptions {
  tokens: ApiTokenRepository;
  now(): Date;
  cacheTtlMs?: number;
  cacheMaxEntries?: number;
}

export function createApiTokenAuthenticator(options: ApiTokenAuthenticatorOptions): Authenticator {
  const cacheTtlMs = options.cacheTtlMs ?? 30_000;
  const cacheMax = options.cacheMaxEntries ?? 10_000;
  const cache = new Map<string, { principal: Principal; until: number }>();

  return {
    accepts: looksLikeApiToken,
    async authenticate(credential) {
      if (!looksLikeApiToken(credential)) throw new InvalidTokenError('the bearer token is malformed');
      const digest = hashApiToken(credential);
      const key = Buffer.from(digest).toString('base64');
      const now = options.now().getTime();
      const hit = cache.get(key);
      if (hit && hit.until > now) return hit.principal;

      const record = await options.tokens.findByHash(digest);
      if (!record || record.revokedAt) throw new InvalidTokenError('the bearer token is unknown or revoked');
      const expiresAt = record.expiresAt?.getTime() ?? Number.POSITIVE_INFINITY;
      if (expiresAt <= now) throw new InvalidTokenError('the bearer token has expired');

      const principal: Principal = { actor: `token:${record.id}`, role: record.role, department: record.department };
      if (cache.size >= cacheMax) cache.delete(cache.keys().next().value as string);
      cache.set(key, { principal, until: Math.min(expiresAt, now + cacheTtlMs) });
      return principal;
    },
  };
}
