/**
 * @module core/verification/verification-errors
 */
import { HubError } from '../errors.js';

/** A printed number matches licences of several types (or issuers): the caller must say which. */
export class LicenseAmbiguousError extends HubError {
  static override code = 'ERR_LICENSE_AMBIGUOUS';
}

/** Too many verifications from one user or department; `extra.retryAfter` seconds. */
export class VerificationRateLimitedError extends HubError {
  static override code = 'ERR_VERIFICATION_RATE_LIMITED';
  override readonly retriable = true;
}

/**
 * Too many failed holder checks by one caller, or on one licence: someone may be guessing whose
 * licence it is. Refused until the window ends (`extra.retryAfter` seconds).
 */
export class HolderChecksLimitedError extends HubError {
  static override code = 'ERR_HOLDER_CHECKS_LIMITED';
  override readonly retriable = true;
}

export class VerificationBatchTooLargeError extends HubError {
  static override code = 'ERR_VERIFICATION_BATCH_TOO_LARGE';
}
