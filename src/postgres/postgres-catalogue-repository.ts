/**
 * @module postgres/postgres-catalogue-repository
 * Item versions in `catalogue_items`; partial unique indexes keep one draft and one publication per
 * item, and a publication moves the previous one to `superseded` in the same transaction.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { CatalogueVersion, ItemState, ServiceItem } from '../core/catalogue/service-item.js';
import type { CatalogueRepository } from '../core/ports/catalogue-repository.js';
import type { Sql } from './database.js';
import { appendWith, type AuditAppender } from './postgres-audit-log.js';

interface Row {
  code: string;
  version: number;
  state: ItemState;
  body: ServiceItem;
  saved_at: Date;
  published_at: Date | null;
}

const toVersion = (row: Row): CatalogueVersion => ({
  item: row.body,
  version: row.version,
  state: row.state,
  savedAt: row.saved_at,
  publishedAt: row.published_at ?? undefined,
});

export class PostgresCatalogueRepository implements CatalogueRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditAppender,
  ) {}

  saveDraft(item: ServiceItem, by: string, audit: readonly AuditEntry[]): Promise<number> {
    return this.sql.begin(async (tx) => {
      // Serialise drafts of one item: two editors saving at once must not both insert a draft.
      await tx`select pg_advisory_xact_lock(hashtext(${`catalogue:${item.code}`}))`;
      const [draft] = await tx<{ version: number }[]>`
        update catalogue_items set body = ${tx.json(item as never)}, saved_by = ${by}, saved_at = now()
        where code = ${item.code} and state = 'draft' returning version`;
      let version = draft?.version;
      if (version === undefined) {
        const [row] = await tx<{ version: number }[]>`
          insert into catalogue_items (code, version, state, body, saved_by)
          select ${item.code}, coalesce(max(version), 0) + 1, 'draft', ${tx.json(item as never)}, ${by}
          from catalogue_items where code = ${item.code} returning version`;
        version = (row as { version: number }).version;
      }
      await appendWith(
        this.audit,
        tx,
        audit.map((e) => ({ ...e, details: { ...e.details, version } })),
      );
      return version;
    }) as Promise<number>;
  }

  publish(code: string, by: string, audit: (version: number) => readonly AuditEntry[]): Promise<number | undefined> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(hashtext(${`catalogue:${code}`}))`;
      const [draft] = await tx<{ version: number }[]>`select version from catalogue_items where code = ${code} and state = 'draft'`;
      if (!draft) return undefined;
      await tx`update catalogue_items set state = 'superseded' where code = ${code} and state = 'published'`;
      await tx`
        update catalogue_items set state = 'published', published_by = ${by}, published_at = now()
        where code = ${code} and version = ${draft.version}`;
      await appendWith(this.audit, tx, audit(draft.version));
      return draft.version;
    }) as Promise<number | undefined>;
  }

  async published(code: string): Promise<CatalogueVersion | undefined> {
    const [row] = await this.sql<Row[]>`select * from catalogue_items where code = ${code} and state = 'published'`;
    return row && toVersion(row);
  }

  async version(code: string, version: number): Promise<CatalogueVersion | undefined> {
    const [row] = await this.sql<Row[]>`select * from catalogue_items where code = ${code} and version = ${version}`;
    return row && toVersion(row);
  }

  async listPublished(): Promise<CatalogueVersion[]> {
    return (await this.sql<Row[]>`select * from catalogue_items where state = 'published' order by code`).map(toVersion);
  }

  async listDrafts(): Promise<CatalogueVersion[]> {
    return (await this.sql<Row[]>`select * from catalogue_items where state = 'draft' order by code`).map(toVersion);
  }
}
