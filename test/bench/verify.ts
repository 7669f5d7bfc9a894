/**
 * `npm run bench:verify [-- --licenses N --connections C --duration S --profile]` — online
 * verification by identifier over HTTP against real PostgreSQL holding N licences (default 1M).
 *
 * The hub runs as the built process (its RSS is its own); the load generator is a worker thread
 * here, keeping C keep-alive connections busy with clerks' `POST /v1/verifications` (tokens of
 * several departments, random identifiers of valid licences, a case number each), every answer
 * audited and receipted by the hub. After a warm-up the timed window gives verifications/s and
 * p50/p99 latency; every answer's status is checked and a sample is read check by check, so errors
 * are counted, not measured. Then, on the same table in the same run, the same worker measures raw
 * postgres.js primary-key lookups at the same concurrency over a pool the size of the hub's.
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
import { beijingDate } from '../../src/core/licenses/license.js';
import { startBenchHub } from './bench-hub.js';
import { cpuSnapshot, cpuUsedBetween, type CpuGroups } from './cpu-accounting.js';
import { formatProfileSummary, summariseCpuProfile } from './cpu-profile-summary.js';
import { startKeptPostgres } from './kept-postgres.js';
import type { LoadJob, LoadMessage } from './verify-load.js';
import { seedLicenses } from './verify-seed.js';

const { values: args } = parseArgs({
  options: {
    licenses: { type: 'string', default: '1000000' },
    departments: { type: 'string', default: '30' },
    clerks: { type: 'string', default: '8' },
    connections: { type: 'string', default: '64' },
    pool: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '10' },
    duration: { type: 'string', default: '30' },
    seed: { type: 'string', default: '20240301' },
    profile: { type: 'boolean', default: false },
    'hub-env': { type: 'string', multiple: true, default: [] },
  },
});
const LICENSES = Number(args.licenses);
const CONNECTIONS = Number(args.connections);
const POOL = Number(args.pool);
const PROGRESS_MS = 5_000;
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
    log(
      reused
        ? `reusing the seeded database in ${root} (${fmt(LICENSES)} licences; delete the directory to reseed)`
        : `PostgreSQL cluster created in ${root}`,
    );

    const hubData = path.join(root, 'hub-data');
    const hub = await startBenchHub({
      logFile: path.join(runDir, 'hub.log'),
      ...(args.profile ? { profileDir: path.join(runDir, 'profile') } : {}),
      env: {
        DATABASE_URL: databaseUrl,
        DATABASE_POOL_MAX: String(POOL),
        ZZ_DATA_DIR: hubData,
        PORT: '0',
        ZZ_DEMO: 'false',
        // The bench is one county's whole load from a few clerks: the per-user limits would refuse it.
        ZZ_VERIFY_RATE_USER: '1000000',
        ZZ_VERIFY_RATE_DEPARTMENT: '1000000',
        ...Object.fromEntries(args['hub-env'].map((kv) => kv.split(/=(.*)/s).slice(0, 2))),
      },
    });
    cleanups.unshift(() => hub.stop());
    log(`hub pid ${hub.pid} at ${hub.url}; logs in ${runDir}`);
    while ((await fetch(`${hub.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    const adminToken = readFileSync(path.join(hubData, 'admin.token'), 'utf8').trim();

    if (!reused) {
      const started = performance.now();
      await seedLicenses({
        hubUrl: hub.url,
        adminToken,
        databaseUrl,
        hubDataDir: hubData,
        count: LICENSES,
        departments: Number(args.departments),
        seed: Number(args.seed),
        log,
      });
      const seconds = (performance.now() - started) / 1000;
      writeFileSync(
        marker,
        `${JSON.stringify({ licenses: LICENSES, seed: Number(args.seed), seededAt: new Date().toISOString(), seconds })}\n`,
      );
      log(`seeded ${fmt(LICENSES)} sealed licences in ${seconds.toFixed(0)} s`);
    }

    const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
    const today = beijingDate(new Date());
    // Valid today, so that every answer must be `valid`: anything else is an error of the run.
    const ids = (
      await sql<{ id: string }[]>`select id from licenses where status = 'valid' and (valid_until is null or valid_until >= ${today}::date)`
    ).map((r) => r.id);
    const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`select count(*)::int as total from licenses`;
    const [{ size } = { size: '' }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('licenses')) as size`;
    const [{ server_version: version } = { server_version: '' }] = await sql<{ server_version: string }[]>`show server_version`;
    const clerkDepartments = (await sql<{ uscc: string }[]>`select uscc from departments order by uscc limit ${Number(args.clerks)}`).map(
      (r) => r.uscc,
    );
    await sql.end();
    log(`licenses: ${fmt(total)} rows (${size}); drawing from the ${fmt(ids.length)} valid today`);

    const tokens: string[] = [];
    for (const department of clerkDepartments) {
      const response = await fetch(`${hub.url}/v1/tokens`, {
        method: 'POST',
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: JSON.stringify({ role: 'clerk', department, ttl: '1h' }),
      });
      if (response.status !== 201) throw new Error(`clerk token for ${department}: ${response.status} ${await response.text()}`);
      tokens.push(((await response.json()) as { token: string }).token);
    }
    log(`${tokens.length} clerk tokens of ${tokens.length} departments`);

    const job = (mode: LoadJob['mode']): LoadJob => ({
      mode,
      target: mode === 'http' ? hub.url : databaseUrl,
      tokens,
      ids: ids.join('\n'),
      connections: CONNECTIONS,
      poolMax: POOL,
      warmupMs: Number(args.warmup) * 1000,
      durationMs: Number(args.duration) * 1000,
      sampleEvery: 100,
    });

    log(`verifications: ${CONNECTIONS} connections, ${args.warmup} s warm-up, then ${args.duration} s timed`);
    // This machine is shared: other work running meanwhile is part of what the figures mean.
    const loadBefore = os.loadavg()[0] as number;
    const rss: number[] = [];
    const owners = { hubPid: hub.pid, postgresDataDir: path.join(root, 'pg', 'data') };
    let cpuFrom: { at: number; groups: CpuGroups } | undefined;
    const verifications = await runLoad(job('http'), 'verifications', (timed) => {
      rss.push(hub.memory().rss);
      if (timed && !cpuFrom) cpuFrom = { at: performance.now(), groups: cpuSnapshot(owners) };
    });
    // Where the machine's cores went during the timed window: hub, PostgreSQL, this process's load generator, everything else.
    const cpuSeconds = (performance.now() - (cpuFrom?.at ?? 0)) / 1000;
    const cpu = cpuUsedBetween(cpuFrom?.groups ?? cpuSnapshot(owners), cpuSnapshot(owners));
    const cpuShare = (['hub', 'postgres', 'load generator', 'other'] as const)
      .map((g) => `${g} ${((100 * cpu[g]) / (cpuSeconds * os.availableParallelism())).toFixed(0)} %`)
      .join(', ');
    const latencies = verifications.latencies.sort();
    const quantile = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(q * latencies.length))] ?? NaN;
    const verifyRate = verifications.done / verifications.seconds;

    log(`raw lookups: ${CONNECTIONS} in flight over a pool of ${POOL}, same table`);
    const lookups = await runLoad(job('lookups'), 'lookups');
    const lookupRate = lookups.done / lookups.seconds;
    const lookupLatencies = lookups.latencies.sort();

    const peakRss = Math.max(...rss);
    const failures =
      Object.entries(verifications.failures)
        .map(([what, n]) => `${what}: ${fmt(n)}`)
        .join('; ') || 'none';
    const report = [
      `### bench:verify — ${new Date().toISOString().slice(0, 10)}`,
      '',
      `Command: \`npm run bench:verify -- ${process.argv.slice(2).join(' ')}\`${reused ? ' (seeded database reused)' : ''}`,
      '',
      `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? '?'}), ${fmt(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, PostgreSQL ${version} (durability on), hub pool ${POOL}, load generator and PostgreSQL on the same machine; 1-min load average ${loadBefore.toFixed(1)} before the run, ${(os.loadavg()[0] as number).toFixed(1)} after`,
      '',
      `Data: ${fmt(total)} licences (${size}), drawn from the ${fmt(ids.length)} valid today; ${tokens.length} clerk departments; ${CONNECTIONS} keep-alive connections`,
      '',
      '| figure | measured | target |',
      '|---|---|---|',
      `| verifications/s (${args.duration} s timed, after ${args.warmup} s warm-up) | ${fmt(verifyRate)} | ≥ 10,000 |`,
      `| latency p50 / p99 / max | ${quantile(0.5).toFixed(1)} / ${quantile(0.99).toFixed(1)} / ${(latencies[latencies.length - 1] ?? NaN).toFixed(1)} ms | p99 ≤ 25 ms |`,
      `| hub RSS (sampled each second: peak / last) | ${fmt(peakRss / 2 ** 20)} / ${fmt((rss[rss.length - 1] ?? 0) / 2 ** 20)} MB | ≤ 256 MB |`,
      `| raw postgres.js primary-key lookups/s (p50 ${(lookupLatencies[Math.floor(lookupLatencies.length / 2)] ?? NaN).toFixed(1)} ms) | ${fmt(lookupRate)} | |`,
      `| ratio verifications ÷ lookups | ${(verifyRate / lookupRate).toFixed(2)} | ≥ 0.35 |`,
      `| answers not 200 + valid + receipted | ${fmt(Object.values(verifications.failures).reduce((a, b) => a + b, 0))} of ${fmt(verifications.done)} (${failures}) | 0 |`,
      `| machine CPU during the timed window (share of ${os.availableParallelism()} cores) | ${cpuShare} | |`,
      `| sampled answers read check by check | ${fmt(verifications.sampledValid)} of ${fmt(verifications.sampled)} valid with integrity, issuer, status and a receipt | all |`,
    ].join('\n');
    let full = report;
    if (args.profile) {
      await hub.stop();
      const dir = path.join(runDir, 'profile');
      const file = readdirSync(dir).find((f) => f.endsWith('.cpuprofile'));
      if (file) full += `\n\n${formatProfileSummary(summariseCpuProfile(path.join(dir, file)))}\n\nProfile: ${path.join(dir, file)}`;
    }
    writeFileSync(path.join(runDir, 'report.md'), `${full}\n`);
    process.stdout.write(`\n${full}\n\n`);
    log(`report saved to ${path.join(runDir, 'report.md')}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

async function runLoad(job: LoadJob, what: string, everySecond?: (timed: boolean) => void) {
  const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: job });
  let shown = { at: 0, done: 0 };
  return new Promise<Extract<LoadMessage, { type: 'done' }>>((resolve, reject) => {
    worker.on('message', (message: LoadMessage) => {
      if (message.type === 'done') return resolve(message);
      everySecond?.(message.timed);
      if (!message.timed) return;
      const now = performance.now();
      if (shown.at === 0) shown = { at: now, done: message.done };
      else if (now - shown.at >= PROGRESS_MS) {
        log(
          `${what}: ${fmt(message.done)} timed · ${fmt((message.done - shown.done) / ((now - shown.at) / 1000))}/s now · ${fmt(message.failed)} failed`,
        );
        shown = { at: now, done: message.done };
      }
    });
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
