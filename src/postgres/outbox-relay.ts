/**
 * @module postgres/outbox-relay
 * Moves committed outbox rows to the bus. Each round, in one transaction: claim the oldest rows with
 * `FOR UPDATE SKIP LOCKED`, publish them in id order (waiting for the broker's acknowledgement), then
 * delete them. A crash after publishing and before the delete republishes: delivery is at-least-once
 * and every event carries an id consumers dedupe on.
 *
 * Rows are deleted rather than tracked by a high-water mark, so a transaction that took id 5 but
 * commits after id 6 was published is simply picked up by the next round: nothing committed out of
 * id order is ever skipped.
 *
 * One relay per cluster publishes at a time (a transaction-scoped advisory lock), which keeps the
 * per-key order of the outbox on the bus even with many hub instances; the others stand by.
 *
 * A row may carry a companion message on another topic (one row for a licence's event and the answer
 * to its submitter). A round's messages go out as one produce call per topic, each topic's messages
 * in row order — order on the bus is per topic and key, so that is all the order there is to keep.
 *
 * A message the broker refuses for good (`MessageRefusedError`: over its size limit, an invalid
 * record or topic) would otherwise be retried for ever in front of every row after it. When a
 * topic's messages are refused, they are sent one by one to find the refused ones; their rows are
 * parked (`parked_at`, with the broker's reason) — kept whole for an operator, counted by
 * `zz_outbox_parked`, logged at error — and the relay moves on. Messages sent before the refusal
 * (and a parked row's other message, once released) may be published twice: consumers dedupe on
 * the event id.
 */
