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

/** A chain's head: its last sequence number and hash. */
export interface ChainHead {
  seq: bigint;
  hash: Uint8Array;
}

export async function appendAudit(tx: TransactionSql, chainId: string, entries: readonly AuditEntry[]): Promise<ChainHead | undefined> {
  if (entries.length === 0) return undefined;
  const [head] = await tx<{ seq: string; head: Buffer }[]>`select seq, head from audit_chains where chain_id = ${chainId} for update`;
  if (!head) throw new TypeError(`audit chain ${chainId} is not open`);
  const { rows, next } = chainRows(chainId, { seq: BigInt(head.seq), hash: new Uint8Array(head.head) }, entries);
  await INSERT.run(tx, rows);
  await tx`update audit_chains set seq = ${String(next.seq)}, head = ${Buffer.from(next.hash)} where chain_id = ${chainId}`;
  return next;
}

/**
 * Appends in one statement — commit included — to a chain whose head the caller holds (the group
 * writer's own chain): the head moves only from where the caller left it, and the rows go in only
 * if it moved. Four round trips fewer than `appendAudit` on every batch. False when the head was
 * not where the caller thought (nothing written): read it under lock with `appendAudit`.
 */
export async function appendAtHead(
  sql: Sql,
  chainId: string,
  head: ChainHead,
  entries: readonly AuditEntry[],
): Promise<ChainHead | undefined> {
  const { rows, next } = chainRows(chainId, head, entries);
  const column = <K extends keyof RowOf<typeof INSERT>>(name: K) => rows.map((row) => cellText(row[name]));
  const written = await sql.unsafe(
    APPEND_AT_HEAD,
    [
      chainId,
      String(head.seq),
      Buffer.from(head.hash).toString('hex'),
      String(next.seq),
      Buffer.from(next.hash).toString('hex'),
      ...UNNESTED.map((name) => column(name)),
    ] as never,
    { prepare: true },
  );
  return written.length === entries.length ? next : undefined;
}

/** The columns `appendAtHead` sends as one text array each (chain_id is the statement's own). */
const UNNESTED = [
  'seq',
  'at',
  'action',
  'actor',
  'role',
  'department',
  'target',
  'type_code',
  'case_no',
  'service_item',
  'result',
  'request_id',
  'details',
  'prev_hash',
  'hash',
] as const satisfies readonly (keyof RowOf<typeof INSERT>)[];

const APPEND_AT_HEAD = `
  with moved as (
    update audit_chains set seq = $4::bigint, head = decode($5, 'hex')
    where chain_id = $1 and seq = $2::bigint and head = decode($3, 'hex')
    returning 1
  )
  insert into audit_log (chain_id, ${UNNESTED.join(', ')})
  select $1, u.seq::bigint, u.at::timestamptz, u.action, u.actor, u.role, u.department, u.target, u.type_code, u.case_no,
         u.service_item, u.result, u.request_id, u.details::jsonb, decode(u.prev_hash, 'hex'), decode(u.hash, 'hex')
  from unnest(${UNNESTED.map((_, i) => `$${i + 6}::text[]`).join(', ')}) as u(${UNNESTED.join(', ')})
  where exists (select 1 from moved)
  returning seq`;

/** Every cell as text, the way `appendAtHead`'s arrays carry it (bytes as hex, times as ISO). */
function cellText(cell: RowOf<typeof INSERT>[keyof RowOf<typeof INSERT>]): string | null {
  if (cell === null) return null;
  if (cell instanceof Date) return cell.toISOString();
  if (cell instanceof Uint8Array) return Buffer.from(cell).toString('hex');
  return String(cell);
}

/** The entries' rows chained from `head`, and the head after them. */
function chainRows(chainId: string, head: ChainHead, entries: readonly AuditEntry[]): { rows: RowOf<typeof INSERT>[]; next: ChainHead } {
  let seq = head.seq;
  let prev = head.hash;
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
  return { rows, next: { seq, hash: prev } };
}

export function auditAppender(chainId: string): AuditAppender {
  return async (tx, entries) => void (await appendAudit(tx, chainId, entries));
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
