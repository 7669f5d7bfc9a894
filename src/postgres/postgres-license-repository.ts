/**
 * @module postgres/postgres-license-repository
 * Licences and their history. Inserts are multi-row with `on conflict do nothing`,
 * so a batch of thousands is one statement and a resubmission or a race between instances is an
 * outcome, not an error. Every row is written with its MAC (`license-row.ts`), and every status
 * change re-MACs the row it locked — after checking the old MAC, so forged facts are never signed.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { LicenseStatus, NationalStatusCode } from '../core/licenses/license.js';
import { RecordAlteredError } from '../core/licenses/license-errors.js';
import { currentRowIntegrity, signRow, type LicenseFacts, type StoredLicense } from '../core/licenses/license-row-mac.js';
import type {
  HistoryEntry,
  InsertOutcome,
  LicenseRepository,
  LicenseTransaction,
  NewLicense,
  OutboxEntry,
  StatusUpdate,
} from '../core/ports/license-repository.js';
import type { RowMacKeys, RowMacTag } from '../core/ports/row-mac-keys.js';
import type { Sql, TransactionSql } from './database.js';
import {
  FACT_COLUMNS,
  FULL_COLUMNS,
  LICENSE_ROW_COLUMNS,
  licenseRow,
  type LicenseRowColumn,
  toFacts,
  toStored,
  type FactsRow,
  type FullRow,
} from './license-row.js';
import { writeOutbox } from './outbox.js';
import { appendWith, type AuditAppender } from './postgres-audit-log.js';
import { multiRowInsert, type ColumnType } from './multi-row-insert.js';

/** New licence rows as `licenseRow` builds them; the payload goes as the JSON text it was sealed as. */
const INSERT_LICENSES = multiRowInsert(
  'licenses',
  Object.fromEntries(LICENSE_ROW_COLUMNS.map((c) => [c, c === 'payload' ? 'jsonb' : 'text'])) as Record<LicenseRowColumn, ColumnType>,
  'on conflict do nothing returning id',
);

const INSERT_HISTORY = multiRowInsert('license_history', {
  license_id: 'text',
  revision: 'integer',
  status: 'text',
  previous: 'text',
  reason: 'text',
  national_code: 'text',
  jws: 'text',
  actor: 'text',
  at: 'timestamptz',
});

class PostgresLicenseTransaction implements LicenseTransaction {
  /** What `lock` read, checked: `updateStatus` MACs the changed row from it. */
  private readonly locked = new Map<string, StoredLicense>();

  constructor(
    private readonly tx: TransactionSql,
    private readonly audit: AuditAppender | undefined,
    private readonly keys: RowMacKeys,
  ) {}

  async insert(licenses: readonly NewLicense[]): Promise<Map<string, InsertOutcome>> {
    const tx = this.tx;
    const at = new Date();
    const inserted = await INSERT_LICENSES.run<{ id: string }>(
      tx,
      licenses.map((l) => licenseRow(l, this.keys, at)),
    );
    const outcomes = new Map<string, InsertOutcome>(inserted.map((r) => [r.id, { created: true }]));
    const missing = licenses.map((l) => l.id).filter((id) => !outcomes.has(id));
    if (missing.length > 0) {
      const existing = await tx<{ id: string; digest: string }[]>`select id, digest from licenses where id = any(${missing}::text[])`;
      for (const row of existing) outcomes.set(row.id, { created: false, existingDigest: row.digest });
    }
    return outcomes;
  }

  async lockSealStatuses(serials: readonly string[]): Promise<Map<string, 'valid' | 'suspended' | 'revoked'>> {
    if (serials.length === 0) return new Map();
    const rows = await this.tx<{ serial: string; status: 'valid' | 'suspended' | 'revoked' }[]>`
      select serial, status from certificates where serial = any(${[...serials]}::text[]) for share`;
    return new Map(rows.map((r) => [r.serial, r.status]));
  }

  history(id: string): Promise<HistoryEntry[]> {
    return readHistory(this.tx, id);
  }

  async lock(id: string): Promise<StoredLicense | undefined> {
    const [row] = await this.tx<FullRow[]>`select ${this.tx.unsafe(FULL_COLUMNS)} from licenses where id = ${id} for update`;
    return row && (await this.checked(toStored(row)));
  }

  async lockLatestOfLineage(lineage: string): Promise<StoredLicense | undefined> {
    const [row] = await this.tx<FullRow[]>`
      select ${this.tx.unsafe(FULL_COLUMNS)} from licenses where lineage = ${lineage} order by id_version desc limit 1 for update`;
    return row && (await this.checked(toStored(row)));
  }

  /**
   * A row with a failing MAC is refused. One without a MAC (stored before rows had one) is taken as
   * it is, as every verification of it re-checks the seal until the sweep has MACed it.
   */
  private async checked(license: StoredLicense): Promise<StoredLicense> {
    if ((await currentRowIntegrity(this.keys, license)) === 'altered') {
      throw new RecordAlteredError('the stored licence was altered outside the hub and fails its integrity check; it cannot be changed');
    }
    this.locked.set(license.id, license);
    return license;
  }

  async updateStatus(id: string, update: StatusUpdate): Promise<void> {
    const before = this.locked.get(id);
    if (!before) throw new TypeError(`updateStatus(${id}) needs the licence locked in this transaction first`);
    const after: StoredLicense = {
      ...before,
      status: update.status,
      revision: update.revision,
      replacedBy: update.replacedBy ?? before.replacedBy,
      updatedAt: update.at,
    };
    const tag = signRow(this.keys, after);
    await this.tx`
      update licenses set status = ${after.status}, revision = ${after.revision}, replaced_by = ${after.replacedBy ?? null},
        updated_at = ${update.at}, name = ${after.name ?? null}, mac = ${tag.mac}, mac_kid = ${tag.kid}
      where id = ${id}`;
    this.locked.set(id, { ...after, rowMac: tag });
  }

