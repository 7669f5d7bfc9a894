/**
 * @module core/ports/client-assertion-verifier
 * The cryptographic half of RFC 7523 client authentication, implemented in `pki/` (the only place
 * allowed to touch JOSE and X.509): header rules, the `x5c` chain validated for the *system*
 * purpose, the signature with the certificate's key, and the claims tied to that certificate. What
 * needs the hub's records (department active, `jti` never seen) stays with the use case.
 */

export interface VerifiedClientAssertion {
  /** The department's credit code: `iss` = `sub` = the certificate subject's. */
  department: string;
  jti: string;
  /** The last instant the assertion is acceptable (`exp` + clock skew): how long to remember `jti`. */
  acceptedUntil: Date;
  /** Lower-case hex serial of the system certificate that signed it. */
  certificateSerial: string;
}

export interface ClientAssertionVerifier {
  /** Throws a coded `HubError` (ERR_ASSERTION_*, ERR_CERT_*, ERR_CRL_*) on the first failed rule. */
  verify(assertion: string): Promise<VerifiedClientAssertion>;
}