import { MessageRefusedError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import { backoffDelay } from '../core/retry/retry.js';
import type { MessageBus, OutgoingMessage } from '../core/ports/message-bus.js';
import type { Sql } from './database.js';

/** "zzoutbox" — the advisory lock that elects the publishing relay. */
const RELAY_LOCK = 0x7a7a6f75_74626f78n;

interface OutboxRow {
  id: string;
  topic: string;
  key: string | null;
  value: Buffer;
  headers: Record<string, string>;
  also_topic: string | null;
  also_key: string | null;
  also_value: Buffer | null;
  also_headers: Record<string, string> | null;
}

export interface OutboxRelayOptions {
  sql: Sql;
  bus: MessageBus;
  logger: Logger;
  batchSize?: number;
  /** How often to look for rows when nobody called `wake()`. */
  idleIntervalMs?: number;
  /** Back-off bounds after a failed round (broker or database down). */
  retryMinMs?: number;
  retryMaxMs?: number;
}

export interface OutboxRelay {
  start(): void;
  /** Publish soon: call after committing a transaction that wrote outbox rows. */
  wake(): void;
  /** Run rounds until the outbox is empty or the deadline passes; returns rows published (parked rows count as done). */
  drain(deadlineMs?: number): Promise<number>;
  /** Stop the loop after a last drain bounded by `deadlineMs`. */
  stop(deadlineMs?: number): Promise<void>;
  readonly published: number;
}

export function createOutboxRelay(options: OutboxRelayOptions): OutboxRelay {
  const { sql, bus, logger } = options;
  const batchSize = options.batchSize ?? 500;
  const idleIntervalMs = options.idleIntervalMs ?? 250;
  const retryMinMs = options.retryMinMs ?? 100;
  const retryMaxMs = options.retryMaxMs ?? 5_000;

  let running = false;
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let published = 0;

  /** One round; returns how many rows were published or parked (0 = nothing to do or not the leader). */
  async function round(): Promise<number> {
    return sql.begin(async (tx) => {
      const [lock] = await tx<{ leader: boolean }[]>`select pg_try_advisory_xact_lock(${RELAY_LOCK.toString()}::bigint) as leader`;
      if (!lock?.leader) return 0;
      const rows = await tx<OutboxRow[]>`
        select id, topic, key, value, headers, also_topic, also_key, also_value, also_headers from outbox
        where parked_at is null order by id limit ${batchSize} for update skip locked`;
      if (rows.length === 0) return 0;
      const refused = new Map<string, { row: OutboxRow; error: MessageRefusedError }>();
      for (const [topic, items] of byTopic(rows)) {
        try {
          await bus.publish(
            topic,
            items.map((item) => item.message),
          );
        } catch (error) {
          if (!(error instanceof MessageRefusedError)) throw error;
          for (const r of await publishOneByOne(topic, items)) if (!refused.has(r.row.id)) refused.set(r.row.id, r);
        }
      }
      const sent = rows.filter((r) => !refused.has(r.id)).map((r) => r.id);
      if (sent.length > 0) await tx`delete from outbox where id = any(${sent}::bigint[])`;
      for (const { row, error } of refused.values()) {
        await tx`update outbox set parked_at = now(), parked_reason = ${error.message.slice(0, 500)} where id = ${row.id}`;
        logger.error(
          { outboxId: row.id, topic: row.topic, bytes: row.value.length, err: error },
          'outbox row refused by the broker for good; parked, the relay moves on',
        );
      }
      return rows.length;
    });
  }

  /** Each message on its own, in order; answers the rows whose message the broker refused for good. */
  async function publishOneByOne(topic: string, items: readonly { row: OutboxRow; message: OutgoingMessage }[]) {
    const refused: { row: OutboxRow; error: MessageRefusedError }[] = [];
    for (const { row, message } of items) {
      try {
        await bus.publish(topic, [message]);
      } catch (error) {
        if (!(error instanceof MessageRefusedError)) throw error;
        refused.push({ row, error });
      }
    }
    return refused;
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      }
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (running) {
      try {
        const count = await round();
        published += count;
        failures = 0;
        if (count < batchSize) await sleep(idleIntervalMs);
      } catch (error) {
        failures += 1;
        const delay = backoffDelay(failures, { baseMs: retryMinMs, maxMs: retryMaxMs });
        logger.warn({ err: error, failures, retryInMs: delay }, 'outbox relay round failed; retrying');
        await sleep(delay);
      }
    }
  }

  async function drain(deadlineMs = 10_000): Promise<number> {
    const until = Date.now() + deadlineMs;
    let total = 0;
    while (Date.now() < until) {
      const count = await round();
      total += count;
      published += count;
      if (count === 0) break;
    }
    return total;
  }

  return {
    start() {
      if (running) return;
      running = true;
      loop = run();
    },
    wake() {
      wakeUp?.();
    },
    drain,
    async stop(deadlineMs = 5_000) {
      if (!running) return;
      running = false;
      wakeUp?.();
      await loop;
      try {
        const flushed = await drain(deadlineMs);
        if (flushed > 0) logger.info({ flushed }, 'outbox flushed on stop');
      } catch (error) {
        // Rows stay in the outbox and are published by the next relay; nothing is lost.
        logger.warn({ err: error }, 'outbox flush on stop failed; rows remain for the next start');
      }
    },
    get published() {
      return published;
    },
  };
}

/** Each topic's messages in row order, each with its row (a row's companion after its own message). */
function byTopic(rows: readonly OutboxRow[]): Map<string, { row: OutboxRow; message: OutgoingMessage }[]> {
  const topics = new Map<string, { row: OutboxRow; message: OutgoingMessage }[]>();
  const add = (row: OutboxRow, topic: string, message: OutgoingMessage) => {
    const items = topics.get(topic);
    if (items) items.push({ row, message });
    else topics.set(topic, [{ row, message }]);
  };
  for (const row of rows) {
    add(row, row.topic, { key: row.key, value: row.value, headers: row.headers });
    if (row.also_topic !== null && row.also_value !== null) {
      add(row, row.also_topic, { key: row.also_key, value: row.also_value, headers: row.also_headers ?? {} });
    }
  }
  return topics;
}
