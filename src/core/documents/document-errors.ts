/**
 * @module core/documents/document-errors
 * Failures of sealed documents (批准文书). The verification check codes (hash, record, compromised
 * seal) are classes too, so a check result and a thrown error always speak the same codes.
 */
import { HubError } from '../errors.js';

export class DocumentNotFoundError extends HubError {
  static override code = 'ERR_DOCUMENT_NOT_FOUND';
}

/** The issuer already registered this 文号 with different sealed content. */
export class DocumentConflictError extends HubError {
  static override code = 'ERR_DOCUMENT_CONFLICT';
}

/** The sealing department, the payload's issuer and the caller's department are not one and the same. */
export class DocumentIssuerMismatchError extends HubError {
  static override code = 'ERR_DOCUMENT_ISSUER_MISMATCH';
}

/** The uploaded file's SHA-256 is not the one sealed in the record. */
export class DocumentFileMismatchError extends HubError {
  static override code = 'ERR_DOCUMENT_FILE_MISMATCH';
}

/** Verification by 文号 alone matched documents of several issuers: the caller must name one. */
export class DocumentAmbiguousError extends HubError {
  static override code = 'ERR_DOCUMENT_AMBIGUOUS';
}

/** The document was registered without its file, so there is nothing to download. */
export class DocumentFileNotStoredError extends HubError {
  static override code = 'ERR_DOCUMENT_FILE_NOT_STORED';
}

/** Content check: the presented hash (or the uploaded file's) differs from the sealed one. */
export class DocumentHashMismatchError extends HubError {
  static override code = 'ERR_DOCUMENT_HASH_MISMATCH';
}

/** Integrity check: the stored record no longer says what its sealed JWS says. */
export class DocumentRecordMismatchError extends HubError {
  static override code = 'ERR_DOCUMENT_RECORD_MISMATCH';
}
