/**
 * PostgreSQL and Kafka for the benchmarks: the servers named by DATABASE_URL / KAFKA_BROKERS, or
 * started here like the integration tests do — PostgreSQL with its durability (fsync,
 * synchronous_commit, full page writes) switched back on, since the test cluster's shortcuts
 * would flatter the figures — and a fresh database per run, dropped at the end.
 */
import { randomBytes } from 'node:crypto';
import postgres from 'postgres';
import { startKafka } from '../services/kafka.js';
import { startPostgres } from '../services/postgres.js';

export type Cleanups = (() => Promise<unknown>)[];

export async function ownPostgres(cleanups: Cleanups, log: (line: string) => void): Promise<string> {
  const pg = await startPostgres();
  cleanups.unshift(() => pg.stop());
  const sql = postgres(pg.url, { max: 1, onnotice: () => {} });
  for (const setting of ['fsync', 'synchronous_commit', 'full_page_writes']) await sql.unsafe(`alter system set ${setting} = on`);
  await sql`select pg_reload_conf()`;
  await sql.end();
  log(`PostgreSQL started at ${pg.url} (durability on)`);
  return pg.url;
}

export async function ownKafka(cleanups: Cleanups, log: (line: string) => void): Promise<{ brokers: string; dataDir: string }> {
  // The JVM's defaults: a benchmark measures the broker at full speed, not the tests' quick start.
  const kafka = await startKafka({ profile: 'throughput' });
  cleanups.unshift(() => kafka.destroy());
  log(`Kafka 3.9.1 started at ${kafka.brokers}`);
  return kafka;
}

export async function freshDatabase(serverUrl: string, cleanups: Cleanups): Promise<string> {
  const name = `zz_bench_${randomBytes(4).toString('hex')}`;
  const admin = postgres(serverUrl, { max: 1, onnotice: () => {} });
  await admin.unsafe(`create database ${name}`);
  cleanups.unshift(async () => {
    await admin.unsafe(`drop database if exists ${name} with (force)`);
    await admin.end();
  });
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
