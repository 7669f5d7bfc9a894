/**
 * `npm run bench:verify [-- --licenses N --connections C --warmup S --duration S --workers W --profile]`
 * — online verification by identifier over HTTP against real PostgreSQL holding N licences
 * (default 1M), every figure of the speed issue's verification table from one run.
 *
 * The hub runs as the built process (its RSS and CPU are its own, read from /proc). The load is
 * autocannon in this process (test/bench/http-load.ts): C keep-alive connections of clerks'
 * `POST /v1/verifications` (tokens of several departments, random identifiers of licences valid
 * today, a case number each), every answer audited and receipted by the hub and checked here. In
 * order, each after its own warm-up: (1) the one-process maximum, with the hub's CPU per
 * verification and RSS; (2) a paced phase at half that rate, open loop (test/bench/verify-load.ts),
 * for the latency below saturation; (3) batches of `--batch` licences with one receipt; (4) the same
 * autocannon load on a bare Hono endpoint doing only the narrow-row lookup on the same pool
 * settings (test/bench/bare-lookup-server.ts), for the ratio hub ÷ bare; (5) raw postgres.js
 * lookups and ES256 verifications per second, the machine's limits; (6) the hub again as
 * `ZZ_WORKERS=W` processes (skipped with `--workers 1`).
 *
 * Seeding a million sealed licences takes minutes, so the cluster lives under
 * `os.tmpdir()/zz-bench-verify-N` and is reused by later runs with the same N (delete it to reseed).
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Worker } from 'node:worker_threads';
import postgres from 'postgres';
import { startBenchHub, type BenchHub } from './bench-hub.js';
import { gitCommit } from './bench-report.js';
import { cpuSnapshot, cpuUsedBetween } from './cpu-accounting.js';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';
import { runHttpLoad, type HttpLoad } from './http-load.js';
import { startKeptPostgres } from './kept-postgres.js';
import { es256VerifyRate } from './raw-limits.js';
import { checkBatch, checkVerification } from './verify-answers.js';
import type { LoadJob, LoadMessage } from './verify-load.js';
import { formatVerifyReport, type HubPhase } from './verify-report.js';
import { seedLicenses } from './verify-seed.js';
import { clerkTokens, readData, startBare } from './verify-setup.js';

const { values: args } = parseArgs({
  options: {
    licenses: { type: 'string', default: '1000000' },
    departments: { type: 'string', default: '30' },
    clerks: { type: 'string', default: '8' },
    connections: { type: 'string', default: '64' },
    pool: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    duration: { type: 'string', default: '30' },
    workers: { type: 'string', default: '2' },
    batch: { type: 'string', default: '20' },
    seed: { type: 'string', default: '20240301' },
    profile: { type: 'boolean', default: false },
    'hub-env': { type: 'string', multiple: true, default: [] },
  },
});
const LICENSES = Number(args.licenses);
const CONNECTIONS = Number(args.connections);
const POOL = Number(args.pool);
const WARMUP = Number(args.warmup);
const DURATION = Number(args.duration);
const BATCH = Number(args.batch);
const SAMPLE_EVERY = 100;
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./verify-load.ts', import.meta.url).href)}); })`;

const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const root = path.join(os.tmpdir(), `zz-bench-verify-${LICENSES}`);
  const marker = path.join(root, 'seeded.json');
  if (existsSync(root) && !existsSync(marker)) {
    log(`${root} holds an unfinished seeding: starting over`);
    rmSync(root, { recursive: true, force: true });
  }
  const reused = existsSync(marker);
  mkdirSync(root, { recursive: true });
  const runDir = path.join(root, 'runs', new Date().toISOString().replace(/[:.]/g, '-'));
  mkdirSync(runDir, { recursive: true });
  const loadBefore = os.loadavg()[0] as number;
  const cleanups: (() => Promise<unknown>)[] = [];
  try {
    const pg = await startKeptPostgres(path.join(root, 'pg'));
    cleanups.unshift(() => pg.stop());
    const databaseUrl = Object.assign(new URL(pg.url), { pathname: '/zz_verify' }).toString();
    if (pg.created) {
      const admin = postgres(pg.url, { max: 1, onnotice: () => {} });
      await admin`create database zz_verify`;
      await admin.end();
    }
    log(reused ? `reusing the seeded database in ${root} (delete the directory to reseed)` : `PostgreSQL cluster created in ${root}`);
    const postgresDataDir = path.join(root, 'pg', 'data');
    const hubData = path.join(root, 'hub-data');
    const startHub = async (workers: number, profile: boolean) => {
      const hub = await startBenchHub({
        logFile: path.join(runDir, `hub-${workers}.log`),
        ...(profile ? { profileDir: path.join(runDir, 'profile') } : {}),
        env: {
          DATABASE_URL: databaseUrl,
          DATABASE_POOL_MAX: String(POOL),
          ZZ_DATA_DIR: hubData,
          ZZ_WORKERS: String(workers),
          PORT: '0',
          ZZ_DEMO: 'false',
          // The bench is one county's whole load from a few clerks on one address: the per-user,
          // per-department and per-address limits would refuse it.
          ZZ_VERIFY_RATE_USER: '1000000',
          ZZ_VERIFY_RATE_DEPARTMENT: '1000000',
          ZZ_VERIFY_RATE_ADDRESS: '1000000',
          ...Object.fromEntries(args['hub-env'].map((kv) => kv.split(/=(.*)/s).slice(0, 2))),
        },
      });
      while ((await fetch(`${hub.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 200));
      log(`hub of ${workers} process(es), pid ${hub.pid}, at ${hub.url}; logs in ${runDir}`);
      return hub;
    };

    let hub = await startHub(1, args.profile);
    let stopHub = () => hub.stop();
    cleanups.unshift(() => stopHub());
    const adminToken = readFileSync(path.join(hubData, 'admin.token'), 'utf8').trim();
    if (!reused) {
      const started = performance.now();
      const seed = Number(args.seed);
      await seedLicenses({
        hubUrl: hub.url,
        adminToken,
        databaseUrl,
        hubDataDir: hubData,
        count: LICENSES,
        departments: Number(args.departments),
        seed,
        log,
      });
      const seconds = (performance.now() - started) / 1000;
      writeFileSync(marker, `${JSON.stringify({ licenses: LICENSES, seed, seededAt: new Date().toISOString(), seconds })}\n`);
      log(`seeded ${fmt(LICENSES)} sealed licences in ${seconds.toFixed(0)} s`);
    }
    const data = await readData(databaseUrl, Number(args.clerks));
    log(`licenses: ${fmt(data.total)} rows (${data.size}); drawing from the ${fmt(data.ids.length)} valid today`);
    const tokens = await clerkTokens(hub.url, adminToken, data.clerkDepartments);
    const pick = () => data.ids[Math.floor(Math.random() * data.ids.length)] as string;
    const caseNo = (i: number) => `XH2026${String(i).padStart(9, '0')}`;
    const single: Omit<HttpLoad, 'url' | 'seconds'> = {
      connections: CONNECTIONS,
      sampleEvery: SAMPLE_EVERY,
      next: (i) => ({ body: JSON.stringify({ licenseId: pick(), purpose: { caseNo: caseNo(i) } }), token: tokens[i % tokens.length] }),
      check: checkVerification,
    };

    /** Warm-up, then the timed window with the CPU of every process group and the hub's RSS each second. */
    const measured = async (what: string, load: Omit<HttpLoad, 'seconds'>, owners: { hubPid: number }, rssOf?: BenchHub) => {
      log(`${what}: ${WARMUP} s warm-up, then ${DURATION} s timed`);
      await runHttpLoad({ ...load, seconds: WARMUP });
      const rss: number[] = [];
      const sampler = rssOf && setInterval(() => rss.push(rssOf.memory().rss), 1_000);
      const before = cpuSnapshot({ ...owners, postgresDataDir });
      const result = await runHttpLoad({ ...load, seconds: DURATION });
      const cpu = cpuUsedBetween(before, cpuSnapshot({ ...owners, postgresDataDir }));
      clearInterval(sampler);
      log(`${what}: ${fmt(result.rate)}/s, p99 ${result.latency.p99} ms, ${fmt(result.failed)} wrong of ${fmt(result.done)}`);
      return { result, cpu, peakRss: Math.max(0, ...rss) };
    };
    const hubPhase = async (workers: number): Promise<HubPhase> => {
      const verifyUrl = `${hub.url}/v1/verifications`;
      const { result, cpu, peakRss } = await measured(
        `verifications, ${workers} hub process(es)`,
        { ...single, url: verifyUrl },
        { hubPid: hub.pid },
        hub,
      );
      return { workers, result, cpu, peakRss, processes: hub.pids().length };
    };

    const one = await hubPhase(1);
    const pacedRate = Math.max(1, Math.round(one.result.rate / 2));
    log(`paced: ${fmt(pacedRate)} verifications/s (half the maximum), open loop, ${WARMUP} s warm-up then ${DURATION} s timed`);
    const paced = await runWorkerLoad({
      mode: 'paced',
      rate: pacedRate,
      target: hub.url,
      tokens,
      ids: data.ids.join('\n'),
      connections: CONNECTIONS,
      poolMax: POOL,
      warmupMs: WARMUP * 1000,
      durationMs: DURATION * 1000,
      sampleEvery: SAMPLE_EVERY,
    });

    const batch = await measured(
      `batches of ${BATCH}`,
      {
        ...single,
        url: `${hub.url}/v1/verifications/batch`,
        next: (i) => ({
          body: JSON.stringify({ items: Array.from({ length: BATCH }, () => ({ licenseId: pick() })), purpose: { caseNo: caseNo(i) } }),
          token: tokens[i % tokens.length],
        }),
        check: (status, text, sampled) => checkBatch(BATCH, status, text, sampled),
      },
      { hubPid: hub.pid },
    );
    await stopHub();
    let profile = '';
    if (args.profile) {
      const dir = path.join(runDir, 'profile');
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) profile = `${formatProfileSummary(summariseCpuProfile(path.join(dir, file)))}\n\nProfile: ${path.join(dir, file)}`;
    }

    const bareServer = await startBare(databaseUrl, POOL);
    const bare = await measured(
      'bare lookup endpoint',
      {
        ...single,
        url: `${bareServer.url}/lookup`,
        next: () => ({ body: JSON.stringify({ licenseId: pick() }) }),
        check: (status) => (status === 200 ? undefined : `HTTP ${status}`),
      },
      { hubPid: bareServer.pid },
    );
    await bareServer.stop();

    log(`raw lookups: ${CONNECTIONS} in flight over a pool of ${POOL}, same table`);
    const lookups = await runWorkerLoad({
      mode: 'lookups',
      rate: 0,
      target: databaseUrl,
      tokens,
      ids: data.ids.join('\n'),
      connections: CONNECTIONS,
      poolMax: POOL,
      warmupMs: Math.min(WARMUP, 5) * 1000,
      durationMs: Math.min(DURATION, 10) * 1000,
      sampleEvery: SAMPLE_EVERY,
    });
    const es256 = es256VerifyRate(Buffer.from(data.jws.slice(0, data.jws.lastIndexOf('.')), 'ascii'));

    const workers = Number(args.workers);
    let many: HubPhase | undefined;
    if (workers > 1) {
      hub = await startHub(workers, false);
      stopHub = () => hub.stop();
      many = await hubPhase(workers);
      await stopHub();
    }

    const report = formatVerifyReport({
      command: `npm run bench:verify -- ${process.argv.slice(2).join(' ')}`.trim(),
      reused,
      commit: gitCommit(),
      machine: { postgres: data.version, pool: POOL, loadBefore, loadAfter: os.loadavg()[0] as number },
      data: { total: data.total, size: data.size, valid: data.ids.length, clerks: tokens.length, connections: CONNECTIONS },
      warmup: WARMUP,
      duration: DURATION,
      one,
      many,
      paced: { rate: pacedRate, ...paced },
      batch: { size: BATCH, ...batch },
      bare: { ...bare, cpu: bare.cpu.hub },
      rawLookups: lookups.done / lookups.seconds,
      es256,
    });
    const full = profile ? `${report}\n\n${profile}` : report;
    writeFileSync(path.join(runDir, 'report.md'), `${full}\n`);
    process.stdout.write(`\n${full}\n\n`);
    log(`report saved to ${path.join(runDir, 'report.md')}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

function runWorkerLoad(job: LoadJob) {
  const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: job });
  return new Promise<Extract<LoadMessage, { type: 'done' }>>((resolve, reject) => {
    worker.on('message', (message: LoadMessage) => message.type === 'done' && resolve(message));
    worker.once('error', reject);
    worker.once('exit', (code) => code !== 0 && reject(new Error(`load worker exited with ${code}`)));
  }).finally(() => worker.terminate());
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:verify failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
