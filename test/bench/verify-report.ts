/**
 * `bench:verify`'s figures as one Markdown block for BENCHMARKS.md: every verification row of the
 * speed issue's target table beside its target, then the raw limits measured in the same run, the
 * generator's own share, and what every phase answered wrong — with the commit and the machine.
 */
import os from 'node:os';
import type { CpuGroups } from './cpu-accounting.js';
import type { HttpLoadResult } from './http-load.js';
import type { LoadMessage } from './verify-load.js';

/** The hub at its maximum with one process or with `ZZ_WORKERS`. */
export interface HubPhase {
  workers: number;
  result: HttpLoadResult;
  cpu: CpuGroups;
  peakRss: number;
  processes: number;
}

interface Measured {
  result: HttpLoadResult;
  cpu: CpuGroups;
}

export interface VerifyFigures {
  command: string;
  reused: boolean;
  commit: string;
  machine: { postgres: string; pool: number; loadBefore: number; loadAfter: number };
  data: { total: number; size: string; valid: number; clerks: number; connections: number };
  warmup: number;
  duration: number;
  one: HubPhase;
  many: HubPhase | undefined;
  /** The open-loop phase at `rate` per second, as the load worker reported it. */
  paced: { rate: number } & Omit<Extract<LoadMessage, { type: 'done' }>, 'type'>;
  batch: Measured & { size: number };
  /** `cpu`: CPU seconds of the bare endpoint's process. */
  bare: { result: HttpLoadResult; cpu: number };
  rawLookups: number;
  es256: number;
}

const TARGET = { cpuMs: 0.25, rate: 3_000, rateTwo: 4_500, pacedP99: 25, ratio: 0.5, rssMb: 200, batch: 10_000 };

