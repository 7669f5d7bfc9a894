/**
 * @module postgres/postgres-document-repository
 * Document records and their files. The record and its file are written in one transaction; a
 * 文号 already held by its issuer makes the insert a no-op that reads the holder instead.
 */
import type { DocumentFile, StoredDocument } from '../core/documents/document.js';
import type { DocumentRepository, NewDocument } from '../core/ports/document-repository.js';
import type { PendingQuery } from 'postgres';
import type { Sql, TransactionSql } from './database.js';

interface Row {
  id: string;
  issuer: string;
  issuer_name: string;
  doc_no: string;
  title: string;
  issued_at: string;
  sha256: string;
  jws: string;
  digest: string;
  seal_serial: string;
  created_at: Date;
  file_stored: boolean;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** More issuers than this sharing one 文号 is not a county; the caller must name the issuer anyway. */
const MAX_BY_NUMBER = 50;

const toDocument = (row: Row): StoredDocument => ({
  id: row.id,
  docNo: row.doc_no,
  title: row.title,
  issuer: { uscc: row.issuer, name: row.issuer_name },
  issuedAt: row.issued_at,
  sha256: row.sha256,
  jws: row.jws,
  digest: row.digest,
  sealSerial: row.seal_serial,
  createdAt: row.created_at,
  fileStored: row.file_stored,
});

export class PostgresDocumentRepository implements DocumentRepository {
  constructor(private readonly sql: Sql) {}

  async insert(document: NewDocument, file: DocumentFile | undefined): Promise<{ inserted: boolean; document: StoredDocument }> {
    return this.sql.begin(async (tx) => {
      const inserted = await tx`
        insert into documents (id, issuer, issuer_name, doc_no, title, issued_at, sha256, jws, digest, seal_serial, created_at)
        values (${document.id}, ${document.issuer.uscc}, ${document.issuer.name}, ${document.docNo}, ${document.title},
                ${document.issuedAt}, ${document.sha256}, ${document.jws}, ${document.digest}, ${document.sealSerial},
                ${document.createdAt})
        on conflict do nothing returning id`;
      if (inserted.length === 1 && file) await insertFile(tx, document.id, file);
      const [row] = await selectDocuments(tx, tx`where d.issuer = ${document.issuer.uscc} and d.doc_no = ${document.docNo}`);
      return { inserted: inserted.length === 1, document: toDocument(row as Row) };
    });
  }

  async attachFile(id: string, file: DocumentFile): Promise<boolean> {
    return (await insertFile(this.sql, id, file)) === 1;
  }

  async find(id: string): Promise<StoredDocument | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await selectDocuments(this.sql, this.sql`where d.id = ${id}`);
    return row && toDocument(row);
  }

  async findByNumber(docNo: string, issuer?: string): Promise<StoredDocument[]> {
    const rows = await selectDocuments(
      this.sql,
      this.sql`where d.doc_no = ${docNo} and (${issuer ?? null}::text is null or d.issuer = ${issuer ?? null})
               order by d.issuer limit ${MAX_BY_NUMBER}`,
    );
    return rows.map(toDocument);
  }

  async file(id: string): Promise<DocumentFile | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.sql<{ content: Buffer; name: string | null; media_type: string | null }[]>`
      select content, name, media_type from document_files where document_id = ${id}`;
    return row && { bytes: new Uint8Array(row.content), name: row.name ?? undefined, mediaType: row.media_type ?? undefined };
  }
}

/** The records with whether a file is kept, narrowed by a `where …` fragment. */
function selectDocuments(sql: Sql | TransactionSql, filter: PendingQuery<Row[]>) {
  return sql<Row[]>`
    select d.*, exists (select 1 from document_files f where f.document_id = d.id) as file_stored
    from documents d ${filter}`;
}

async function insertFile(sql: Sql | TransactionSql, id: string, file: DocumentFile): Promise<number> {
  const rows = await sql`
    insert into document_files (document_id, content, size, name, media_type)
    values (${id}, ${Buffer.from(file.bytes.buffer, file.bytes.byteOffset, file.bytes.byteLength)}, ${file.bytes.byteLength},
            ${file.name ?? null}, ${file.mediaType ?? null})
    on conflict do nothing returning document_id`;
  return rows.length;
}
