/**
 * @module core/documents/document-service
 * The document use cases behind one factory, as the routes see them: publish and verify (their
 * own modules), and reading a record or its file — only the issuing department's systems and
 * security admins read those; anyone authenticated may verify.
 */
import type { Principal } from '../auth/principal.js';
import { ForbiddenError } from '../errors.js';
import type { DocumentFile, StoredDocument } from './document.js';
import { DocumentFileNotStoredError, DocumentNotFoundError } from './document-errors.js';
import { publishDocument, type PublishDocumentDeps, type PublishDocumentInput, type PublishedDocument } from './publish-document.js';
import { verifyDocument, type DocumentVerification, type VerifyDocumentDeps, type VerifyDocumentInput } from './verify-document.js';

export type DocumentServiceDeps = PublishDocumentDeps & VerifyDocumentDeps;

export interface DocumentService {
  publish(caller: Principal, input: PublishDocumentInput): Promise<PublishedDocument>;
  verify(input: VerifyDocumentInput): Promise<DocumentVerification>;
  get(caller: Principal, id: string): Promise<StoredDocument>;
  file(caller: Principal, id: string): Promise<DocumentFile>;
}

export function createDocumentService(deps: DocumentServiceDeps): DocumentService {
  async function get(caller: Principal, id: string): Promise<StoredDocument> {
    const document = await deps.documents.find(id);
    if (!document) throw new DocumentNotFoundError(`no document with id ${id}`);
    if (caller.role !== 'security-admin' && caller.department !== document.issuer.uscc) {
      throw new ForbiddenError("only the issuing department's systems may read this record; verify it instead");
    }
    return document;
  }

  return {
    publish: (caller, input) => publishDocument(deps, caller, input),
    verify: (input) => verifyDocument(deps, input),
    get,
    async file(caller, id) {
      const document = await get(caller, id);
      const file = document.fileStored ? await deps.documents.file(document.id) : undefined;
      if (!file) throw new DocumentFileNotStoredError(`document ${document.docNo} was registered without its file`);
      return file;
    },
  };
}
