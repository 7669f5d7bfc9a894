/**
 * @module core/ports/access-token-issuer
 * The hub's own bearer tokens for department systems (RFC 9068 `at+jwt`), signed with a hub key
 * behind the `Signer` port; implemented in `pki/auth/access-token.ts`. Checked again on every use by
 * `access-token-verifier.ts`.
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

export interface AccessTokenIssuer {
  issue(grant: AccessTokenGrant): Promise<IssuedAccessToken>;
}
