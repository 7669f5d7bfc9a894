/**
 * @module core/seals/seal-errors
 * Failures of a sealed object (licence, status change, document) as submitted or presented: the
 * JWS itself. Failures of the seal certificate's path keep their own `ERR_CERT_*` / `ERR_CRL_*`
 * codes from path validation.
 */
import { HubError } from '../errors.js';

/** Not a compact JWS at all: wrong number of parts, bad base64url, header not a JSON object, too large. */
export class SealedJwsMalformedError extends HubError {
  static override code = 'ERR_JWS_MALFORMED';
}

/** `alg` outside the pinned set (ES256, ES384, EdDSA) or not matching the seal key. */
export class SealedJwsAlgorithmError extends HubError {
  static override code = 'ERR_JWS_ALGORITHM';
}

/** `typ` is not the one this endpoint takes (e.g. a status change sent as a licence). */
export class SealedJwsTypeError extends HubError {
  static override code = 'ERR_JWS_TYPE';
}

/** `jku`, `x5u`, `jwk` or `crit` present: the hub never fetches or trusts keys named by the sender. */
export class SealedJwsHeaderForbiddenError extends HubError {
  static override code = 'ERR_JWS_HEADER_FORBIDDEN';
}

export class SealedJwsCertificateMissingError extends HubError {
  static override code = 'ERR_JWS_X5C_MISSING';
}

/** The signature does not verify with the seal certificate's key: the content was altered. */
export class SealedJwsSignatureError extends HubError {
  static override code = 'ERR_JWS_SIGNATURE_INVALID';
}

/** The payload is not a JSON object in UTF-8, or a string in it holds NUL or a lone surrogate. */
export class SealedJwsPayloadError extends HubError {
  static override code = 'ERR_JWS_PAYLOAD_INVALID';
}

/**
 * The header or payload names one member twice: parsers disagree on which one counts, so the same
 * sealed bytes could mean two things (core/json/strict-json).
 */
export class SealedJwsDuplicateMemberError extends HubError {
  static override code = 'ERR_JWS_DUPLICATE_MEMBER';
}

/** A refusal of the seal itself — forged, broken, or its certificate unknown, revoked or suspended: worth an audit entry. */
export function isSealRefusal(error: unknown): error is HubError {
  return error instanceof HubError && /^ERR_(JWS|CERT|CRL)_/.test(error.code);
}
