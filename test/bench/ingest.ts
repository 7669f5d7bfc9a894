/**
 * `npm run bench:ingest [-- --count N]` — licence ingest over the real broker into real PostgreSQL.
 *
 * A hub (the built process) consumes `licenses.submit`; `--departments` departments are enrolled
 * over its API; N licences are generated and sealed by those departments beforehand (the sealing
 * is theirs, not the hub's), then produced as fast as the producer can (or at `--rate`) while the
 * clock runs until every message has its answer on `licenses.results`. Printed: accepted licences/s
 * end to end and sustained, submit→stored and submit→answered latency, hub RSS, and this machine's
 * raw ES256 verify and PostgreSQL lookup rates measured in the same run. `--profile` runs the hub
 * under `--cpu-prof` and summarises where its time went.
 *
 * PostgreSQL and Kafka come from DATABASE_URL / KAFKA_BROKERS, else are started here like the
 * integration tests do — with PostgreSQL's durability (fsync, synchronous_commit, full page writes)
 * switched back on, since the test cluster's shortcuts would flatter the figures.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import postgres from 'postgres';
import { beijingDate } from '../../src/core/licenses/license.js';
import { enrolBenchCounty } from './bench-county.js';
import { freshDatabase, ownKafka, ownPostgres } from './bench-services.js';
import { startBenchHub } from './bench-hub.js';
import { formatReport, gitCommit, type BenchFigures } from './bench-report.js';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';
import { es256VerifyRate, postgresLookupRate } from './raw-limits.js';
import { sealAll } from './seal-all.js';
import { collectResults } from './results-collector.js';
import { chunkEnd, keyPartitioner, PARTITION_BATCH_BYTES } from './submit-chunks.js';
import { cpuSnapshot, cpuUsedBetween } from './cpu-accounting.js';

const { values: args } = parseArgs({
  options: {
    count: { type: 'string', default: '100000' },
    departments: { type: 'string', default: '50' },
    warmup: { type: 'string', default: '2000' },
    rate: { type: 'string' },
    seed: { type: 'string', default: '20240301' },
    profile: { type: 'boolean', default: false },
    'hub-env': { type: 'string', multiple: true, default: [] },
  },
});
const COUNT = Number(args.count);
const WARMUP = Number(args.warmup);
const RATE = args.rate === undefined ? undefined : Number(args.rate);
/** Messages in one send at most; fewer when one partition's share would pass the broker's batch limit. */
const CHUNK = 500;
const IN_FLIGHT = 8;
const PROGRESS_MS = 5_000;
/** Give up when no answer arrives for this long. */
const STALL_MS = 120_000;

