/**
 * @module core/ports/access-token-verifier
 * Verification of the hub's own access tokens (`access-token-issuer.ts`): it accepts only the
 * hub's own keys, so a token is trusted exactly because the hub issued it.
 */
import type { AccessTokenGrant } from './access-token-issuer.js';

export interface VerifiedAccessToken extends AccessTokenGrant {
  expiresAt: Date;
}

export interface AccessTokenVerifier {
  /** Throws `AccessTokenInvalidError` or `AccessTokenExpiredError`. */
  verify(token: string): Promise<VerifiedAccessToken>;
}
