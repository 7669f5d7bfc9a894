/**
 * @module core/audit/group-commit
 * Group commit (DESIGN §6 "write in groups"): callers submit items one by one and each gets a
 * promise; items are written in batches by one `flush` at a time, and every promise of a batch
 * settles when that batch's write does. A batch starts `maxDelayMs` after the first waiting item
 * (0: once the current turn of the event loop is over, so callers of the same turn go together),
 * at once when `maxBatch` items wait, and right after the previous batch while items keep coming —
 * so under load batches grow by themselves and the database sees one transaction per batch.
 *
 * The queue is bounded: at `maxQueued` waiting items `submit` waits for room (back-pressure on the
 * callers instead of unbounded memory). `close` writes everything already submitted, then refuses.
 */
import { ShuttingDownError } from '../errors.js';

export interface GroupCommitOptions<T> {
  /** Writes one batch durably; a rejection rejects every submit of that batch. */
  flush(items: readonly T[]): Promise<void>;
  maxBatch: number;
  maxDelayMs: number;
  maxQueued: number;
}

export interface GroupCommit<T> {
  /** Resolves once the batch holding `item` is written. */
  submit(item: T): Promise<void>;
  /** Items waiting for a batch (for metrics and tests). */
  readonly queued: number;
  /** Writes what is queued; later submits are refused with `ShuttingDownError`. */
  close(): Promise<void>;
}

interface Pending<T> {
  item: T;
  resolve(): void;
  reject(error: unknown): void;
}

export function createGroupCommit<T>(options: GroupCommitOptions<T>): GroupCommit<T> {
  if (!(options.maxBatch >= 1 && options.maxQueued >= options.maxBatch && options.maxDelayMs >= 0)) {
    throw new TypeError('group commit needs maxBatch ≥ 1, maxQueued ≥ maxBatch and maxDelayMs ≥ 0');
  }
  const queue: Pending<T>[] = [];
  let roomWaiters: (() => void)[] = [];
  let timer: { cancel(): void } | undefined;
  // 0: after the current turn of the event loop (setImmediate), not a timer's 1 ms minimum.
  const later = (work: () => void): { cancel(): void } => {
    if (options.maxDelayMs === 0) {
      const immediate = setImmediate(work);
      return { cancel: () => clearImmediate(immediate) };
    }
    const timeout = setTimeout(work, options.maxDelayMs);
    return { cancel: () => clearTimeout(timeout) };
  };
  let writing: Promise<void> | undefined;
  let closed = false;

  function schedule(): void {
    if (writing) return;
    if (queue.length >= options.maxBatch || closed) {
      startBatch();
    } else if (!timer) {
      timer = later(startBatch);
    }
  }

  function startBatch(): void {
    timer?.cancel();
    timer = undefined;
    if (writing || queue.length === 0) return;
    const batch = queue.splice(0, options.maxBatch);
    const waiters = roomWaiters;
    roomWaiters = [];
    waiters.forEach((wake) => wake());
    writing = options
      .flush(batch.map((p) => p.item))
      .then(
        () => batch.forEach((p) => p.resolve()),
        (error: unknown) => batch.forEach((p) => p.reject(error)),
      )
      .finally(() => {
        writing = undefined;
        // Whatever arrived meanwhile has already waited one write: go on without the delay.
        if (queue.length > 0) startBatch();
      });
  }

  return {
    async submit(item) {
      while (!closed && queue.length >= options.maxQueued) await new Promise<void>((wake) => roomWaiters.push(wake));
      if (closed) throw new ShuttingDownError('the hub is stopping and records no more audit entries');
      return new Promise<void>((resolve, reject) => {
        queue.push({ item, resolve, reject });
        schedule();
      });
    },
    get queued() {
      return queue.length;
    },
    async close() {
      closed = true;
      const waiters = roomWaiters;
      roomWaiters = [];
      waiters.forEach((wake) => wake());
      while (writing || queue.length > 0) {
        startBatch();
        await writing;
      }
    },
  };
}