export function formatVerifyReport(f: VerifyFigures): string {
  const n = (x: number) => (Number.isFinite(x) ? Math.round(x).toLocaleString('en-US') : '—');
  const ms = (x: number) => `${x.toFixed(x < 10 ? 1 : 0)} ms`;
  const mark = (ok: boolean) => (ok ? '✓' : '✗');
  const cores = os.availableParallelism();
  const perCall = (seconds: number, count: number) => (seconds * 1000) / count;
  const share = (seconds: number) => `${((100 * seconds) / (f.duration * cores)).toFixed(0)} %`;

  const one = f.one.result;
  const oneCpu = perCall(f.one.cpu.hub, one.done);
  const paced = [...f.paced.latencies].sort((a, b) => a - b);
  const pacedAt = (q: number) => paced[Math.min(paced.length - 1, Math.floor(q * paced.length))] ?? Number.NaN;
  const ratio = one.rate / f.bare.result.rate;
  const batchRate = f.batch.result.rate * f.batch.size;
  const rssMb = f.one.peakRss / 2 ** 20;
  const many = f.many;

  const wrong = (what: string, done: number, failures: Record<string, number>) => {
    const total = Object.values(failures).reduce((a, b) => a + b, 0);
    const detail = Object.entries(failures)
      .map(([reason, count]) => `${reason}: ${n(count)}`)
      .join('; ');
    return `${what} ${n(total)} of ${n(done)}${detail ? ` (${detail})` : ''}`;
  };
  const generator = (what: string, r: HttpLoadResult) =>
    `${what} ${share(r.generatorCpu)} (${(perCall(r.generatorCpu, r.done) * 1000).toFixed(0)} µs/request)`;
  const machineShare = (cpu: CpuGroups) =>
    (['hub', 'postgres', 'load generator', 'other'] as const).map((g) => `${g} ${share(cpu[g])}`).join(' · ');

  return [
    `### bench:verify — ${new Date().toISOString().slice(0, 10)}, commit ${f.commit}`,
    '',
    `\`${f.command}\`${f.reused ? ' (seeded database reused)' : ''}`,
    '',
    `Machine: ${cores} cores (${os.cpus()[0]?.model ?? '?'}), ${n(os.totalmem() / 2 ** 30)} GiB RAM, Node ${process.version}, ` +
      `PostgreSQL ${f.machine.postgres} (durability on), hub pool ${f.machine.pool} per process; the load generator and PostgreSQL on the ` +
      `same machine; 1-min load average ${f.machine.loadBefore.toFixed(1)} before the run, ${f.machine.loadAfter.toFixed(1)} after.`,
    '',
    `Data: ${n(f.data.total)} licences (${f.data.size}), drawn from the ${n(f.data.valid)} valid today; ${f.data.clerks} clerk ` +
      `departments; ${f.data.connections} keep-alive connections (autocannon); each phase ${f.duration} s timed after ${f.warmup} s warm-up.`,
    '',
    '| figure | measured | target |',
    '|---|---|---|',
    `| hub CPU per verification (audited, receipted), one process | ${oneCpu.toFixed(3)} ms | ≤ ${TARGET.cpuMs} ms ${mark(oneCpu <= TARGET.cpuMs)} |`,
    `| verifications/s, one hub process | ${n(one.rate)} (p50 / p99 / max ${ms(one.latency.p50)} / ${ms(one.latency.p99)} / ${ms(one.latency.max)}) | ≥ ${n(TARGET.rate)} ${mark(one.rate >= TARGET.rate)} |`,
    many
      ? `| verifications/s, \`ZZ_WORKERS=${many.workers}\` | ${n(many.result.rate)} (p99 ${ms(many.result.latency.p99)}; hub CPU ${perCall(many.cpu.hub, many.result.done).toFixed(3)} ms per verification over ${many.processes} processes, RSS ${n(many.peakRss / 2 ** 20)} MB) | ≥ ${n(TARGET.rateTwo)} ${mark(many.result.rate >= TARGET.rateTwo)} |`
      : '| verifications/s, `ZZ_WORKERS=2` | not run (`--workers 1`) | |',
    `| p99 at 50 % of the one-process maximum (${n(f.paced.rate)}/s, open loop) | ${ms(pacedAt(0.99))} (p50 ${ms(pacedAt(0.5))}, max ${ms(paced[paced.length - 1] ?? Number.NaN)}; ${n(f.paced.done / f.paced.seconds)}/s answered) | ≤ ${TARGET.pacedP99} ms ${mark(pacedAt(0.99) <= TARGET.pacedP99)} |`,
    `| ratio hub ÷ bare Hono lookup endpoint (${n(f.bare.result.rate)}/s, ${perCall(f.bare.cpu, f.bare.result.done).toFixed(3)} ms CPU per lookup) | ${ratio.toFixed(2)} | ≥ ${TARGET.ratio} ${mark(ratio >= TARGET.ratio)} |`,
    `| hub RSS under load (one process, peak sampled each second) | ${n(rssMb)} MB | ≤ ${TARGET.rssMb} MB ${mark(rssMb <= TARGET.rssMb)} |`,
    `| batch of ${f.batch.size} licences, one receipt: licences/s | ${n(batchRate)} (${n(f.batch.result.rate)} batches/s, p99 ${ms(f.batch.result.latency.p99)}; hub CPU ${perCall(f.batch.cpu.hub, f.batch.result.done * f.batch.size).toFixed(3)} ms per licence) | ≥ ${n(TARGET.batch)} ${mark(batchRate >= TARGET.batch)} |`,
    `| raw limits, same run | postgres.js primary-key lookups of the hub's columns ${n(f.rawLookups)}/s; ES256 verify ${n(f.es256)}/s on one core | |`,
    `| load generator (autocannon) CPU, share of ${cores} cores | ${generator('one process', one)}; ${generator('bare', f.bare.result)}${many ? `; ${generator(`${many.workers} workers`, many.result)}` : ''} | |`,
    `| machine CPU during the one-process maximum | ${machineShare(f.one.cpu)} | |`,
    ...(many ? [`| machine CPU during the \`ZZ_WORKERS=${many.workers}\` maximum | ${machineShare(many.cpu)} | |`] : []),
    `| answers not 200 + valid + receipted | ${[
      wrong('one process', one.done, one.failures),
      wrong('paced', f.paced.done, f.paced.failures),
      wrong('batches', f.batch.result.done, f.batch.result.failures),
      ...(many ? [wrong(`${many.workers} workers`, many.result.done, many.result.failures)] : []),
      wrong('bare', f.bare.result.done, f.bare.result.failures),
    ].join('; ')} | 0 |`,
    `| sampled answers read check by check (integrity, issuer, status, receipt; batch items with their inclusion proof) | ${n(one.sampledGood + f.paced.sampledValid + f.batch.result.sampledGood + (many?.result.sampledGood ?? 0))} of ${n(one.sampled + f.paced.sampled + f.batch.result.sampled + (many?.result.sampled ?? 0))} | all |`,
  ].join('\n');
}
