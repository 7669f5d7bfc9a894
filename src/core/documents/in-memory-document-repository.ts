/**
 * @module core/documents/in-memory-document-repository
 * The document store for unit tests; the contract suite holds it to the same behaviour as the
 * PostgreSQL adapter.
 */
import type { DocumentRepository, NewDocument } from '../ports/document-repository.js';
import type { DocumentFile, StoredDocument } from './document.js';

export class InMemoryDocumentRepository implements DocumentRepository {
  private readonly records = new Map<string, NewDocument>();
  private readonly files = new Map<string, DocumentFile>();

  async insert(document: NewDocument, file: DocumentFile | undefined): Promise<{ inserted: boolean; document: StoredDocument }> {
    const holder = [...this.records.values()].find(
      (d) => (d.issuer.uscc === document.issuer.uscc && d.docNo === document.docNo) || d.digest === document.digest,
    );
    if (holder) return { inserted: false, document: this.stored(holder) };
    this.records.set(document.id, structuredClone(document));
    if (file) this.files.set(document.id, file);
    return { inserted: true, document: this.stored(document) };
  }

  async attachFile(id: string, file: DocumentFile): Promise<boolean> {
    if (!this.records.has(id) || this.files.has(id)) return false;
    this.files.set(id, file);
    return true;
  }

  async find(id: string): Promise<StoredDocument | undefined> {
    const record = this.records.get(id);
    return record && this.stored(record);
  }

  async findByNumber(docNo: string, issuer?: string): Promise<StoredDocument[]> {
    return [...this.records.values()]
      .filter((d) => d.docNo === docNo && (issuer === undefined || d.issuer.uscc === issuer))
      .sort((a, b) => a.issuer.uscc.localeCompare(b.issuer.uscc))
      .map((d) => this.stored(d));
  }

  async file(id: string): Promise<DocumentFile | undefined> {
    return this.files.get(id);
  }

  private stored(record: NewDocument): StoredDocument {
    return { ...structuredClone(record), fileStored: this.files.has(record.id) };
  }
}
