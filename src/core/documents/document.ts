/**
 * @module core/documents/document
 * A sealed document record (批准文书) as the hub keeps it: the contract's fields, the JWS they came
 * in (the proof), which seal made it, when the hub accepted it, and whether the file itself is kept.
 */
import type { DocumentRecord } from '../payloads/document-record.js';

export const DOCUMENT_TYP = 'zz-document+jws';

/** Largest file the hub keeps or hashes for a document (批准文书 are scans and PDFs, not archives). */
export const MAX_DOCUMENT_FILE_BYTES = 20 * 1024 * 1024;

export interface DocumentFile {
  bytes: Uint8Array;
  /** As uploaded; only used to name the download. */
  name: string | undefined;
  mediaType: string | undefined;
}

export interface StoredDocument extends DocumentRecord {
  id: string;
  /** The compact JWS as submitted. */
  jws: string;
  /** SHA-256 of the compact JWS, hex: the identity of the submission. */
  digest: string;
  /** Lower-case hex serial of the seal certificate. */
  sealSerial: string;
  /**
   * When the hub verified and accepted the seal. It stands in for a trusted timestamp: the issuer
   * check is judged at this instant, never at the `issuedAt` the issuer wrote itself.
   */
  createdAt: Date;
  fileStored: boolean;
}

/** The part of a record any verifier may see. */
export function publicSummary(document: StoredDocument) {
  return { docNo: document.docNo, title: document.title, issuer: document.issuer, issuedAt: document.issuedAt };
}
