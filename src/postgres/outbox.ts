/**
 * @module postgres/outbox
 * Writing to the transactional outbox: call inside the transaction that makes the change, so the
 * change and its announcement commit or roll back together. The relay publishes afterwards. A row
 * may carry a companion message on another topic (a licence's event and its submitter's answer),
 * one row written and deleted where there would be two.
 */
import type { OutboxEntry } from '../core/ports/license-repository.js';
import type { OutgoingMessage } from '../core/ports/message-bus.js';
import type { Sql, TransactionSql } from './database.js';
import { multiRowInsert } from './multi-row-insert.js';

const INSERT = multiRowInsert('outbox', {
  topic: 'text',
  key: 'text',
  value: 'bytea',
  headers: 'jsonb',
  also_topic: 'text',
  also_key: 'text',
  also_value: 'bytea',
  also_headers: 'jsonb',
});

/** One row per entry, in one statement; ids follow the array order, which the relay then preserves per topic. */
export async function writeOutbox(tx: TransactionSql | Sql, entries: readonly OutboxEntry[]): Promise<void> {
  if (entries.length === 0) return;
  await INSERT.run(
    tx,
    entries.map(({ topic, message, also }) => ({
      topic,
      key: message.key,
      value: bytes(message.value),
      headers: JSON.stringify(message.headers ?? {}),
      also_topic: also?.topic ?? null,
      also_key: also?.message.key ?? null,
      also_value: also ? bytes(also.message.value) : null,
      also_headers: also ? JSON.stringify(also.message.headers ?? {}) : null,
    })),
  );
}

function bytes(value: OutgoingMessage['value']): Uint8Array {
  return typeof value === 'string' ? Buffer.from(value, 'utf8') : value;
}

export interface OutboxLag {
  /** Rows committed but not yet published (parked rows not counted: they wait for an operator). */
  pending: number;
  /** Age of the oldest pending row, seconds (0 when none). */
  oldestSeconds: number;
  /** Rows the broker refused for good, parked by the relay. */
  parked: number;
}

export async function readOutboxLag(sql: Sql): Promise<OutboxLag> {
  const [row] = await sql<{ pending: string; oldest: number | null; parked: string }[]>`
    select count(*) filter (where parked_at is null) as pending,
           extract(epoch from now() - min(created_at) filter (where parked_at is null))::float8 as oldest,
           count(*) filter (where parked_at is not null) as parked
      from outbox`;
  return { pending: Number(row?.pending ?? 0), oldestSeconds: Math.max(0, row?.oldest ?? 0), parked: Number(row?.parked ?? 0) };
}
