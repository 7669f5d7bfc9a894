/**
 * @module postgres/postgres-audit-reader
 * Reads of the audit log: auditors' filtered pages (id cursor), each chain in seq order for the
 * verifier, checkpoints, and verification statistics by Beijing calendar day.
 */
import { Buffer } from 'node:buffer';
import { AuditActions } from '../core/audit/audit-actions.js';
import type { AuditCheckpoint, AuditFilter, AuditRecord, ChainHead } from '../core/audit/audit-record.js';
import type { AuditCheckpointStore, AuditReader, AuditStatsReader, StatsRange, VerificationStats } from '../core/ports/audit-reader.js';
import type { Sql } from './database.js';

interface Row {
  id: string;
  chain_id: string;
  seq: string;
  at: Date;
  action: string;
  actor: string;
  role: string;
  department: string | null;
  target: string | null;
  type_code: string | null;
  case_no: string | null;
  service_item: string | null;
  result: string;
  request_id: string | null;
  details: Record<string, unknown> | null;
  prev_hash: Buffer;
  hash: Buffer;
}

const toRecord = (row: Row): AuditRecord => ({
  id: row.id,
  chainId: row.chain_id,
  seq: BigInt(row.seq),
  at: row.at,
  action: row.action,
  actor: row.actor,
  role: row.role,
  department: row.department ?? undefined,
  target: row.target ?? undefined,
  typeCode: row.type_code ?? undefined,
  caseNo: row.case_no ?? undefined,
  serviceItem: row.service_item ?? undefined,
  result: row.result,
  requestId: row.request_id ?? undefined,
  details: row.details ?? undefined,
  prevHash: new Uint8Array(row.prev_hash),
  hash: new Uint8Array(row.hash),
});

const toHead = (row: { chain_id: string; seq: string; head: Buffer }): ChainHead => ({
  chainId: row.chain_id,
  seq: BigInt(row.seq),
  head: new Uint8Array(row.head),
});

export class PostgresAuditReader implements AuditReader, AuditCheckpointStore, AuditStatsReader {
  constructor(private readonly sql: Sql) {}

  async search(
    filter: AuditFilter,
    after: string | undefined,
    limit: number,
    order: 'oldest' | 'newest' = 'oldest',
  ): Promise<AuditRecord[]> {
    const sql = this.sql;
    const equal = (column: string, value: string | undefined) => (value === undefined ? sql`true` : sql`${sql(column)} = ${value}`);
    const conditions = [
      equal('action', filter.action),
      equal('actor', filter.actor),
      equal('department', filter.department),
      equal('target', filter.target),
      equal('case_no', filter.caseNo),
      equal('type_code', filter.typeCode),
      equal('result', filter.result),
      filter.from ? sql`at >= ${filter.from}` : sql`true`,
      filter.to ? sql`at < ${filter.to}` : sql`true`,
      filter.holderIdHash ? sql`details ? 'holderIdHash' and details ->> 'holderIdHash' = ${filter.holderIdHash}` : sql`true`,
      after ? (order === 'newest' ? sql`id < ${after}` : sql`id > ${after}`) : sql`true`,
    ];
    const where = conditions.reduce((all, condition) => sql`${all} and ${condition}`);
    const rows = await sql<
      Row[]
    >`select * from audit_log where ${where} order by id ${order === 'newest' ? sql`desc` : sql`asc`} limit ${limit}`;
    return rows.map(toRecord);
  }

  async chains(): Promise<{ chainId: string; head: ChainHead | undefined }[]> {
    // A loose index scan for the chains that hold entries: one probe per chain, not one per row.
    const rows = await this.sql<{ chain_id: string; seq: string | null; head: Buffer | null }[]>`
      with recursive logged(chain_id) as (
        select min(chain_id) from audit_log
        union all
        select (select min(chain_id) from audit_log where chain_id > logged.chain_id) from logged where logged.chain_id is not null
      ), known as (
        select chain_id from logged where chain_id is not null
        union select chain_id from audit_chains
        union select chain_id from audit_checkpoints
      )
      select known.chain_id, h.seq, h.head from known left join audit_chains h using (chain_id) order by known.chain_id`;
    return rows.map((r) => ({
      chainId: r.chain_id,
      head: r.seq === null || r.head === null ? undefined : toHead({ chain_id: r.chain_id, seq: r.seq, head: r.head }),
    }));
  }

