/**
 * @module core/documents/verify-document
 * Use case: anyone authenticated checks a document by 文号 and hash, or by the file itself
 * (`POST /v1/documents/verify`). As with licences, each check is reported on its own, so a clerk
 * sees why a document fails:
 *
 * - integrity — the kept JWS still verifies and still says what the kept record says;
 * - issuer — the seal certificate's path was valid when the hub accepted the document, and the
 *   seal has not since been revoked because its key was compromised;
 * - content — the presented hash is the sealed one.
 */
import { HubError, ValidationError } from '../errors.js';
import type { DocumentRepository } from '../ports/document-repository.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { DOCUMENT_TYP, publicSummary, type StoredDocument } from './document.js';
import {
  DocumentAmbiguousError,
  DocumentHashMismatchError,
  DocumentNotFoundError,
  DocumentRecordMismatchError,
} from './document-errors.js';
import { assertFileSize, sha256Hex } from './publish-document.js';

export interface VerifyDocumentDeps {
  documents: DocumentRepository;
  /** Verifies the kept JWS's signature (integrity); the seal's path is the issuer check's. */
  sealHistory: SealVerifier;
  /**
   * The issuer check shared with licences (pki/seal-at-issuance): the seal's path as of
   * `createdAt`, and no revocation since for key or CA compromise.
   */
  checkIssuer(sealed: { jws: string; sealSerial: string; createdAt: Date }): Promise<DocumentCheck>;
}

export interface VerifyDocumentInput {
  docNo: string;
  /** The issuer's credit code, needed when several issuers use the same 文号. */
  issuer?: string | undefined;
  sha256?: string | undefined;
  /** The file as presented; the hub hashes it. */
  file?: Uint8Array | undefined;
}

export interface DocumentCheck {
  ok: boolean;
  code?: string;
  detail?: string;
}

export interface DocumentVerification {
  result: 'valid' | 'invalid' | 'not_found';
  checks: { integrity: DocumentCheck; issuer: DocumentCheck; content: DocumentCheck };
  document?: ReturnType<typeof publicSummary>;
}

const HEX_64 = /^[0-9a-f]{64}$/;

export async function verifyDocument(deps: VerifyDocumentDeps, input: VerifyDocumentInput): Promise<DocumentVerification> {
  assertFileSize(input.file && { bytes: input.file });
  const presented = input.file ? sha256Hex(input.file) : input.sha256?.toLowerCase();
  if (presented === undefined || !HEX_64.test(presented)) {
    throw new ValidationError('give the sha256 of the file (64 hex digits) or upload the file', {
      errors: [{ pointer: '/sha256', detail: 'must be 64 hex digits, or send the file instead' }],
    });
  }
  const found = await deps.documents.findByNumber(input.docNo, input.issuer);
  if (found.length > 1) {
    throw new DocumentAmbiguousError(`several issuers use ${input.docNo}: name the issuer`, {
      extra: { issuers: found.map((d) => d.issuer) },
    });
  }
  const document = found[0];
  if (!document) return notFound(input.docNo);

  const integrity = await checkIntegrity(deps, document);
  const issuer = await deps.checkIssuer({ jws: document.jws, sealSerial: document.sealSerial, createdAt: document.createdAt });
  // Compare with what the seal says when it still verifies; the kept column otherwise.
  const sealed = integrity.sha256 ?? document.sha256;
  const content =
    presented === sealed ? { ok: true } : failed(new DocumentHashMismatchError('the file or hash presented is not the one sealed'));
  const checks = { integrity: integrity.check, issuer, content };
  return {
    result: checks.integrity.ok && checks.issuer.ok && checks.content.ok ? 'valid' : 'invalid',
    checks,
    document: publicSummary(document),
  };
}

async function checkIntegrity(deps: VerifyDocumentDeps, document: StoredDocument): Promise<{ check: DocumentCheck; sha256?: string }> {
  try {
    const { payload, seal } = await deps.sealHistory.verify(document.jws, { typ: DOCUMENT_TYP, at: document.createdAt, checkPath: false });
    if (seal.serial !== document.sealSerial || !matchesRecord(payload, document)) {
      return { check: failed(new DocumentRecordMismatchError('the kept record differs from its sealed content')) };
    }
    return { check: { ok: true }, sha256: payload.sha256 as string };
  } catch (error) {
    return { check: failed(error) };
  }
}

function matchesRecord(payload: Record<string, unknown>, document: StoredDocument): boolean {
  const issuer = payload.issuer as Record<string, unknown> | undefined;
  return (
    payload.docNo === document.docNo &&
    payload.title === document.title &&
    payload.issuedAt === document.issuedAt &&
    payload.sha256 === document.sha256 &&
    issuer?.uscc === document.issuer.uscc &&
    issuer?.name === document.issuer.name
  );
}

/** A coded failure becomes a check result; anything else (the database gone) is not a verdict. */
function failed(error: unknown): DocumentCheck {
  if (!(error instanceof HubError)) throw error;
  return { ok: false, code: error.code, detail: error.detail };
}

function notFound(docNo: string): DocumentVerification {
  const check = failed(new DocumentNotFoundError(`no document ${docNo} is registered`));
  return { result: 'not_found', checks: { integrity: check, issuer: check, content: check } };
}
