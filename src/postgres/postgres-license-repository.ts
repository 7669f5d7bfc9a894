/**
 * @module postgres/postgres-license-repository
 * Licences and their history. Inserts are multi-row with `on conflict do nothing`,
 * so a batch of thousands is one statement and a resubmission or a race between instances is an
 * outcome, not an error.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { LicenseRecord, LicenseStatus, NationalStatusCode } from '../core/licenses/license.js';
import type {
  HistoryEntry,
  InsertOutcome,
  LicenseRepository,
  LicenseTransaction,
  NewLicense,
  OutboxEntry,
  StatusUpdate,
} from '../core/ports/license-repository.js';
import type { Sql, TransactionSql } from './database.js';
import { writeOutbox } from './outbox.js';
import { appendWith, type AuditAppender } from './postgres-audit-log.js';
import { multiRowInsert, type RowOf } from './multi-row-insert.js';

interface Row {
  id: string;
  type_code: string;
  issuer: string;
  issuer_name: string;
  number: string;
  lineage: string;
  id_version: number;
  revision: number;
  status: LicenseStatus;
  holder_name: string;
  holder_id_type: string;
  holder_id: string;
  issued_at: string;
  valid_from: string;
  valid_until: string | null;
  payload: Record<string, unknown>;
  jws: string;
  digest: string;
  seal_serial: string;
  replaces: string | null;
  replaced_by: string | null;
  created_at: Date;
  updated_at: Date;
}

// Dates as ISO text: a calendar date has no time zone to shift it.
const COLUMNS = `id, type_code, issuer, issuer_name, number, lineage, id_version, revision, status, holder_name,
  holder_id_type, holder_id, issued_at::text, valid_from::text, valid_until::text, payload, jws, digest, seal_serial,
  replaces, replaced_by, created_at, updated_at`;

function toRecord(row: Row): LicenseRecord {
  return {
    id: row.id,
    typeCode: row.type_code,
    issuer: { uscc: row.issuer, name: row.issuer_name },
    number: row.number,
    idVersion: row.id_version,
    revision: row.revision,
    status: row.status,
    holder: { name: row.holder_name, idType: row.holder_id_type, id: row.holder_id },
    issuedAt: row.issued_at,
    validFrom: row.valid_from,
    validUntil: row.valid_until ?? undefined,
    payload: row.payload,
    jws: row.jws,
    digest: row.digest,
    sealSerial: row.seal_serial,
    replaces: row.replaces ?? undefined,
    replacedBy: row.replaced_by ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
  };
}

/** The columns a new licence row is written with: `toRow` builds every one of them. */
const INSERT_LICENSES = multiRowInsert(
  'licenses',
  {
    id: 'text',
    type_code: 'text',
    issuer: 'text',
    issuer_name: 'text',
    number: 'text',
    lineage: 'text',
    id_version: 'integer',
    status: 'text',
    holder_name: 'text',
    holder_id_type: 'text',
    holder_id: 'text',
    issued_at: 'date',
    valid_from: 'date',
    valid_until: 'date',
    payload: 'jsonb',
    jws: 'text',
    digest: 'text',
    seal_serial: 'text',
    replaces: 'text',
  },
  'on conflict do nothing returning id',
);

/** The one place a new licence becomes a row. */
function toRow(l: NewLicense): RowOf<typeof INSERT_LICENSES> {
  return {
    id: l.id,
    type_code: l.typeCode,
    issuer: l.issuer.uscc,
    issuer_name: l.issuer.name,
    number: l.number,
    lineage: l.lineage,
    id_version: l.idVersion,
    status: 'valid',
    holder_name: l.holder.name,
    holder_id_type: l.holder.idType,
    holder_id: l.holder.id,
    issued_at: l.issuedAt,
    valid_from: l.validFrom,
    valid_until: l.validUntil ?? null,
    payload: l.payloadJson,
    jws: l.jws,
    digest: l.digest,
    seal_serial: l.sealSerial,
    replaces: l.replaces ?? null,
  };
}

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
  constructor(
    private readonly tx: TransactionSql,
    private readonly audit: AuditAppender | undefined,
  ) {}

  async insert(licenses: readonly NewLicense[]): Promise<Map<string, InsertOutcome>> {
    const tx = this.tx;
    const inserted = await INSERT_LICENSES.run<{ id: string }>(tx, licenses.map(toRow));
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

  async lock(id: string): Promise<LicenseRecord | undefined> {
    const [row] = await this.tx<Row[]>`select ${this.tx.unsafe(COLUMNS)} from licenses where id = ${id} for update`;
    return row && toRecord(row);
  }

  async lockLatestOfLineage(lineage: string): Promise<LicenseRecord | undefined> {
    const [row] = await this.tx<Row[]>`
      select ${this.tx.unsafe(COLUMNS)} from licenses where lineage = ${lineage} order by id_version desc limit 1 for update`;
    return row && toRecord(row);
  }

  async updateStatus(id: string, update: StatusUpdate): Promise<void> {
    await this.tx`
      update licenses set status = ${update.status}, revision = ${update.revision},
        replaced_by = coalesce(${update.replacedBy ?? null}, replaced_by), updated_at = ${update.at}
      where id = ${id}`;
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
    private readonly audit?: AuditAppender,
  ) {}

  transaction<T>(work: (tx: LicenseTransaction) => Promise<T>): Promise<T> {
    return this.sql.begin((tx) => work(new PostgresLicenseTransaction(tx, this.audit))) as Promise<T>;
  }

  async find(id: string): Promise<LicenseRecord | undefined> {
    const [row] = await this.sql<Row[]>`select ${this.sql.unsafe(COLUMNS)} from licenses where id = ${id}`;
    return row && toRecord(row);
  }

  async findByDigests(digests: readonly string[]): Promise<Map<string, LicenseRecord>> {
    // bpchar[] like the column, so the digest index serves the lookup.
    const rows = await this.sql<Row[]>`select ${this.sql.unsafe(COLUMNS)} from licenses where digest = any(${[...digests]}::bpchar[])`;
    return new Map(rows.map((row) => [row.digest, toRecord(row)]));
  }

  async findByNumber(number: string, typeCode?: string): Promise<LicenseRecord[]> {
    const rows = await this.sql<Row[]>`
      select ${this.sql.unsafe(COLUMNS)} from licenses
      where number = ${number} and (${typeCode ?? null}::text is null or type_code = ${typeCode ?? null})
      order by type_code, id_version desc limit 50`;
    return rows.map(toRecord);
  }

  history(id: string): Promise<HistoryEntry[]> {
    return readHistory(this.sql, id);
  }

  async dueForExpiry(today: string, limit: number): Promise<LicenseRecord[]> {
    const rows = await this.sql<Row[]>`
      select ${this.sql.unsafe(COLUMNS)} from licenses
      where status in ('valid', 'suspended') and valid_until < ${today}::date
      order by valid_until limit ${limit}`;
    return rows.map(toRecord);
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
