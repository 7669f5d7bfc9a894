/**
 * Seals licences `[0, count)` on every core with a pool of `seal-worker` threads, in slices small
 * enough that no buffer nears the 2 GiB offset limit, and hands back zero-copy views of the JWS.
 */
import { Worker } from 'node:worker_threads';
import type { BenchDepartment } from './bench-county.js';
import type { SealedSlice, SealJob } from './seal-worker.js';

const SLICE = 25_000;
/** Worker threads do not inherit tsx's loader: each registers it, then loads the worker module. */
const BOOTSTRAP = `import('tsx/esm/api').then(({ register }) => { register(); return import(${JSON.stringify(new URL('./seal-worker.ts', import.meta.url).href)}); })`;

export interface SealedLicenses {
  count: number;
  value(index: number): Buffer;
  /** The credit code of the licence's issuer: the message key. */
  issuer(index: number): string;
}

export async function sealAll(options: {
  count: number;
  seed: number;
  today: string;
  departments: BenchDepartment[];
  threads: number;
  onProgress(done: number): void;
}): Promise<SealedLicenses> {
  const slices: SealedSlice[] = [];
  let next = 0;
  let done = 0;
  const runWorker = async () => {
    while (next < options.count) {
      const from = next;
      const to = Math.min(options.count, from + SLICE);
      next = to;
      const job: SealJob = { seed: options.seed, today: options.today, from, to, departments: options.departments };
      const slice = await new Promise<SealedSlice>((resolve, reject) => {
        const worker = new Worker(BOOTSTRAP, { eval: true, execArgv: [], workerData: job });
        worker.once('message', resolve);
        worker.once('error', reject);
        worker.once('exit', (code) => code !== 0 && reject(new Error(`seal worker exited with ${code}`)));
      });
      slices[from / SLICE] = slice;
      done += to - from;
      options.onProgress(done);
    }
  };
  await Promise.all(Array.from({ length: options.threads }, runWorker));
  const views = slices.map((s) => ({ ...s, buffer: Buffer.from(s.bytes) }));
  const sliceOf = (index: number) => views[Math.floor(index / SLICE)] as (typeof views)[number];
  return {
    count: options.count,
    value(index) {
      const slice = sliceOf(index);
      const at = index - slice.from;
      return slice.buffer.subarray(slice.offsets[at], slice.offsets[at + 1]);
    },
    issuer: (index) => (options.departments[sliceOf(index).issuers[index - sliceOf(index).from] as number] as BenchDepartment).uscc,
  };
}
