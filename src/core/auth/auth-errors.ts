/**
 * @module core/auth/auth-errors
 * Failures of system authentication: the token request (RFC 6749 §4.4), the client assertion
 * (RFC 7523 §3) and the hub's access tokens (RFC 9068). Each has its own code so a department's
 * integrator sees exactly which rule refused them; none is retriable — the same request fails the
 * same way. Certificate problems keep the path validator's `ERR_CERT_*` / `ERR_CRL_*` codes.
 */
import { HubError, InvalidTokenError } from '../errors.js';

// --- the token request ---

/** A required parameter is missing or `client_assertion_type` is not the JWT bearer type. */
export class TokenRequestInvalidError extends HubError {
  static override code = 'ERR_TOKEN_REQUEST_INVALID';
}
export class GrantTypeUnsupportedError extends HubError {
  static override code = 'ERR_GRANT_TYPE_UNSUPPORTED';
}
/** `client_id` was sent and names another client than the assertion. */
export class ClientIdMismatchError extends HubError {
  static override code = 'ERR_CLIENT_ID_MISMATCH';
}

// --- the client assertion: form ---

export class AssertionTooLargeError extends HubError {
  static override code = 'ERR_ASSERTION_TOO_LARGE';
}
export class AssertionHeaderTooLargeError extends HubError {
  static override code = 'ERR_ASSERTION_HEADER_TOO_LARGE';
}
/** Not three dot-separated parts, or an empty header or payload. */
export class AssertionMalformedError extends HubError {
  static override code = 'ERR_ASSERTION_MALFORMED';
}
/** A part is not unpadded base64url. */
export class AssertionEncodingError extends HubError {
  static override code = 'ERR_ASSERTION_ENCODING';
}
/** The protected header is not a JSON object. */
export class AssertionHeaderInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_HEADER_INVALID';
}

// --- the client assertion: header ---

/** `alg: "none"` in any spelling: an unsigned assertion. */
export class AssertionAlgNoneError extends HubError {
  static override code = 'ERR_ASSERTION_ALG_NONE';
}
/** Missing, symmetric (HS*) or any algorithm outside ES256, ES384, EdDSA, PS256, RS256. */
export class AssertionAlgUnsupportedError extends HubError {
  static override code = 'ERR_ASSERTION_ALG_UNSUPPORTED';
}
/** The algorithm does not fit the certificate's key type or curve. */
export class AssertionAlgKeyMismatchError extends HubError {
  static override code = 'ERR_ASSERTION_ALG_KEY_MISMATCH';
}
/** RSA key shorter than 2048 bits. */
export class AssertionWeakKeyError extends HubError {
  static override code = 'ERR_ASSERTION_WEAK_KEY';
}
export class AssertionTypInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_TYP_INVALID';
}
/** We understand no JWS extension, and `b64: false` would change what is signed. */
export class AssertionCritUnsupportedError extends HubError {
  static override code = 'ERR_ASSERTION_CRIT_UNSUPPORTED';
}
/** An embedded key: trusting it would let anyone sign for anyone. */
export class AssertionJwkForbiddenError extends HubError {
  static override code = 'ERR_ASSERTION_JWK_FORBIDDEN';
}
/** A key URL: the hub never fetches keys a caller points it to. */
export class AssertionJkuForbiddenError extends HubError {
  static override code = 'ERR_ASSERTION_JKU_FORBIDDEN';
}
/** A certificate URL: the chain must travel in `x5c`. */
export class AssertionX5uForbiddenError extends HubError {
  static override code = 'ERR_ASSERTION_X5U_FORBIDDEN';
}
export class AssertionX5cMissingError extends HubError {
  static override code = 'ERR_ASSERTION_X5C_MISSING';
}
/** `x5c` is not a short, non-empty array of standard base64 DER certificates. */
export class AssertionX5cInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_X5C_INVALID';
}
/** The certificate's subject does not name a department as the hub builds subjects. */
export class AssertionCertificateSubjectError extends HubError {
  static override code = 'ERR_ASSERTION_CERTIFICATE_SUBJECT';
}

// --- the client assertion: signature and claims ---

export class AssertionSignatureMissingError extends HubError {
  static override code = 'ERR_ASSERTION_SIGNATURE_MISSING';
}
export class AssertionSignatureInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_SIGNATURE_INVALID';
}
/** The payload is not a JSON object, or a registered claim has the wrong type. */
export class AssertionClaimsInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_CLAIMS_INVALID';
}
/** `iss` is not the credit code in the certificate. */
export class AssertionIssuerMismatchError extends HubError {
  static override code = 'ERR_ASSERTION_ISSUER_MISMATCH';
}
/** `sub` differs from `iss` (RFC 7523 §3: for client authentication both name the client). */
export class AssertionSubjectMismatchError extends HubError {
  static override code = 'ERR_ASSERTION_SUBJECT_MISMATCH';
}
export class AssertionAudienceInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_AUDIENCE_INVALID';
}
export class AssertionExpiryMissingError extends HubError {
  static override code = 'ERR_ASSERTION_EXPIRY_MISSING';
}
export class AssertionExpiredError extends HubError {
  static override code = 'ERR_ASSERTION_EXPIRED';
}
/** `exp` further ahead than the hub remembers identifiers for: replay protection could not hold. */
export class AssertionExpiryTooFarError extends HubError {
  static override code = 'ERR_ASSERTION_EXPIRY_TOO_FAR';
}
/** `nbf` or `iat` in the future beyond the allowed clock skew. */
export class AssertionNotYetValidError extends HubError {
  static override code = 'ERR_ASSERTION_NOT_YET_VALID';
}
export class AssertionJtiMissingError extends HubError {
  static override code = 'ERR_ASSERTION_JTI_MISSING';
}
/** `jti` not a string or longer than 256 characters. */
export class AssertionJtiInvalidError extends HubError {
  static override code = 'ERR_ASSERTION_JTI_INVALID';
}
export class AssertionReplayedError extends HubError {
  static override code = 'ERR_ASSERTION_REPLAYED';
}

// --- hub access tokens (bearer credentials, hence InvalidTokenError) ---

export class AccessTokenInvalidError extends InvalidTokenError {
  static override code = 'ERR_ACCESS_TOKEN_INVALID';
}
export class AccessTokenExpiredError extends InvalidTokenError {
  static override code = 'ERR_ACCESS_TOKEN_EXPIRED';
}
/** The certificate the token was issued for has been revoked or suspended since. */
export class AccessTokenRevokedError extends InvalidTokenError {
  static override code = 'ERR_ACCESS_TOKEN_REVOKED';
}