  async appendHistory(entries: readonly HistoryEntry[]): Promise<void> {
    if (entries.length === 0) return;
    await INSERT_HISTORY.run(
      this.tx,
      entries.map((e) => ({
        license_id: e.licenseId,
        revision: e.revision,
        status: e.status,
        previous: e.previous ?? null,
        reason: e.reason ?? null,
        national_code: e.nationalCode ?? null,
        jws: e.jws ?? null,
        actor: e.actor,
        at: e.at,
      })),
    );
  }

  appendAudit(entries: readonly AuditEntry[]): Promise<void> {
    return appendWith(this.audit, this.tx, entries);
  }

  appendOutbox(entries: readonly OutboxEntry[]): Promise<void> {
    return writeOutbox(this.tx, entries);
  }
}

export class PostgresLicenseRepository implements LicenseRepository {
  /** Without `audit` the repository only reads (writes that audit throw a TypeError). */
  constructor(
    private readonly sql: Sql,
    private readonly keys: RowMacKeys,
    private readonly audit?: AuditAppender,
  ) {}

  transaction<T>(work: (tx: LicenseTransaction) => Promise<T>): Promise<T> {
    return this.sql.begin((tx) => work(new PostgresLicenseTransaction(tx, this.audit, this.keys))) as Promise<T>;
  }

  async find(id: string): Promise<StoredLicense | undefined> {
    const [row] = await this.sql<FullRow[]>`select ${this.sql.unsafe(FULL_COLUMNS)} from licenses where id = ${id}`;
    return row && toStored(row);
  }

  async findByDigests(digests: readonly string[]): Promise<Map<string, StoredLicense>> {
    // bpchar[] like the column, so the digest index serves the lookup.
    const rows = await this.sql<FullRow[]>`
      select ${this.sql.unsafe(FULL_COLUMNS)} from licenses where digest = any(${[...digests]}::bpchar[])`;
    return new Map(rows.map((row) => [row.digest, toStored(row)]));
  }

  async findByNumber(number: string, typeCode?: string): Promise<StoredLicense[]> {
    return (await this.byNumber<FullRow>(FULL_COLUMNS, number, typeCode)).map(toStored);
  }

  async facts(id: string): Promise<LicenseFacts | undefined> {
    const [row] = await this.sql<FactsRow[]>`select ${this.sql.unsafe(FACT_COLUMNS)} from licenses where id = ${id}`;
    return row && toFacts(row);
  }

  async factsByNumber(number: string, typeCode?: string): Promise<LicenseFacts[]> {
    return (await this.byNumber<FactsRow>(FACT_COLUMNS, number, typeCode)).map(toFacts);
  }

  private byNumber<R extends FactsRow>(columns: string, number: string, typeCode: string | undefined) {
    return this.sql<R[]>`
      select ${this.sql.unsafe(columns)} from licenses
      where number = ${number} and (${typeCode ?? null}::text is null or type_code = ${typeCode ?? null})
      order by type_code, id_version desc limit 50`;
  }

  async page(afterId: string, limit: number, options: { unsealedOnly?: boolean } = {}): Promise<StoredLicense[]> {
    const rows = options.unsealedOnly
      ? await this.sql<FullRow[]>`
          select ${this.sql.unsafe(FULL_COLUMNS)} from licenses where mac is null and id > ${afterId} order by id limit ${limit}`
      : await this.sql<FullRow[]>`
          select ${this.sql.unsafe(FULL_COLUMNS)} from licenses where id > ${afterId} order by id limit ${limit}`;
    return rows.map(toStored);
  }

  async storeRowMac(facts: Pick<LicenseFacts, 'id' | 'revision' | 'name' | 'rowMac'>, tag: RowMacTag): Promise<boolean> {
    const updated = await this.sql`
      update licenses set mac = ${tag.mac}, mac_kid = ${tag.kid}, name = ${facts.name ?? null}
      where id = ${facts.id} and revision = ${facts.revision} and mac is not distinct from ${facts.rowMac?.mac ?? null}`;
    return updated.count === 1;
  }

  history(id: string): Promise<HistoryEntry[]> {
    return readHistory(this.sql, id);
  }

  async dueForExpiry(today: string, limit: number): Promise<LicenseFacts[]> {
    const rows = await this.sql<FactsRow[]>`
      select ${this.sql.unsafe(FACT_COLUMNS)} from licenses
      where status in ('valid', 'suspended') and valid_until < ${today}::date
      order by valid_until limit ${limit}`;
    return rows.map(toFacts);
  }
}

/** A licence's history in order; inside a transaction, read under its locks. */
async function readHistory(sql: Sql | TransactionSql, id: string): Promise<HistoryEntry[]> {
  const rows = await sql<
    {
      license_id: string;
      revision: number;
      status: LicenseStatus;
      previous: LicenseStatus | null;
      reason: string | null;
      national_code: NationalStatusCode | null;
      jws: string | null;
      actor: string;
      at: Date;
    }[]
  >`
    select license_id, revision, status, previous, reason, national_code, jws, actor, at from license_history
    where license_id = ${id} order by revision, id`;
  return rows.map((r) => ({
    licenseId: r.license_id,
    revision: r.revision,
    status: r.status,
    previous: r.previous ?? undefined,
    reason: r.reason ?? undefined,
    nationalCode: r.national_code ?? undefined,
    jws: r.jws ?? undefined,
    actor: r.actor,
    at: r.at,
  }));
}
