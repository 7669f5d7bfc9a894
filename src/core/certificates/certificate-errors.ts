/**
 * @module core/certificates/certificate-errors
 */
import { HubError } from '../errors.js';

export class CertificateNotFoundError extends HubError {
  static override code = 'ERR_CERTIFICATE_NOT_FOUND';
}

/** The requested change does not apply in the certificate's state (e.g. revoking a revoked one). */
export class CertificateStateError extends HubError {
  static override code = 'ERR_CERTIFICATE_STATE';
}

export class SealImageInvalidError extends HubError {
  static override code = 'ERR_SEAL_IMAGE_INVALID';
}
