/**
 * @module test/services/global-setup
 * Vitest global setup of the `integration` project: real PostgreSQL, Kafka and MariaDB for every test
 * file, from DATABASE_URL / KAFKA_BROKERS / MARIADB_URL when given, else started here (all at once) and
 * stopped at the end. A service that cannot be had fails the run loudly; integration tests are never skipped.
 */
import type { TestProject } from 'vitest/node';
import { startKafka } from './kafka.js';
import { startMariadb } from './mariadb.js';
import { startPostgres } from './postgres.js';
import { pingKafka, pingMariadb, pingPostgres, poll } from './probe.js';

/** Compose may still be warming up a service when tests start; a dead one fails after this. */
const ENV_SERVICE_TIMEOUT_MS = 30_000;

interface Acquired {
  value: string;
  release(): Promise<void>;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const results = await Promise.allSettled([acquireDatabase(), acquireKafka(), acquireMariadb()]);
  const acquired = results.flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const teardown = async () => {
    await Promise.all(acquired.map((a) => a.release()));
  };
  const [database, kafka, mariadb] = results;
  if (database.status === 'rejected' || kafka.status === 'rejected' || mariadb.status === 'rejected') {
    await teardown();
    const reasons = results.flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    throw new AggregateError(reasons, `integration services unavailable:\n${reasons.map(String).join('\n')}`);
  }
  project.provide('databaseUrl', database.value.value);
  project.provide('kafkaBrokers', kafka.value.value);
  project.provide('mariadbUrl', mariadb.value.value);
  return teardown;
}

async function acquireDatabase(): Promise<Acquired> {
  const fromEnv = process.env.DATABASE_URL;
  if (fromEnv) return given('PostgreSQL', fromEnv, redactPassword(fromEnv), pingPostgres);
  const started = Date.now();
  const pg = await startPostgres();
  announce(`PostgreSQL started at ${pg.url} in ${Date.now() - started} ms`);
  return { value: pg.url, release: () => pg.stop() };
}

async function acquireKafka(): Promise<Acquired> {
  const fromEnv = process.env.KAFKA_BROKERS;
  if (fromEnv) return given('Kafka', fromEnv, fromEnv, pingKafka);
  const started = Date.now();
  const kafka = await startKafka();
  announce(`Kafka 3.9.1 started at ${kafka.brokers} (data ${kafka.dataDir}) in ${Date.now() - started} ms`);
  return { value: kafka.brokers, release: () => kafka.destroy() };
}

async function acquireMariadb(): Promise<Acquired> {
  const fromEnv = process.env.MARIADB_URL;
  if (fromEnv) return given('MariaDB', fromEnv, redactPassword(fromEnv), pingMariadb);
  const started = Date.now();
  const mariadb = await startMariadb();
  announce(`MariaDB started at ${redactPassword(mariadb.url)} in ${Date.now() - started} ms`);
  return { value: mariadb.url, release: () => mariadb.stop() };
}

/**
 * A service from the environment must answer before any test runs (one clear error instead of a
 * failure per test); it belongs to whoever started it, so there is nothing to stop here.
 */
async function given(name: string, value: string, shown: string, ping: (v: string) => Promise<void>): Promise<Acquired> {
  await poll(`${name} from the environment (${shown})`, () => ping(value), { timeoutMs: ENV_SERVICE_TIMEOUT_MS });
  announce(`${name} from the environment: ${shown}`);
  return { value, release: async () => {} };
}

function redactPassword(url: string): string {
  try {
    const parsed = new URL(url);
    if (parsed.password) parsed.password = '***';
    return parsed.toString();
  } catch {
    return '(unparsable URL)';
  }
}

function announce(line: string): void {
  process.stderr.write(`[test services] ${line}\n`);
}