const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'zz-bench-'));
  const loadBefore = os.loadavg()[0] as number;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const databaseServer = process.env.DATABASE_URL ?? (await ownPostgres(cleanups, log));
    const own = process.env.KAFKA_BROKERS ? undefined : await ownKafka(cleanups, log);
    const brokers = process.env.KAFKA_BROKERS ?? (own?.brokers as string);
    const database = await freshDatabase(databaseServer, cleanups);
    const prefix = `zz-bench-${randomBytes(3).toString('hex')}.`;
    const dataDir = path.join(runDir, 'hub-data');
    const hub = await startBenchHub({
      logFile: path.join(runDir, 'hub.log'),
      ...(args.profile ? { profileDir: path.join(runDir, 'profile') } : {}),
      env: {
        DATABASE_URL: database,
        KAFKA_BROKERS: brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        ZZ_DATA_DIR: dataDir,
        PORT: '0',
        ZZ_DEMO: 'false',
        ...Object.fromEntries(args['hub-env'].map((kv) => kv.split(/=(.*)/s).slice(0, 2))),
      },
    });
    cleanups.unshift(() => hub.stop());
    log(`hub pid ${hub.pid} at ${hub.url}; logs in ${runDir}`);
    while ((await fetch(`${hub.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 200));

    const adminToken = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const departments = await enrolBenchCounty(hub.url, adminToken, Number(args.departments));
    log(`${departments.length} departments enrolled with seal certificates and every licence type`);

    const sealingStarted = performance.now();
    const total = COUNT + WARMUP;
    let lastShown = 0;
    const sealed = await sealAll({
      count: total,
      seed: Number(args.seed),
      today: beijingDate(new Date()),
      departments,
      threads: os.availableParallelism(),
      onProgress: (done) => {
        if (done - lastShown >= total / 10 || done === total) log(`sealed ${fmt((lastShown = done))} of ${fmt(total)}`);
      },
    });
    const sealRate = total / ((performance.now() - sealingStarted) / 1000);
    const sample = sealed.value(0).toString('ascii');
    const verifyRate = es256VerifyRate(Buffer.from(sample.slice(0, sample.lastIndexOf('.')), 'ascii'));
    const lookupRate = await postgresLookupRate(database);
    log(`raw limits: ES256 verify ${fmt(verifyRate)}/s on one core; PostgreSQL ${fmt(lookupRate)} point lookups/s`);

    const kafka = new Kafka({ clientId: 'zz-bench', brokers: [brokers], logLevel: logLevel.NOTHING });
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    await producer.connect();
    cleanups.unshift(() => producer.disconnect());
    const results = await collectResults(kafka, `${prefix}licenses.results`, total);
    cleanups.unshift(() => results.stop());

    const submitTopic = `${prefix}licenses.submit`;
    const partitionOf = await keyPartitioner(kafka, submitTopic);
    const sizing = {
      maxCount: CHUNK,
      maxPartitionBytes: PARTITION_BATCH_BYTES,
      partitionOf: (i: number) => partitionOf(sealed.issuer(i)),
      bytesOf: (i: number) => sealed.value(i).length + Buffer.byteLength(sealed.issuer(i)),
    };
    const produceAt = new Float64Array(total);
    const produce = async (from: number, to: number, paceFrom?: number) => {
      let next = from;
      const sender = async () => {
        while (next < to) {
          const start = next;
          const end = chunkEnd(start, to, sizing);
          next = end;
          if (paceFrom !== undefined && RATE) {
            const due = paceFrom + ((start - from) / RATE) * 1000;
            if (due > Date.now()) await new Promise((r) => setTimeout(r, due - Date.now()));
          }
          const now = Date.now();
          const messages = [];
          for (let i = start; i < end; i++) {
            produceAt[i] = now;
            messages.push({ key: sealed.issuer(i), value: sealed.value(i), headers: { 'message-id': `m-${i}` }, timestamp: String(now) });
          }
          await producer.send({ topic: submitTopic, acks: -1, messages });
        }
      };
      await Promise.all(Array.from({ length: IN_FLIGHT }, sender));
    };

    log(`warm-up: ${fmt(WARMUP)} licences (consumer group join, JIT, certificate cache)`);
    await produce(COUNT, total);
    await results.waitFor((r) => r.answeredIn(COUNT, total) === WARMUP, STALL_MS);

    log(`timed run: ${fmt(COUNT)} licences${RATE ? ` at ${fmt(RATE)}/s` : ' as fast as the producer can'}`);
    const started = Date.now();
    const owners = { hubPid: hub.pid, postgresDataDir: await dataDirectory(database), ...(own ? { kafkaDataDir: own.dataDir } : {}) };
    const cpuBefore = cpuSnapshot(owners);
    let peakRss = 0;
    let shown = { at: started, answered: 0 };
    const progress = setInterval(() => {
      const { rss } = hub.memory();
      peakRss = Math.max(peakRss, rss);
      const answered = results.answeredIn(0, COUNT);
      if (Date.now() - shown.at >= PROGRESS_MS) {
        const rate = (answered - shown.answered) / ((Date.now() - shown.at) / 1000);
        const line = `stored ${fmt(answered)} of ${fmt(COUNT)} · ${fmt(rate)}/s now · ${fmt(answered / ((Date.now() - started) / 1000))}/s overall · hub RSS ${fmt(rss / 2 ** 20)} MB`;
        shown = { at: Date.now(), answered };
        void hub.heap().then(
          (heap) => log(`${line} (JS heap ${fmt(heap.used / 2 ** 20)} MB, buffers ${fmt(heap.external / 2 ** 20)} MB)`),
          () => log(line),
        );
      }
    }, 1_000);
    // A failed send fails the run at once (and through `finally`, which stops the hub), not after the stall bound.
    await Promise.all([produce(0, COUNT, started), results.waitFor((r) => r.answeredIn(0, COUNT) === COUNT, STALL_MS)]);
    clearInterval(progress);
    const finished = Date.now();
    const cpu = cpuUsedBetween(cpuBefore, cpuSnapshot(owners));

    const createdAt = await storedTimes(database, results.licenseIndex);
    const figures: BenchFigures = {
      count: COUNT,
      accepted: results.acceptedIn(0, COUNT),
      refusals: results.refusalCodes(0, COUNT),
      seconds: (finished - started) / 1000,
      sustainedRate: results.sustainedRate(0, COUNT),
      answeredLatency: results.latencies(0, COUNT, produceAt),
      storedLatency: storedLatencies(createdAt, produceAt),
      cpu,
      peakRss,
      hubPeakRss: hub.memory().peak,
      sealRate,
      verifyRate,
      lookupRate,
      departments: departments.length,
      postgres: await serverVersion(database),
      durable:
        process.env.DATABASE_URL === undefined ? 'fsync, synchronous_commit and full_page_writes on' : 'as configured by DATABASE_URL',
      kafka: process.env.KAFKA_BROKERS ? `KAFKA_BROKERS=${brokers}` : 'Apache Kafka 3.9.1, single KRaft node (test/services/kafka.ts)',
      command: ['npm run bench:ingest', ...(process.argv.length > 2 ? ['--', ...process.argv.slice(2)] : [])].join(' '),
      commit: gitCommit(),
      loadBefore,
      loadAfter: os.loadavg()[0] as number,
    };
    let report = formatReport(figures);
    if (args.profile) {
      await hub.stop();
      const dir = path.join(runDir, 'profile');
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) report += `\n\n${formatProfileSummary(summariseCpuProfile(path.join(dir, file)))}\n\nProfile: ${path.join(dir, file)}`;
    }
    writeFileSync(path.join(runDir, 'report.md'), `${report}\n`);
    process.stdout.write(`\n${report}\n\n`);
    log(`report saved to ${path.join(runDir, 'report.md')}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

/** Where the cluster keeps its data, to tell its processes from other clusters' (needs superuser). */
async function dataDirectory(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    const [row] = await sql<{ data_directory: string }[]>`show data_directory`;
    return row?.data_directory;
  } catch {
    return undefined;
  } finally {
    await sql.end();
  }
}

async function serverVersion(url: string): Promise<string> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  const [row] = await sql<{ server_version: string }[]>`show server_version`;
  await sql.end();
  return `PostgreSQL ${row?.server_version ?? '?'}`;
}

/** `created_at` (ms) of each stored licence by message index: the batch transaction's start. */
async function storedTimes(url: string, indexOf: Map<string, number>): Promise<Float64Array> {
  const times = new Float64Array(COUNT + WARMUP);
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  await sql<{ id: string; t: number }[]>`select id, extract(epoch from created_at)::float8 * 1000 as t from licenses`.cursor(
    10_000,
    (rows) => {
      for (const row of rows) {
        const index = indexOf.get(row.id);
        if (index !== undefined) times[index] = row.t;
      }
    },
  );
  await sql.end();
  return times;
}

function storedLatencies(createdAt: Float64Array, producedAt: Float64Array): number[] {
  const out: number[] = [];
  for (let i = 0; i < COUNT; i++) if (createdAt[i] !== 0) out.push((createdAt[i] as number) - (producedAt[i] as number));
  return out;
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:ingest failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
