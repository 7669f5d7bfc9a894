/**
 * @module interval-commits
 * (The hub has the same module, `src/kafka/interval-commits.ts`: the SDK stands alone.)
 * Offsets committed at most every `intervalMs`, instead of after every batch as kafkajs does. On a
 * busy request/answer topic every fetch brings a small batch, and a commit after each one doubled
 * the requests the broker and the hub handled. The price is a longer redelivery after a crash or a
 * rebalance: up to an interval's worth of finished messages comes again (delivery is at least once
 * either way). Only for subscriptions whose handlers take a repeat in their stride.
 *
 * Finished offsets are kept per partition; the first one starts a timer that commits all of them.
 * A rebalance drops what is pending (the partitions may be someone else's now), and a graceful stop
 * commits what is pending before the consumer leaves.
 */
import type { Batch, Consumer } from 'kafkajs';

export interface IntervalCommits {
  /** `offset` of `partition` is finished (offsets arrive in order per partition). */
  finished(partition: number, offset: string): void;
  /** The group rebalanced: what is pending may no longer be ours to commit. */
  reset(): void;
  /** Commits what is pending now. */
  flush(): Promise<void>;
}

export interface IntervalCommitsOptions {
  intervalMs: number;
  /** Commits the next offset to read of each partition. */
  commit(offsets: { partition: number; offset: string }[]): Promise<void>;
  onError(error: unknown): void;
}

export function createIntervalCommits(options: IntervalCommitsOptions): IntervalCommits {
  let pending = new Map<number, string>();
  let timer: NodeJS.Timeout | undefined;

  const flush = async (): Promise<void> => {
    clearTimeout(timer);
    timer = undefined;
    if (pending.size === 0) return;
    const offsets = [...pending].map(([partition, offset]) => ({ partition, offset: (BigInt(offset) + 1n).toString() }));
    pending = new Map();
    await options.commit(offsets);
  };

  return {
    finished(partition, offset) {
      pending.set(partition, offset);
      timer ??= setTimeout(() => void flush().catch(options.onError), options.intervalMs).unref();
    },
    reset() {
      clearTimeout(timer);
      timer = undefined;
      pending = new Map();
    },
    flush,
  };
}

/**
 * Runs `consumer` a batch at a time (offsets resolved when the batch's handler returns) with its
 * offsets committed on the interval; the returned `flush` commits what finished, for a clean stop.
 */
export async function runWithIntervalCommits(
  consumer: Consumer,
  topic: string,
  options: { intervalMs: number; partitionsConsumedConcurrently?: number; eachBatch(batch: Batch): Promise<void> },
): Promise<Pick<IntervalCommits, 'flush'>> {
  const commits = createIntervalCommits({
    intervalMs: options.intervalMs,
    commit: (offsets) => consumer.commitOffsets(offsets.map((o) => ({ topic, ...o }))),
    onError: () => undefined, // not committed: redelivered, and answered or ignored again
  });
  consumer.on(consumer.events.GROUP_JOIN, () => commits.reset());
  await consumer.run({
    autoCommit: false,
    partitionsConsumedConcurrently: options.partitionsConsumedConcurrently ?? 1,
    eachBatch: async ({ batch }) => {
      await options.eachBatch(batch);
      if (batch.messages.length > 0) commits.finished(batch.partition, batch.lastOffset());
    },
  });
  return commits;
}
