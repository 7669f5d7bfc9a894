/**
 * `npm run bench:import [-- --count N]` — `zhengzhao import --via kafka` of a CSV of N marriage
 * registrations (default 200,000; no status column, so both sides publish licences only) into a
 * hub on the real broker and PostgreSQL, and beside it, on the same servers in the same run,
 * `bench:ingest` of as many pre-sealed licences.
 *
 * The importer runs as the built CLI process a department would run; its CPU time and memory are
 * read from /proc for its pid, so "importer rows/s on one core" is rows ÷ its own CPU seconds
 * (parse + validate + seal + produce; the hub's work is in other processes), and its peak RSS is
 * the kernel's VmHWM. End to end is accepted rows ÷ wall time from start to the importer's exit
 * (every answer on licenses.results received). Targets (issue: connectors): importer ≥ 20,000
 * rows/s on one core, end to end within 10 % of the pre-sealed ingest rate, importer RSS ≤ 200 MB.
 */
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { createWriteStream, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { once } from 'node:events';
import { parseArgs } from 'node:util';
import postgres from 'postgres';
import { CIVIL_AFFAIRS, csvLine, HEADER, MARRIAGE, marriageRow } from '../fixtures/import/marriage-export.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { builtCli, repoRoot } from '../support/hub-process.js';
import { startBenchHub } from './bench-hub.js';
import { freshDatabase, ownKafka, ownPostgres, type Cleanups } from './bench-services.js';

const { values: args } = parseArgs({
  options: { count: { type: 'string', default: '200000' }, 'skip-ingest': { type: 'boolean', default: false } },
});
const COUNT = Number(args.count);
const TARGET = { importerRate: 20_000, endToEndShare: 0.9, rssMb: 200 };
const MAPPING = path.join(repoRoot, 'test', 'fixtures', 'import', 'marriage-mapping.json');
const TICKS_PER_SECOND = 100;

const log = (line: string) => process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${line}\n`);
const fmt = (n: number) => Math.round(n).toLocaleString('en-US');

async function main(): Promise<void> {
  const runDir = mkdtempSync(path.join(os.tmpdir(), 'zz-bench-import-'));
  const cleanups: Cleanups = [];
  try {
    const server = process.env.DATABASE_URL ?? (await ownPostgres(cleanups, log));
    const brokers = process.env.KAFKA_BROKERS ?? (await ownKafka(cleanups, log)).brokers;
    const database = await freshDatabase(server, cleanups);
    const prefix = `zz-bench-${randomBytes(3).toString('hex')}.`;
    const dataDir = path.join(runDir, 'hub-data');
    const env = {
      DATABASE_URL: database,
      KAFKA_BROKERS: brokers,
      KAFKA_TOPIC_PREFIX: prefix,
      ZZ_DATA_DIR: dataDir,
      PORT: '0',
      ZZ_DEMO: 'false',
    };
    const hub = await startBenchHub({ logFile: path.join(runDir, 'hub.log'), env });
    cleanups.unshift(() => hub.stop());
    while ((await fetch(`${hub.url}/readyz`).catch(() => undefined))?.status !== 200) await new Promise((r) => setTimeout(r, 200));
    const adminToken = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const call = (method: string, url: string, body?: unknown) =>
      fetch(`${hub.url}${url}`, {
        method,
        headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
        body: body === undefined ? undefined : JSON.stringify(body),
      });
    const department = await onboardDepartment(
      {
        hub: { url: hub.url },
        call,
        async registerDepartment(uscc, name) {
          const response = await call('POST', '/v1/departments', { uscc, name, level: 'county' });
          if (response.status !== 201) throw new Error(`department: ${response.status} ${await response.text()}`);
        },
      },
      { ...CIVIL_AFFAIRS, licenseTypes: [MARRIAGE], kafka: { brokers: [brokers], topicPrefix: prefix } },
    );

    const file = path.join(runDir, 'marriages.csv');
    await writeExport(file, COUNT);
    log(`${fmt(COUNT)} rows written to ${file}`);

    const importer = await runImporter(['import', file, '--config', department.config, '--mapping', MAPPING, '--via', 'kafka'], runDir);
    const [row] = await postgres(database, { max: 1, onnotice: () => {} })<{ n: number }[]>`select count(*)::int as n from licenses`;
    const stored = row?.n ?? 0;
    const importerRate = COUNT / importer.cpuSeconds;
    const endToEnd = stored / importer.wallSeconds;
    log(
      `importer exit ${importer.exitCode}: ${fmt(stored)} stored in ${importer.wallSeconds.toFixed(1)} s, ${importer.cpuSeconds.toFixed(1)} CPU s`,
    );

    let ingestRate: number | undefined;
    if (!args['skip-ingest']) {
      log('bench:ingest of as many pre-sealed licences on the same servers');
      ingestRate = await runIngest(COUNT, { DATABASE_URL: server, KAFKA_BROKERS: brokers }, runDir);
    }
    const mark = (ok: boolean) => (ok ? '✓' : '✗');
    const report = [
      `### ${new Date().toISOString().slice(0, 10)} · bench:import · ${fmt(COUNT)} CSV rows via Kafka`,
      '',
      `\`npm run bench:import${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``,
      '',
      `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.version}; importer, hub, PostgreSQL and Kafka share it.`,
      '',
      '| figure | measured | target |',
      '|---|---|---|',
      `| importer rows/s on one core (rows ÷ importer CPU s: parse, validate, seal, produce) | ${fmt(importerRate)} | ≥ ${fmt(TARGET.importerRate)} ${mark(importerRate >= TARGET.importerRate)} |`,
      `| accepted/s end to end (importer start → exit, every answer received) | ${fmt(endToEnd)} | within 10 % of ingest |`,
      ingestRate === undefined
        ? '| pre-sealed ingest accepted/s (bench:ingest, same run) | skipped | |'
        : `| pre-sealed ingest accepted/s (bench:ingest, same run) | ${fmt(ingestRate)} | end to end ≥ ${fmt(ingestRate * TARGET.endToEndShare)} ${mark(endToEnd >= ingestRate * TARGET.endToEndShare)} |`,
      `| importer peak RSS (VmHWM) | ${fmt(importer.peakRss / 2 ** 20)} MB | ≤ ${TARGET.rssMb} MB ${mark(importer.peakRss <= TARGET.rssMb * 2 ** 20)} |`,
      `| rows stored / importer exit code | ${fmt(stored)} / ${importer.exitCode} | ${fmt(COUNT)} / 0 |`,
    ].join('\n');
    writeFileSync(path.join(runDir, 'report.md'), `${report}\n`);
    process.stdout.write(`\n${report}\n\n`);
    log(`report saved to ${path.join(runDir, 'report.md')}`);
  } finally {
    for (const cleanup of cleanups) await cleanup().catch((error: unknown) => log(`cleanup: ${String(error)}`));
  }
}

async function writeExport(file: string, count: number): Promise<void> {
  const out = createWriteStream(file);
  out.write(`${csvLine(HEADER)}\n`);
  for (let i = 0; i < count; i++) {
    if (!out.write(`${csvLine(marriageRow(9, i, false).cells)}\n`)) await once(out, 'drain');
  }
  out.end();
  await once(out, 'finish');
}

/** The CLI as a child process, its CPU and memory sampled from /proc until it exits. */
async function runImporter(cliArgs: string[], runDir: string) {
  const started = performance.now();
  const child = spawn(process.execPath, [builtCli, ...cliArgs], { cwd: repoRoot, stdio: ['ignore', 'pipe', 'pipe'] });
  const output = createWriteStream(path.join(runDir, 'importer.log'));
  child.stdout.pipe(output);
  child.stderr.on('data', (chunk: Buffer) => {
    output.write(chunk);
    const text = chunk.toString('utf8').trim();
    if (text.startsWith('进度')) log(`importer: ${text}`);
  });
  let sample = { cpuSeconds: 0, peakRss: 0 };
  const read = () => {
    try {
      const stat = readFileSync(`/proc/${child.pid}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const hwm = /VmHWM:\s+(\d+)/.exec(readFileSync(`/proc/${child.pid}/status`, 'utf8'))?.[1];
      sample = { cpuSeconds: (Number(fields[11]) + Number(fields[12])) / TICKS_PER_SECOND, peakRss: Number(hwm ?? 0) * 1024 };
    } catch {
      // Exited between samples: the last sample stands.
    }
  };
  const timer = setInterval(read, 100);
  const [exitCode] = (await once(child, 'exit')) as [number | null];
  clearInterval(timer);
  output.end();
  return { exitCode, wallSeconds: (performance.now() - started) / 1000, ...sample };
}

/** bench:ingest's own figure (accepted/s end to end) from its report. */
async function runIngest(count: number, env: Record<string, string>, runDir: string): Promise<number> {
  const child = spawn(process.execPath, ['--import', 'tsx', path.join(repoRoot, 'test', 'bench', 'ingest.ts'), '--count', String(count)], {
    cwd: repoRoot,
    env: { ...process.env, ...env },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let text = '';
  const output = createWriteStream(path.join(runDir, 'ingest.log'));
  child.stdout.on('data', (chunk: Buffer) => {
    output.write(chunk);
    text += chunk.toString('utf8');
  });
  const [code] = (await once(child, 'exit')) as [number | null];
  output.end();
  const rate = /accepted licences\/s, end to end[^|]*\| ([\d,]+) \|/.exec(text)?.[1];
  if (code !== 0 || rate === undefined) throw new Error(`bench:ingest failed (exit ${code}); see ${path.join(runDir, 'ingest.log')}`);
  return Number(rate.replace(/,/g, ''));
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    process.stderr.write(`bench:import failed: ${error instanceof Error ? error.stack : String(error)}\n`);
    process.exit(1);
  },
);
