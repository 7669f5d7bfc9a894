/**
 * @module postgres/postgres-audit-log
 * Appending to an audit chain inside the caller's transaction. The chain's head row is locked
 * (`select … for update`) for the rest of that transaction, so concurrent appends to one chain
 * queue behind each other, sequence numbers follow commit order, and a rolled-back transaction
 * takes its entries and its head move with it — no gap. The request id comes from the request
 * context when the entry does not carry one.
 */
import { Buffer } from 'node:buffer';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { canonicalDetails, chainHash, GENESIS_HASH, toChainedFields } from '../core/audit/audit-hash.js';
import type { ChainedFields } from '../core/audit/audit-record.js';
import { currentRequestId } from '../logging/request-context.js';
import type { Sql, TransactionSql } from './database.js';
import { multiRowInsert, type RowOf } from './multi-row-insert.js';

/** Appends entries to this instance's chain within `tx` (the `AuditTransaction` of a repository). */
export type AuditAppender = (tx: TransactionSql, entries: readonly AuditEntry[]) => Promise<void>;

/** The entries of a batch in one multi-row insert, chained in order. */
const INSERT = multiRowInsert('audit_log', {
  chain_id: 'text',
  seq: 'bigint',
  at: 'timestamptz',
  action: 'text',
  actor: 'text',
  role: 'text',
  department: 'text',
  target: 'text',
  type_code: 'text',
  case_no: 'text',
  service_item: 'text',
  result: 'text',
  request_id: 'text',
  details: 'jsonb',
  prev_hash: 'bytea',
  hash: 'bytea',
});

/** Creates the chain's head row (seq 0, the zero hash); harmless if it exists. */
export async function openAuditChain(sql: Sql, chainId: string): Promise<void> {
  await sql`insert into audit_chains (chain_id, seq, head) values (${chainId}, 0, ${Buffer.from(GENESIS_HASH)}) on conflict do nothing`;
}

export async function appendAudit(tx: TransactionSql, chainId: string, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  const [head] = await tx<{ seq: string; head: Buffer }[]>`select seq, head from audit_chains where chain_id = ${chainId} for update`;
  if (!head) throw new TypeError(`audit chain ${chainId} is not open`);
  let seq = BigInt(head.seq);
  let prev: Uint8Array = new Uint8Array(head.head);
  const requestId = currentRequestId();
  const rows = entries.map((entry) => {
    seq += 1n;
    const fields = toChainedFields({ ...entry, requestId: entry.requestId ?? requestId }, chainId, seq);
    // Serialised once: the canonical text is both hashed and stored.
    const details = canonicalDetails(fields.details);
    const hash = chainHash(prev, fields, details);
    const row = toRow(fields, fields.details === undefined ? null : details, prev, hash);
    prev = hash;
    return row;
  });
  await INSERT.run(tx, rows);
  await tx`update audit_chains set seq = ${String(seq)}, head = ${Buffer.from(prev)} where chain_id = ${chainId}`;
}

export function auditAppender(chainId: string): AuditAppender {
  return (tx, entries) => appendAudit(tx, chainId, entries);
}

/**
 * A repository write with its audit entries: without entries the write runs as before; with them
 * write and entries share one transaction, and the entries are appended only if the write took
 * effect (a row inserted or changed), so a refused action leaves no "ok" entry behind.
 */
export async function writeAudited<T>(
  sql: Sql,
  append: AuditAppender | undefined,
  entries: readonly AuditEntry[] | undefined,
  write: (q: Sql | TransactionSql) => Promise<T>,
  tookEffect: (result: T) => boolean,
): Promise<T> {
  if (!entries || entries.length === 0) return write(sql);
  return sql.begin(async (tx) => {
    const result = await write(tx);
    if (tookEffect(result)) await appendWith(append, tx, entries);
    return result;
  }) as Promise<T>;
}

/** Appends through a repository's optional appender; entries without one are a wiring mistake. */
export async function appendWith(append: AuditAppender | undefined, tx: TransactionSql, entries: readonly AuditEntry[]): Promise<void> {
  if (entries.length === 0) return;
  if (!append) throw new TypeError('this repository was built without an audit appender');
  await append(tx, entries);
}

function toRow(f: ChainedFields, details: string | null, prevHash: Uint8Array, hash: Uint8Array): RowOf<typeof INSERT> {
  return {
    chain_id: f.chainId,
    seq: f.seq,
    at: f.at,
    action: f.action,
    actor: f.actor,
    role: f.role,
    department: f.department ?? null,
    target: f.target ?? null,
    type_code: f.typeCode ?? null,
    case_no: f.caseNo ?? null,
    service_item: f.serviceItem ?? null,
    result: f.result,
    request_id: f.requestId ?? null,
    details,
    prev_hash: prevHash,
    hash,
  };
}
