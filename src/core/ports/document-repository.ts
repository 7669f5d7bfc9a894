/**
 * @module core/ports/document-repository
 * Where sealed document records and their files are kept. A 文号 is unique per issuer, so racing
 * publications of one document resolve in the store: one insert wins, the other reads the winner.
 */
import type { DocumentFile, StoredDocument } from '../documents/document.js';

export type NewDocument = Omit<StoredDocument, 'fileStored'>;

export interface DocumentRepository {
  /**
   * Inserts the record (and its file, atomically) unless its issuer already holds the 文号; either
   * way answers the record that now holds it.
   */
  insert(document: NewDocument, file: DocumentFile | undefined): Promise<{ inserted: boolean; document: StoredDocument }>;
  /** Keeps the file of a record registered without one; `false` when a file is kept already. */
  attachFile(id: string, file: DocumentFile): Promise<boolean>;
  find(id: string): Promise<StoredDocument | undefined>;
  /** The records with this 文号: every issuer's, or only the named issuer's (at most a few dozen). */
  findByNumber(docNo: string, issuer?: string): Promise<StoredDocument[]>;
  file(id: string): Promise<DocumentFile | undefined>;
}
