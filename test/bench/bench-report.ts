/**
 * The ingest benchmark's figures as a Markdown block for BENCHMARKS.md, with the commit and the
 * machine they come from and the targets of the speed issue beside them (RSS: the licence-exchange
 * issue's).
 */
import { execFileSync } from 'node:child_process';
import os from 'node:os';
import { repoRoot } from '../support/hub-process.js';
import type { CpuGroups } from './cpu-accounting.js';

export interface BenchFigures {
  count: number;
  accepted: number;
  refusals: Record<string, number>;
  seconds: number;
  sustainedRate: number;
  /** ms, produce → answer on licenses.results. */
  answeredLatency: number[];
  /** ms, produce → the licence row's created_at. */
  storedLatency: number[];
  /** CPU seconds each group of processes used during the timed run. */
  cpu: CpuGroups;
  /** Highest RSS sampled during the timed run, and the kernel's peak (VmHWM) over the hub's life. */
  peakRss: number;
  hubPeakRss: number;
  sealRate: number;
  verifyRate: number;
  lookupRate: number;
  departments: number;
  postgres: string;
  durable: string;
  kafka: string;
  command: string;
  commit: string;
  /** 1-minute load average before and after the run: the neighbours' share. */
  loadBefore: number;
  loadAfter: number;
}

const TARGET = { rate: 3_000, hubCpuMs: 0.2, rssMb: 512 };

export function formatReport(f: BenchFigures): string {
  const n = (x: number) => Math.round(x).toLocaleString('en-US');
  const mb = (bytes: number) => `${n(bytes / 2 ** 20)} MB`;
  const endToEnd = f.accepted / f.seconds;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const refused =
    Object.entries(f.refusals)
      .map(([code, count]) => `${code} × ${count}`)
      .join(', ') || 'none';
  return [
    `### ${new Date().toISOString().slice(0, 10)} · ${n(f.count)} licences · ${f.departments} departments · commit ${f.commit}`,
    '',
    `\`${f.command}\``,
    '',
    `Machine: ${os.availableParallelism()} cores (${os.cpus()[0]?.model ?? 'unknown CPU'}), ${(os.totalmem() / 2 ** 30).toFixed(0)} GiB RAM, Node ${process.version}, ` +
      `${f.postgres} (${f.durable}), ${f.kafka}; hub, PostgreSQL, Kafka and the load generator share the machine; ` +
      `1-min load average ${f.loadBefore.toFixed(1)} before the run, ${f.loadAfter.toFixed(1)} after.`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| accepted licences/s, end to end (first produce → last answer) | ${n(endToEnd)} | |`,
    `| accepted licences/s, sustained (10th–90th percentile of answers) | ${n(f.sustainedRate)} | ≥ ${n(TARGET.rate)} ${mark(f.sustainedRate >= TARGET.rate)} |`,
    `| hub CPU per accepted licence | ${perLicense(f.cpu.hub, f.accepted)} | ≤ ${TARGET.hubCpuMs} ms ${mark((f.cpu.hub * 1000) / f.accepted <= TARGET.hubCpuMs)} |`,
    `| wall time for ${n(f.count)} | ${f.seconds.toFixed(1)} s | |`,
    `| accepted / refused | ${n(f.accepted)} / ${n(f.count - f.accepted)} (${refused}) | all accepted |`,
    `| submit → stored (created_at), p50 / p99 / max | ${percentiles(f.storedLatency)} | |`,
    `| submit → answered (result on licenses.results), p50 / p99 / max | ${percentiles(f.answeredLatency)} | |`,
    `| hub RSS, peak during the run / peak over its life | ${mb(f.peakRss)} / ${mb(f.hubPeakRss)} | ≤ ${TARGET.rssMb} MB ${mark(f.hubPeakRss <= TARGET.rssMb * 2 ** 20)} |`,
    `| CPU used during the run, core-seconds (of ${n(os.availableParallelism() * f.seconds)} available) | ${cpuLine(f.cpu)} | |`,
    `| hub busy: share of one core during the run | ${n((100 * f.cpu.hub) / f.seconds)}% | |`,
    `| CPU per accepted licence, whole machine | ${perLicense(total(f.cpu), f.accepted)} | ≤ ${((os.availableParallelism() * 1000) / TARGET.rate).toFixed(2)} ms machine-wide for ${n(TARGET.rate)}/s here |`,
    `| raw ES256 verify, one core (node:crypto) | ${n(f.verifyRate)}/s | |`,
    `| raw PostgreSQL point lookups (8 connections) | ${n(f.lookupRate)}/s | |`,
    `| sealing by the departments (before the clock, all cores) | ${n(f.sealRate)}/s | |`,
    '',
    'Latency is measured from the moment a message was handed to the producer; when the producer',
    'outruns the hub it is mostly time spent queued in `licenses.submit`, not processing time.',
  ].join('\n');
}

function total(cpu: CpuGroups): number {
  return Object.values(cpu).reduce((sum, s) => sum + s, 0);
}

function cpuLine(cpu: CpuGroups): string {
  return Object.entries(cpu)
    .map(([group, seconds]) => `${group} ${seconds.toFixed(1)}`)
    .join(' · ');
}

function perLicense(seconds: number, licenses: number): string {
  return `${((seconds * 1000) / licenses).toFixed(2)} ms`;
}

function percentiles(values: number[]): string {
  if (values.length === 0) return 'n/a';
  const sorted = [...values].sort((a, b) => a - b);
  const at = (p: number) => sorted[Math.min(sorted.length - 1, Math.floor(p * sorted.length))] as number;
  const s = (ms: number) =>
    ms >= 10_000 ? `${(ms / 1000).toFixed(0)} s` : ms >= 1000 ? `${(ms / 1000).toFixed(1)} s` : `${Math.round(ms)} ms`;
  return `${s(at(0.5))} / ${s(at(0.99))} / ${s(sorted[sorted.length - 1] as number)}`;
}

/** The commit the figures belong to, marked when the working tree differs from it. */
export function gitCommit(): string {
  try {
    const commit = execFileSync('git', ['rev-parse', '--short', 'HEAD'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    const dirty = execFileSync('git', ['status', '--porcelain', '--untracked-files=no'], { cwd: repoRoot, encoding: 'utf8' }).trim();
    return dirty ? `${commit} (with uncommitted changes)` : commit;
  } catch {
    return 'unknown';
  }
}