  async head(chainId: string): Promise<ChainHead | undefined> {
    const [row] = await this.sql<{ chain_id: string; seq: string; head: Buffer }[]>`
      select chain_id, seq, head from audit_chains where chain_id = ${chainId}`;
    return row && toHead(row);
  }

  async chainPage(chainId: string, afterSeq: bigint, limit: number): Promise<AuditRecord[]> {
    const rows = await this.sql<Row[]>`
      select * from audit_log where chain_id = ${chainId} and seq > ${String(afterSeq)}::bigint order by seq limit ${limit}`;
    return rows.map(toRecord);
  }

  async findByHash(chainId: string, hash: Uint8Array): Promise<{ id: string; seq: bigint } | undefined> {
    const [row] = await this.sql<{ id: string; seq: string }[]>`
      select id, seq from audit_log where chain_id = ${chainId} and hash = ${Buffer.from(hash)} order by seq limit 1`;
    return row && { id: row.id, seq: BigInt(row.seq) };
  }

  async checkpoints(chainId: string): Promise<AuditCheckpoint[]> {
    const rows = await this.sql<{ id: string; chain_id: string; seq: string; head: Buffer; jws: string; signed_at: Date }[]>`
      select id, chain_id, seq, head, jws, signed_at from audit_checkpoints where chain_id = ${chainId} order by seq`;
    return rows.map((r) => ({
      id: r.id,
      chainId: r.chain_id,
      seq: BigInt(r.seq),
      head: new Uint8Array(r.head),
      jws: r.jws,
      signedAt: r.signed_at,
    }));
  }

  async latestCheckpointSeq(chainId: string): Promise<bigint> {
    const [row] = await this.sql<{ seq: string | null }[]>`select max(seq) as seq from audit_checkpoints where chain_id = ${chainId}`;
    return BigInt(row?.seq ?? 0);
  }

  async insertCheckpoint(c: Omit<AuditCheckpoint, 'id'>): Promise<void> {
    await this.sql`
      insert into audit_checkpoints (chain_id, seq, head, jws, signed_at)
      values (${c.chainId}, ${String(c.seq)}, ${Buffer.from(c.head)}, ${c.jws}, ${c.signedAt}) on conflict do nothing`;
  }

  async verificationStats(range: StatsRange): Promise<VerificationStats> {
    const sql = this.sql;
    const scope = () => sql`action = ${AuditActions.licenseVerify} and at >= ${range.from} and at < ${range.to}
      and (${range.department ?? null}::text is null or department = ${range.department ?? null})`;
    const [perDay, perDepartment, perType, [proof]] = await Promise.all([
      sql<{ day: string; n: string; valid: string }[]>`
        select to_char((at at time zone 'Asia/Shanghai')::date, 'YYYY-MM-DD') as day, count(*) as n,
               count(*) filter (where result = 'valid') as valid
        from audit_log where ${scope()} group by 1 order by 1`,
      sql<{ department: string | null; n: string }[]>`
        select department, count(*) as n from audit_log where ${scope()} group by 1 order by 2 desc, 1`,
      sql<{ type_code: string | null; n: string }[]>`
        select type_code, count(*) as n from audit_log where ${scope()} group by 1 order by 2 desc, 1`,
      sql<{ n: string }[]>`
        select count(*) as n from (select distinct case_no, target from audit_log
          where ${scope()} and result = 'valid' and case_no is not null and target is not null) pairs`,
    ]);
    return {
      total: perDay.reduce((sum, d) => sum + Number(d.n), 0),
      perDay: perDay.map((d) => ({ day: d.day, verifications: Number(d.n), valid: Number(d.valid) })),
      perDepartment: perDepartment.map((d) => ({ department: d.department ?? undefined, verifications: Number(d.n) })),
      perLicenseType: perType.map((t) => ({ typeCode: t.type_code ?? undefined, verifications: Number(t.n) })),
      proofMaterialsNotSubmitted: Number(proof?.n ?? 0),
    };
  }
}
