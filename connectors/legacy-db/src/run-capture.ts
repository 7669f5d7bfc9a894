/**
 * @module legacy-db/run-capture
 * The connector's loop: drain every changed row (a batch at a time, each confirmed only after all its
 * rows are up to date at the hub), then wait for a notification or the poll interval. A database or
 * hub that is away (anything but a refusal) stops the pass without confirming; the pass is tried
 * again after a growing pause, so an outage delays licences but loses none.
 */
import { waitFor, type CaptureSource } from './capture-source.js';
import type { SyncOutcome } from './sync-row.js';

export interface CaptureLog {
  (event: string, fields: Record<string, unknown>): void;
}

export interface RunCaptureOptions {
  capture: CaptureSource;
  /** Brings one row up to date at the hub (sync-row bound to its dependencies). */
  sync(key: string, row: Record<string, unknown>): Promise<SyncOutcome>;
  batchSize: number;
  pollIntervalMs: number;
  signal: AbortSignal;
  log: CaptureLog;
  /** Pause after a failed pass, doubled per failure up to `maxMs`. */
  backoff?: { minMs: number; maxMs: number };
}

/** Rows per outcome (see SyncOutcome), plus `deleted` for rows gone before they were read. */
export type CaptureCounts = Record<string, number>;

/** Handles everything captured so far and returns what happened; throws when the database or hub is away. */
export async function drainCapture(options: Pick<RunCaptureOptions, 'capture' | 'sync' | 'batchSize' | 'log'>): Promise<CaptureCounts> {
  const counts: CaptureCounts = {};
  for (;;) {
    const batch = await options.capture.next(options.batchSize);
    for (const { key, row } of batch.rows) {
      // A row deleted before it was read has nothing to publish; the hub keeps what it was sent.
      const outcome = row === undefined ? 'deleted' : await options.sync(key, row);
      counts[outcome] = (counts[outcome] ?? 0) + 1;
      if (outcome === 'refused') options.log('row refused', { key });
    }
    await batch.confirm();
    if (batch.rows.length < options.batchSize) return counts;
  }
}

/** Runs until `signal` aborts; never throws for an outage, only logs it and tries again. */
export async function runCapture(options: RunCaptureOptions): Promise<void> {
  const { minMs, maxMs } = options.backoff ?? { minMs: 500, maxMs: 30_000 };
  let pause = minMs;
  while (!options.signal.aborted) {
    try {
      const counts = await drainCapture(options);
      if (Object.keys(counts).length > 0) options.log('rows handled', counts);
      pause = minMs;
      await options.capture.waitForChange(options.pollIntervalMs, options.signal);
    } catch (error) {
      options.log('capture pass failed, will retry', { error: describe(error), retryInMs: pause });
      await waitFor(pause, options.signal, () => () => {});
      pause = Math.min(pause * 2, maxMs);
    }
  }
}

/** Code and message only: an error from a driver may quote the row's values. */
function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as { code?: unknown }).code;
  return `${typeof code === 'string' ? `${code}: ` : ''}${error.message.slice(0, 300)}`;
}
