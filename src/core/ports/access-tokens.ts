/**
 * @module core/ports/access-tokens
 * The hub's own bearer tokens for department systems (RFC 9068 `at+jwt`), signed with a hub key
 * behind the `Signer` port; implemented in `pki/access-token.ts`. Verification accepts only the
 * hub's own keys, so a token is trusted exactly because the hub issued it.
 */

export interface AccessTokenGrant {
  /** The department's credit code (`sub` and `client_id`). */
  department: string;
  /** Hex serial of the system certificate the token was issued for, re-checked on every use. */
  certificateSerial: string;
}

export interface IssuedAccessToken {
  token: string;
  /** Seconds until expiry, for the `expires_in` answer. */
  expiresIn: number;
  expiresAt: Date;
}

export interface VerifiedAccessToken extends AccessTokenGrant {
  expiresAt: Date;
}

export interface AccessTokenIssuer {
  issue(grant: AccessTokenGrant): Promise<IssuedAccessToken>;
}

export interface AccessTokenVerifier {
  /** Throws `AccessTokenInvalidError` or `AccessTokenExpiredError`. */
  verify(token: string): Promise<VerifiedAccessToken>;
}
