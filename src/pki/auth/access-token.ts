/**
 * @module pki/auth/access-token
 * The hub's access tokens for department systems, RFC 9068 JWTs (`typ: at+jwt`). Signing goes
 * through the `Signer` port, whose signatures are already in JOSE form, so the compact JWS is
 * assembled here and the private key never leaves its store. Verification trusts only the hub's
 * own keys — the current one and any previous ones kept for a rotation — each pinned to its
 * algorithm; `kid` merely picks among them.
 */
import { createPublicKey, randomUUID, type KeyObject } from 'node:crypto';
import { calculateJwkThumbprint, errors, jwtVerify, type JWTPayload } from 'jose';
import { AccessTokenExpiredError, AccessTokenInvalidError } from '../../core/auth/auth-errors.js';
import type { AccessTokenGrant, AccessTokenIssuer, IssuedAccessToken } from '../../core/ports/access-token-issuer.js';
import type { AccessTokenVerifier, VerifiedAccessToken } from '../../core/ports/access-token-verifier.js';
import type { Signer, SignerAlgorithm } from '../../core/ports/signer.js';
import { validateUscc } from '../../core/identifiers/uscc.js';

export const ACCESS_TOKEN_TYPE = 'at+jwt';
export const DEFAULT_ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
/** Private claim: the hex serial of the system certificate the token was issued for. */
export const CERTIFICATE_SERIAL_CLAIM = 'zz_cert_serial';
const MAX_TOKEN_LENGTH = 8 * 1024;

export interface AccessTokenKey {
  kid: string;
  algorithm: SignerAlgorithm;
  /** DER SubjectPublicKeyInfo. */
  publicKeySpki: Uint8Array;
}

export interface AccessTokenServiceOptions {
  signer: Signer;
  /** Identifies the signer's key in the `kid` header; see `accessTokenKeyId`. */
  kid: string;
  /** Keys whose tokens are still accepted after a rotation (at most one lifetime, 15 minutes). */
  previousKeys?: readonly AccessTokenKey[];
  /** The hub's public URL: `iss` and `aud` of every token. */
  issuer: string;
  ttlSeconds?: number;
  clock?: () => Date;
}

export type AccessTokenService = AccessTokenIssuer & AccessTokenVerifier;

/** RFC 7638 JWK thumbprint of a public key: a stable `kid` that needs no bookkeeping. */
export async function accessTokenKeyId(publicKeySpki: Uint8Array): Promise<string> {
  const jwk = createPublicKey({ key: Buffer.from(publicKeySpki), format: 'der', type: 'spki' }).export({ format: 'jwk' });
  return calculateJwkThumbprint(jwk as Parameters<typeof calculateJwkThumbprint>[0], 'sha256');
}

export function createAccessTokenService(options: AccessTokenServiceOptions): AccessTokenService {
  const clock = options.clock ?? (() => new Date());
  const ttlSeconds = options.ttlSeconds ?? DEFAULT_ACCESS_TOKEN_TTL_SECONDS;
  if (!Number.isInteger(ttlSeconds) || ttlSeconds <= 0) throw new TypeError('ttlSeconds must be a positive integer');
  const { signer, issuer } = options;
  const keys = new Map<string, { algorithm: SignerAlgorithm; key: KeyObject }>();
  for (const entry of [
    { kid: options.kid, algorithm: signer.algorithm, publicKeySpki: signer.publicKeySpki },
    ...(options.previousKeys ?? []),
  ]) {
    if (keys.has(entry.kid)) throw new TypeError(`duplicate access-token key id ${entry.kid}`);
    keys.set(entry.kid, {
      algorithm: entry.algorithm,
      key: createPublicKey({ key: Buffer.from(entry.publicKeySpki), format: 'der', type: 'spki' }),
    });
  }
  const algorithms = [...new Set([...keys.values()].map((k) => k.algorithm))];
  const encodedHeader = base64url({ alg: signer.algorithm, typ: ACCESS_TOKEN_TYPE, kid: options.kid });

  return {
    async issue(grant: AccessTokenGrant): Promise<IssuedAccessToken> {
      const iat = Math.floor(clock().getTime() / 1000);
      const exp = iat + ttlSeconds;
      const claims = {
        iss: issuer,
        sub: grant.department,
        aud: issuer,
        client_id: grant.department,
        iat,
        exp,
        jti: randomUUID(),
        [CERTIFICATE_SERIAL_CLAIM]: grant.certificateSerial,
      };
      const signingInput = `${encodedHeader}.${base64url(claims)}`;
      const signature = await signer.sign(new TextEncoder().encode(signingInput));
      return {
        token: `${signingInput}.${Buffer.from(signature).toString('base64url')}`,
        expiresIn: ttlSeconds,
        expiresAt: new Date(exp * 1000),
      };
    },

    async verify(token: string): Promise<VerifiedAccessToken> {
      if (token.length > MAX_TOKEN_LENGTH) throw new AccessTokenInvalidError('访问令牌过长');
      let payload: JWTPayload;
      try {
        ({ payload } = await jwtVerify(
          token,
          (header) => {
            const entry = typeof header.kid === 'string' ? keys.get(header.kid) : undefined;
            if (!entry || header.alg !== entry.algorithm) throw new AccessTokenInvalidError('访问令牌不是本中心签发的');
            return entry.key;
          },
          {
            algorithms,
            typ: ACCESS_TOKEN_TYPE,
            issuer,
            audience: issuer,
            requiredClaims: ['exp', 'iat', 'jti', 'sub', 'client_id', CERTIFICATE_SERIAL_CLAIM],
            currentDate: clock(),
          },
        ));
      } catch (error) {
        if (error instanceof AccessTokenInvalidError) throw error;
        if (error instanceof errors.JWTExpired) throw new AccessTokenExpiredError('访问令牌已过期，请重新申请');
        throw new AccessTokenInvalidError('访问令牌无效', { cause: error });
      }
      return readGrant(payload);
    },
  };
}

/** Claims are ours once the signature holds, but their shapes are still checked: fail closed. */
function readGrant(payload: JWTPayload): VerifiedAccessToken {
  const { sub, client_id: clientId, exp } = payload;
  const serial = payload[CERTIFICATE_SERIAL_CLAIM];
  if (typeof sub !== 'string' || !validateUscc(sub).ok || clientId !== sub || typeof exp !== 'number') {
    throw new AccessTokenInvalidError('访问令牌的声明不完整');
  }
  if (typeof serial !== 'string' || !/^[0-9a-f]{1,64}$/.test(serial)) {
    throw new AccessTokenInvalidError('访问令牌的声明不完整');
  }
  return { department: sub, certificateSerial: serial, expiresAt: new Date(exp * 1000) };
}

function base64url(value: unknown): string {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}
