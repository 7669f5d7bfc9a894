/**
 * `npm run bench:exchange [-- --duration S --concurrency C --paced R --profile]` — data requests through the
 * hub over Kafka on the real broker, against the raw broker in the same run.
 *
 * The 公安局 serves 户籍信息核验 with the SDK (`serve`) and the 行政审批服务局 asks with the SDK
 * (`request` over Kafka) under an approved grant, so every round trip passes the hub's full checks
 * (token, grant, purpose, quota, both contracts, field dropping, message log in the audit chain).
 * Phases: unpaced with C requests in flight (round trips/s), then paced at R/s (p50/p99, consumer
 * send → answer received). The raw figure is the same client library's produce → consume → produce
 * → consume round trip between two topics with an echo in the middle: what a consumer and a provider
 * talking directly over the broker would see. The hub's CPU per request comes from /proc.
 * Targets (issue 14): ≥ 1,000 round trips/s; p99 ≤ 100 ms at 500/s; the hub adds ≤ 5 ms at p50.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { createDataClient, loadConnectorConfig, type DataClient } from '@zhengzhao/sdk';
import { Kafka, logLevel, Partitioners } from 'kafkajs';
import postgres from 'postgres';
import { DEMO_PSB, HOUSEHOLD_SERVICE } from '../../src/main/demo/demo-data-providers.js';
import { onboardDepartment, type AdminHandle } from '../support/connector-fixture.js';
import { startBenchHub } from './bench-hub.js';
import { freshDatabase, ownKafka, ownPostgres, type Cleanups } from './bench-services.js';
import { createProduceCoalescer } from '../../src/kafka/produce-coalescer.js';
import { cpuSnapshot, cpuUsedBetween } from './cpu-accounting.js';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';

const { values: args } = parseArgs({
  options: {
    duration: { type: 'string', default: '20' },
    warmup: { type: 'string', default: '5' },
    concurrency: { type: 'string', default: '64' },
    paced: { type: 'string', default: '500' },
    profile: { type: 'boolean', default: false },
  },
});
const DURATION_S = Number(args.duration);
const CONCURRENCY = Number(args.concurrency);
const PACED = Number(args.paced);
const TARGET = { rate: 1_000, pacedP99: 100, addedP50: 5 };
const PSB = DEMO_PSB;
const APPROVAL = { uscc: '11431322006123480N', name: '新化县行政审批服务局' };
const SERVICE = HOUSEHOLD_SERVICE.code;
const ITEM = 'XH-SC-0004';
const RECORD = {
  match: true,
  name: '刘伟',
  sex: '男',
  address: '湖南省娄底市新化县上梅街道北塔社区天华路12号',
  householdNo: '431322001234',
};

const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const fmt = (n: number, digits = 0) => n.toLocaleString('en-US', { maximumFractionDigits: digits, minimumFractionDigits: digits });
const quantile = (sorted: number[], q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? Number.NaN;

async function main(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'zz-bench-exchange-'));
  const cleanups: Cleanups = [];
  try {
    const server = process.env.DATABASE_URL ?? (await ownPostgres(cleanups, log));
    const kafka = process.env.KAFKA_BROKERS ? { brokers: process.env.KAFKA_BROKERS, dataDir: undefined } : await ownKafka(cleanups, log);
    const database = await freshDatabase(server, cleanups);
    const prefix = `zz-bench-${randomBytes(3).toString('hex')}.`;
    const dataDir = path.join(runDir, 'hub-data');
    const profileDir = path.join(runDir, 'profile');
    const hub = await startBenchHub({
      logFile: path.join(runDir, 'hub.log'),
      ...(args.profile ? { profileDir } : {}),
      env: {
        DATABASE_URL: database,
        KAFKA_BROKERS: kafka.brokers,
        KAFKA_TOPIC_PREFIX: prefix,
        ZZ_DATA_DIR: dataDir,
        PORT: '0',
        ZZ_DEMO: 'false',
      },
    });
    cleanups.unshift(() => hub.stop());
    while ((await fetch(`${hub.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    const adminToken = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const call = async (method: string, url: string, body?: unknown, token = adminToken) => {
      const response = await fetch(`${hub.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
      if (response.status >= 300) throw new Error(`${method} ${url}: ${response.status} ${await response.text()}`);
      return response;
    };
    const admin: AdminHandle = {
      hub: { url: hub.url },
      call,
      registerDepartment: async (uscc, name) => void (await call('POST', '/v1/departments', { uscc, name, level: 'county' })),
    };
    const kafkaSettings = { brokers: [kafka.brokers], topicPrefix: prefix };
    const psb = await onboardDepartment(admin, { ...PSB, licenseTypes: [], kafka: kafkaSettings });
    const approval = await onboardDepartment(admin, { ...APPROVAL, licenseTypes: [], kafka: kafkaSettings });
    const deptAdmin = async (uscc: string) =>
      ((await (await call('POST', '/v1/tokens', { role: 'dept-admin', department: uscc, ttl: '1h' })).json()) as { token: string }).token;
    const [psbAdmin, approvalAdmin] = [await deptAdmin(PSB.uscc), await deptAdmin(APPROVAL.uscc)];
    const { code: _code, ...service } = { ...HOUSEHOLD_SERVICE, timeoutMs: 5_000 };
    await call('PUT', `/v1/data/services/${SERVICE}`, service, psbAdmin);
    const grant = (await (
      await call('POST', `/v1/data/services/${SERVICE}/grants`, { purposes: [ITEM], fields: ['match', 'name', 'address'] }, approvalAdmin)
    ).json()) as { id: string };
    const expiresAt = new Date(Date.now() + 86_400_000).toISOString();
    await call('POST', `/v1/data/grants/${grant.id}/approve`, { expiresAt, quotaPerMinute: 1_000_000 }, psbAdmin);

    const provider = createDataClient(loadConnectorConfig(psb.config));
    const consumer: DataClient = createDataClient(loadConnectorConfig(approval.config), { via: 'kafka' });
    cleanups.unshift(
      () => consumer.close(),
      () => provider.close(),
    );
    await provider.serve(SERVICE, async () => RECORD);
    let n = 0;
    const ask = async () => {
      const started = performance.now();
      await consumer.request(SERVICE, { idNumber: '431322199203150030', name: '刘伟' }, { caseNo: `XH-B-${n++}`, serviceItem: ITEM });
      return performance.now() - started;
    };

    log(`warm-up ${args.warmup} s`);
    await unpaced(ask, CONCURRENCY, Number(args.warmup) * 1000);
    const owners = {
      hubPid: hub.pid,
      postgresDataDir: await dataDirectory(database),
      ...(kafka.dataDir ? { kafkaDataDir: kafka.dataDir } : {}),
    };
    const cpuBefore = cpuSnapshot(owners);
    log(`unpaced: ${CONCURRENCY} in flight for ${DURATION_S} s`);
    const open = await unpaced(ask, CONCURRENCY, DURATION_S * 1000);
    const cpu = cpuUsedBetween(cpuBefore, cpuSnapshot(owners));
    log(`paced: ${PACED}/s for ${DURATION_S} s`);
    const paced = await pacedRun(ask, PACED, DURATION_S * 1000);
    log('raw broker round trip (produce → echo → consume), paced the same');
    const raw = (await rawRoundTrip(kafka.brokers, prefix, PACED, DURATION_S * 1000)).latencies;

    log(`raw broker round trip, unpaced: ${CONCURRENCY} in flight`);
    const rawOpen = await rawRoundTrip(kafka.brokers, `${prefix}open-`, 0, DURATION_S * 1000);
    const perRequest = (seconds: number) => fmt((seconds / Math.max(1, open.latencies.length)) * 1e6);
    const rate = open.latencies.length / open.seconds;
    const p50 = quantile(paced.latencies, 0.5);
    const p99 = quantile(paced.latencies, 0.99);
    const rawP50 = quantile(raw, 0.5);
    const lines = [
      '',
      'zhengzhao bench:exchange — data requests through the hub over Kafka (SDK consumer → hub → SDK provider → hub → consumer)',
      `  round trips/s (unpaced, ${CONCURRENCY} in flight): ${fmt(rate)}  (target ≥ ${fmt(TARGET.rate)}; ${open.errors} errors)`,
      `  paced ${PACED}/s: p50 ${fmt(p50, 1)} ms, p99 ${fmt(p99, 1)} ms  (target p99 ≤ ${TARGET.pacedP99} ms; ${paced.errors} errors, ${fmt(paced.latencies.length / paced.seconds)}/s achieved)`,
      `  raw broker round trip at ${PACED}/s: p50 ${fmt(rawP50, 1)} ms, p99 ${fmt(quantile(raw, 0.99), 1)} ms`,
      `  hub adds at p50: ${fmt(p50 - rawP50, 1)} ms  (target ≤ ${TARGET.addedP50} ms)`,
      `  hub CPU per request: ${perRequest(cpu.hub)} µs  (postgres ${perRequest(cpu.postgres)} µs, kafka ${perRequest(cpu.kafka)} µs, SDK consumer + provider ${perRequest(cpu['load generator'])} µs, rest of the machine ${perRequest(cpu.other)} µs)`,
      `  raw broker round trips/s (unpaced, ${CONCURRENCY} in flight, same clients' batching): ${fmt(rawOpen.latencies.length / rawOpen.seconds)} — the two-hop ceiling of this broker on this machine`,
      `  machine: ${os.cpus().length} CPUs (${os.cpus()[0]?.model ?? 'unknown'}), node ${process.version}; hub log ${path.join(runDir, 'hub.log')}`,
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (args.profile) {
      for (const cleanup of cleanups.splice(0)) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
      const file = readdirSync(profileDir).find((f) => f.endsWith('.cpuprofile'));
      if (file)
        process.stdout.write(
          `\n${formatProfileSummary(summariseCpuProfile(path.join(profileDir, file)))}\n\nProfile: ${path.join(profileDir, file)}\n`,
        );
    }
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

interface Run {
  latencies: number[];
  errors: number;
  seconds: number;
}

async function unpaced(ask: () => Promise<number>, concurrency: number, ms: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const end = started + ms;
  await Promise.all(
    Array.from({ length: concurrency }, async () => {
      while (performance.now() < end)
        await ask().then(
          (l) => void latencies.push(l),
          () => void (errors += 1),
        );
    }),
  );
  return { latencies: latencies.sort((a, b) => a - b), errors, seconds: (performance.now() - started) / 1000 };
}

async function pacedRun(ask: () => Promise<number>, perSecond: number, ms: number): Promise<Run> {
  const latencies: number[] = [];
  let errors = 0;
  const started = performance.now();
  const inFlight: Promise<void>[] = [];
  for (let i = 0; ; i++) {
    const due = started + (i * 1000) / perSecond;
    if (due > started + ms) break;
    const wait = due - performance.now();
    if (wait > 1) await new Promise((r) => setTimeout(r, wait));
    inFlight.push(
      ask().then(
        (l) => void latencies.push(l),
        () => void (errors += 1),
      ),
    );
  }
  await Promise.all(inFlight);
  return { latencies: latencies.sort((a, b) => a - b), errors, seconds: ms / 1000 };
}

/**
 * Two hops over the raw broker (ping → echo → pong) with the same kafkajs settings and the same
 * produce batching as the SDK: paced at `perSecond`, or with CONCURRENCY in flight when it is 0.
 */
