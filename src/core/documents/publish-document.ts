/**
 * @module core/documents/publish-document
 * Use case: a department system registers a document it sealed (`POST /v1/documents`): verify the
 * seal now → validate the record against its contract → one department behind seal, issuer and
 * caller → the file, when sent, is the sealed one → store. Publishing is idempotent: the same
 * sealed content again answers the record already kept, different content under a kept 文号 is a
 * conflict.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { DocumentRecord } from '../payloads/document-record.js';
import { checkPayloadIdentifiers } from '../contracts/payload-identifiers.js';
import { PayloadTooLargeError, ValidationError } from '../errors.js';
import type { DocumentRepository } from '../ports/document-repository.js';
import type { SealVerifier, VerifiedSeal } from '../ports/seal-verifier.js';
import { DOCUMENT_TYP, MAX_DOCUMENT_FILE_BYTES, type DocumentFile, type StoredDocument } from './document.js';
import { DocumentConflictError, DocumentFileMismatchError, DocumentIssuerMismatchError } from './document-errors.js';

export interface PublishDocumentDeps {
  documents: DocumentRepository;
  contracts: Pick<ContractRegistry, 'validate'>;
  /** Checks the seal's path now, revocation included. */
  seals: SealVerifier;
  /** Throws a coded error unless the department exists and is active. */
  assertActiveDepartment(uscc: string): Promise<unknown>;
  now(): Date;
}

export interface PublishDocumentInput {
  jws: string;
  file?: DocumentFile | undefined;
}

export interface PublishedDocument {
  /** False when the document was registered before (this JWS, or the same sealed content). */
  created: boolean;
  id: string;
  docNo: string;
  issuer: DocumentRecord['issuer'];
  sha256: string;
  /** Whether the hub keeps the file itself. */
  stored: boolean;
}

export async function publishDocument(
  deps: PublishDocumentDeps,
  caller: Principal,
  input: PublishDocumentInput,
): Promise<PublishedDocument> {
  const at = deps.now();
  assertFileSize(input.file);
  const sealed = await deps.seals.verify(input.jws, { typ: DOCUMENT_TYP, at });
  const record = validRecord(deps.contracts, sealed.payload);
  assertOneDepartment(caller, sealed, record);
  await deps.assertActiveDepartment(record.issuer.uscc);
  if (input.file && sha256Hex(input.file.bytes) !== record.sha256) {
    throw new DocumentFileMismatchError('the SHA-256 of the uploaded file is not the sha256 sealed in the record', {
      extra: { sealed: record.sha256 },
    });
  }

  const { inserted, document } = await deps.documents.insert(
    {
      id: randomUUID(),
      ...record,
      jws: input.jws,
      digest: sealed.digest,
      sealSerial: sealed.seal.serial,
      createdAt: at,
    },
    input.file,
  );
  if (!inserted && document.digest !== sealed.digest && !sameContent(document, record)) {
    throw new DocumentConflictError(`${record.issuer.name} already registered ${record.docNo} with different content`, {
      extra: { id: document.id },
    });
  }
  let stored = document.fileStored;
  // A retry that brings the file a first publication left out completes the record: the file is
  // bound to it by the sealed hash, so nothing sealed changes.
  if (!inserted && !stored && input.file) {
    await deps.documents.attachFile(document.id, input.file);
    stored = true;
  }
  return { created: inserted, id: document.id, docNo: document.docNo, issuer: document.issuer, sha256: document.sha256, stored };
}

export function sha256Hex(bytes: Uint8Array): string {
  return createHash('sha256').update(bytes).digest('hex');
}

export function assertFileSize(file: { bytes: Uint8Array } | undefined): void {
  if (file && file.bytes.byteLength > MAX_DOCUMENT_FILE_BYTES) {
    throw new PayloadTooLargeError(`a document file may have at most ${MAX_DOCUMENT_FILE_BYTES} bytes`, {
      extra: { limitBytes: MAX_DOCUMENT_FILE_BYTES },
    });
  }
}

function validRecord(contracts: Pick<ContractRegistry, 'validate'>, payload: Record<string, unknown>): DocumentRecord {
  const errors = contracts.validate(ContractIds.document, payload);
  if (errors.length === 0) errors.push(...checkPayloadIdentifiers(payload));
  if (errors.length > 0) throw new ValidationError('the sealed document record does not match its contract', { errors });
  const { docNo, title, issuer, issuedAt, sha256 } = payload as unknown as DocumentRecord;
  return { docNo, title, issuer: { uscc: issuer.uscc, name: issuer.name }, issuedAt, sha256 };
}

/** Only a department's own systems may register what that department sealed, in its own name. */
function assertOneDepartment(caller: Principal, sealed: VerifiedSeal, record: DocumentRecord): void {
  if (sealed.seal.uscc === record.issuer.uscc && caller.department === record.issuer.uscc) return;
  throw new DocumentIssuerMismatchError('the sealing department, the record issuer and the calling department must be the same', {
    extra: { seal: sealed.seal.uscc, issuer: record.issuer.uscc, caller: caller.department ?? null },
  });
}

/** Same sealed facts under a new signature (ECDSA re-signs differently): a retry, not a conflict. */
function sameContent(kept: StoredDocument, record: DocumentRecord): boolean {
  return (
    kept.docNo === record.docNo &&
    kept.title === record.title &&
    kept.issuer.uscc === record.issuer.uscc &&
    kept.issuer.name === record.issuer.name &&
    kept.issuedAt === record.issuedAt &&
    kept.sha256 === record.sha256
  );
}
