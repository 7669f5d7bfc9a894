/**
 * @module core/licenses/license-errors
 */
import { HubError } from '../errors.js';

export class LicenseNotFoundError extends HubError {
  static override code = 'ERR_LICENSE_NOT_FOUND';
}

export class LicenseTypeUnknownError extends HubError {
  static override code = 'ERR_LICENSE_TYPE_UNKNOWN';
}

/** The same identifier already holds different sealed content (and this is not a replacement). */
export class LicenseConflictError extends HubError {
  static override code = 'ERR_LICENSE_CONFLICT';
}

/** The sealing department, the payload's issuer and the caller's department are not one and the same. */
export class IssuerMismatchError extends HubError {
  static override code = 'ERR_ISSUER_MISMATCH';
}

/** The department has not been granted the right to issue this licence type. */
export class IssuingRightMissingError extends HubError {
  static override code = 'ERR_NO_ISSUING_RIGHT';
}

/** A lifecycle move that is not allowed, e.g. revoked → valid. */
export class LicenseTransitionError extends HubError {
  static override code = 'ERR_LICENSE_TRANSITION';
}

/** A sealed status change applied to the licence before, submitted again (a replay). */
export class StatusChangeReplayedError extends HubError {
  static override code = 'ERR_STATUS_CHANGE_REPLAYED';
}

/**
 * A stored licence row fails its MAC: it was changed behind the hub's back. Nothing is written on
 * top of it (a status change would otherwise MAC the forged facts anew).
 */
export class RecordAlteredError extends HubError {
  static override code = 'ERR_RECORD_ALTERED';
}

/** A replacement names a licence that cannot be replaced by it (other type, issuer or number, or not current). */
export class LicenseReplacementError extends HubError {
  static override code = 'ERR_LICENSE_REPLACEMENT';
}

/** A Kafka submission without a usable `message-id` header. */
export class SubmissionHeaderError extends HubError {
  static override code = 'ERR_SUBMISSION_HEADER';
}
