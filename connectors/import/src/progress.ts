/**
 * @module progress
 * Progress of an import: on a terminal a cli-progress bar with rows/s, accepted, rejected and ETA;
 * otherwise (CI, a log file) a plain line every few seconds, which stays readable where a redrawn
 * bar would not. The file's row count is not known before the end, so the share done is rows
 * settled over the rows the file holds at the average row size read so far.
 */
import cliProgress from 'cli-progress';
import type { ImportCounts } from './checkpoint.js';

export interface Progress {
  /** `done`: the estimated share of the file's rows settled, 0 to 1. */
  update(done: number, counts: ImportCounts): void;
  stop(): void;
}

export interface ProgressOptions {
  tty: boolean;
  /** Where plain lines go. */
  write(line: string): void;
  stream?: NodeJS.WritableStream;
  intervalMs?: number;
}

export function createProgress(options: ProgressOptions): Progress {
  const started = Date.now();
  const rate = (counts: ImportCounts) => Math.round(counts.rows / Math.max((Date.now() - started) / 1000, 0.001));
  const SCALE = 1000;
  if (options.tty) {
    const bar = new cliProgress.SingleBar(
      {
        format:
          '导入 [{bar}] {percentage}% | {rows} 行 | {rate} 行/秒 | 接收 {accepted} 已有 {existing} 拒绝 {rejected} | 剩余 {eta_formatted}',
        hideCursor: true,
        etaBuffer: 50,
        stream: options.stream ?? process.stderr,
      },
      cliProgress.Presets.shades_classic,
    );
    bar.start(SCALE, 0, { rows: 0, rate: 0, accepted: 0, existing: 0, rejected: 0 });
    return {
      update: (done, counts) => bar.update(Math.round(done * SCALE), { ...counts, rate: rate(counts) }),
      stop: () => bar.stop(),
    };
  }
  const interval = options.intervalMs ?? 5000;
  let last = 0;
  return {
    update(done, counts) {
      if (Date.now() - last < interval) return;
      last = Date.now();
      const percent = Math.floor(done * 100);
      options.write(
        `进度 ${percent}%：已处理 ${counts.rows} 行（接收 ${counts.accepted}，已有 ${counts.existing}，拒绝 ${counts.rejected}），${rate(counts)} 行/秒`,
      );
    },
    stop() {},
  };
}
