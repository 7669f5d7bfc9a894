/**
 * @module test/services/global-setup
 * Vitest global setup of the `integration` project: real PostgreSQL and Kafka for every test file,
 * from DATABASE_URL / KAFKA_BROKERS when given, else started here (both at once) and stopped at the
 * end. A service that cannot be had fails the run loudly; integration tests are never skipped.
 */
import type { TestProject } from 'vitest/node';
import { startKafka } from './kafka.js';
import { startPostgres } from './postgres.js';
import { pingKafka, pingPostgres, poll } from './probe.js';

/** Compose may still be warming up a service when tests start; a dead one fails after this. */
const ENV_SERVICE_TIMEOUT_MS = 30_000;

interface Acquired {
  value: string;
  release(): Promise<void>;
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const [database, kafka] = await Promise.allSettled([acquireDatabase(), acquireKafka()]);
  const acquired = [database, kafka].flatMap((r) => (r.status === 'fulfilled' ? [r.value] : []));
  const teardown = async () => {
    await Promise.all(acquired.map((a) => a.release()));
  };
  if (database.status === 'rejected' || kafka.status === 'rejected') {
    await teardown();
    const reasons = [database, kafka].flatMap((r) => (r.status === 'rejected' ? [r.reason] : []));
    throw new AggregateError(reasons, `integration services unavailable:\n${reasons.map(String).join('\n')}`);
  }
  project.provide('databaseUrl', database.value.value);
  project.provide('kafkaBrokers', kafka.value.value);
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
    return '(unparsable DATABASE_URL)';
  }
}

function announce(line: string): void {
  process.stderr.write(`[test services] ${line}\n`);
}
