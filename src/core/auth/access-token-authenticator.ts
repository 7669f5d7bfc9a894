/**
 * @module core/auth/access-token-authenticator
 * Authenticates the hub's `at+jwt` access tokens as `system:<uscc>` principals. A token's signature
 * and claims are verified once and the result cached by the token's SHA-256 until it expires
 * (DESIGN §6); the certificate it was issued for is asked about on every request, cached or not,
 * so a revocation takes effect at once rather than after up to 15 minutes.
 */
import { createHash } from 'node:crypto';
import type { AccessTokenVerifier, VerifiedAccessToken } from '../ports/access-token-verifier.js';
import { AccessTokenExpiredError, AccessTokenRevokedError } from './auth-errors.js';
import type { Authenticator } from './authenticator.js';
import type { Principal } from './principal.js';

/** Three base64url parts: what a JWS looks like; API tokens (`zz_…`) never do. */
const JWT_SHAPE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+$/;
/** Hub tokens are well under 1 KB; anything far larger is not ours and is not worth hashing. */
const MAX_TOKEN_LENGTH = 8 * 1024;

export interface AccessTokenAuthenticatorOptions {
  tokens: AccessTokenVerifier;
  /** Whether the certificate with this hex serial is revoked or suspended now; called per request. */
  isRevoked(serial: string): boolean | Promise<boolean>;
  now(): Date;
  cacheMaxEntries?: number;
}

export function looksLikeAccessToken(credential: string): boolean {
  return credential.length <= MAX_TOKEN_LENGTH && JWT_SHAPE.test(credential);
}

export function createAccessTokenAuthenticator(options: AccessTokenAuthenticatorOptions): Authenticator {
  const cacheMax = options.cacheMaxEntries ?? 10_000;
  const cache = new Map<string, VerifiedAccessToken>();

  async function verified(credential: string): Promise<VerifiedAccessToken> {
    const key = createHash('sha256').update(credential).digest('base64');
    const hit = cache.get(key);
    if (hit) {
      if (hit.expiresAt.getTime() > options.now().getTime()) return hit;
      cache.delete(key);
      throw new AccessTokenExpiredError('访问令牌已过期，请重新申请');
    }
    const result = await options.tokens.verify(credential);
    if (cache.size >= cacheMax) cache.delete(cache.keys().next().value as string);
    cache.set(key, result);
    return result;
  }

  return {
    accepts: looksLikeAccessToken,
    async authenticate(credential) {
      const token = await verified(credential);
      if (await options.isRevoked(token.certificateSerial)) {
        throw new AccessTokenRevokedError('签发该访问令牌所依据的系统证书已被吊销或暂停', {
          extra: { serial: token.certificateSerial },
        });
      }
      const principal: Principal = { actor: `system:${token.department}`, role: 'system', department: token.department };
      return principal;
    },
  };
}
