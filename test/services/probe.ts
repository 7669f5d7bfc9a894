/**
 * @module test/services/probe
 * "Does it serve yet?" for PostgreSQL, Kafka and MariaDB, used while starting the throwaway servers and
 * to check that services named by DATABASE_URL / KAFKA_BROKERS / MARIADB_URL answer before any test runs.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { createConnection } from 'mysql2/promise';
import postgres from 'postgres';

export interface PollOptions {
  timeoutMs: number;
  intervalMs?: number;
  /** A reason to stop waiting at once (e.g. the server process died), or undefined to go on. */
  giveUp?: () => string | undefined;
}

/** Repeats `attempt` until it resolves; rejects with the last attempt's error as cause. */
export async function poll(what: string, attempt: () => Promise<void>, opts: PollOptions): Promise<void> {
  const deadline = Date.now() + opts.timeoutMs;
  let lastError: unknown;
  for (;;) {
    const reason = opts.giveUp?.();
    if (reason !== undefined) throw new Error(`${what}: ${reason}; last error: ${String(lastError)}`, { cause: lastError });
    try {
      return await attempt();
    } catch (error) {
      lastError = error;
    }
    if (Date.now() >= deadline) {
      throw new Error(`${what}: not ready within ${opts.timeoutMs} ms; last error: ${String(lastError)}`, {
        cause: lastError,
      });
    }
    await sleep(opts.intervalMs ?? 250);
  }
}

/** One `select 1` over a fresh connection. */
export async function pingPostgres(url: string): Promise<void> {
  const sql = postgres(url, { max: 1, connect_timeout: 2, onnotice: () => {} });
  try {
    await sql`select 1`;
  } finally {
    await sql.end({ timeout: 1 });
  }
}

/** One `select 1` over a fresh connection. */
export async function pingMariadb(url: string): Promise<void> {
  const connection = await createConnection({ uri: url, connectTimeout: 2_000 });
  try {
    await connection.query('select 1');
  } finally {
    await connection.end();
  }
}

/** Admin `describeCluster()` must list a broker (KRaft registers it late), and a group look-up must be answered. */
export async function pingKafka(brokers: string): Promise<void> {
  const kafka = new Kafka({
    clientId: 'zz-test-harness-probe',
    brokers: brokers.split(','),
    logLevel: logLevel.NOTHING,
    connectionTimeout: 1_000,
    requestTimeout: 3_000,
    retry: { retries: 0 },
  });
  const admin = kafka.admin();
  try {
    await admin.connect();
    const { brokers: live } = await admin.describeCluster();
    if (live.length === 0) throw new Error('cluster metadata lists no broker yet');
    // Serving groups too: a fresh broker makes __consumer_offsets on the first group look-up and
    // answers NOT_COORDINATOR until then, which would fail whichever test joins a group first.
    await admin.fetchOffsets({ groupId: 'zz-test-harness-probe' });
  } finally {
    await admin.disconnect();
  }
}
