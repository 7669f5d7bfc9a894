/**
 * @module postgres/outbox
 * Writing to the transactional outbox: call inside the transaction that makes the change, so the
 * change and its announcement commit or roll back together. The relay publishes afterwards.
 */
import type { OutgoingMessage } from '../core/ports/message-bus.js';
import type { Sql, TransactionSql } from './database.js';

export async function writeOutbox(tx: TransactionSql | Sql, topic: string, messages: readonly OutgoingMessage[]): Promise<void> {
  if (messages.length === 0) return;
  const rows = messages.map((m) => ({
    topic,
    key: m.key,
    value: typeof m.value === 'string' ? Buffer.from(m.value, 'utf8') : Buffer.from(m.value),
    headers: m.headers ?? {},
  }));
  // One multi-row insert; ids follow the array order, which the relay then preserves.
  await tx`insert into outbox ${tx(rows as never, 'topic', 'key', 'value', 'headers')}`;
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