async function rawRoundTrip(brokers: string, prefix: string, perSecond: number, ms: number): Promise<Run> {
  const kafka = new Kafka({ clientId: 'bench-raw', brokers: [brokers], logLevel: logLevel.NOTHING });
  const [ping, pong] = [`${prefix}raw.ping`, `${prefix}raw.pong`];
  const admin = kafka.admin();
  await admin.connect();
  await admin.createTopics({ waitForLeaders: true, topics: [ping, pong].map((topic) => ({ topic, numPartitions: 3 })) });
  await admin.disconnect();
  const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const produce = createProduceCoalescer(async (topicMessages) => void (await producer.sendBatch({ topicMessages, acks: -1 })), {
    refusesContent: () => false,
  });
  const echo = kafka.consumer({ groupId: `${prefix}raw-echo`, maxWaitTimeInMs: 100 });
  const back = kafka.consumer({ groupId: `${prefix}raw-back`, maxWaitTimeInMs: 100 });
  const sent = new Map<string, () => void>();
  await Promise.all([producer.connect(), echo.connect(), back.connect()]);
  await echo.subscribe({ topic: ping, fromBeginning: true });
  await back.subscribe({ topic: pong, fromBeginning: true });
  await echo.run({ eachBatch: async ({ batch }) => produce({ topic: pong, messages: batch.messages }) });
  await back.run({ eachBatch: async ({ batch }) => batch.messages.forEach((m) => sent.get(m.key?.toString() ?? '')?.()) });
  let n = 0;
  const ask = () =>
    new Promise<number>((resolve, reject) => {
      const key = String(n++);
      const at = performance.now();
      sent.set(key, () => (sent.delete(key), resolve(performance.now() - at)));
      produce({ topic: ping, messages: [{ key, value: JSON.stringify({ key, padding: RECORD }) }] }).catch(reject);
    });
  const bounded = () =>
    Promise.race([ask(), new Promise<number>((_, reject) => setTimeout(() => reject(new Error('lost')), 30_000).unref())]);
  const run = perSecond > 0 ? await pacedRun(bounded, perSecond, ms) : await unpaced(bounded, CONCURRENCY, ms);
  await Promise.all([echo.disconnect(), back.disconnect(), producer.disconnect()]);
  return run;
}

async function dataDirectory(url: string): Promise<string | undefined> {
  const sql = postgres(url, { max: 1, onnotice: () => {} });
  try {
    return (await sql<{ data_directory: string }[]>`show data_directory`)[0]?.data_directory;
  } catch {
    return undefined;
  } finally {
    await sql.end();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
