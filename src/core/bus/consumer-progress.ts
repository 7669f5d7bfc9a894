/**
 * @module core/bus/consumer-progress
 * Whether a subscription is really consuming, for readiness: joined to its group, and not stuck on
 * one message. A broker that answers says nothing about either — a consumer can be out of its group
 * (crashed, recreating itself) or retrying one message forever while `/readyz` still said ready.
 *
 * Adapters report each batch they start, each message finished and each batch ended, per partition;
 * `stalledMs` is how long the longest-waiting partition in hand has gone without finishing anything.
 * Idle partitions (nothing fetched) are not stalled.
 */
import { NotReadyError } from '../errors.js';
import type { Subscription, SubscriptionHealth } from '../ports/message-bus.js';

export interface ConsumerProgress {
  setJoined(joined: boolean): void;
  batchStarted(partition: number): void;
  finished(partition: number): void;
  batchEnded(partition: number): void;
  health(): SubscriptionHealth;
}

export function createConsumerProgress(now: () => number = Date.now): ConsumerProgress {
  let joined = false;
  /** Partitions with a batch in hand → when they last made progress (or started). */
  const since = new Map<number, number>();
  return {
    setJoined: (value) => void (joined = value),
    batchStarted: (partition) => void since.set(partition, now()),
    finished: (partition) => void since.set(partition, now()),
    batchEnded: (partition) => void since.delete(partition),
    health() {
      const oldest = Math.min(...since.values());
      return { joined, stalledMs: since.size === 0 ? 0 : Math.max(0, now() - oldest) };
    },
  };
}

/** Throws `NotReadyError` unless `subscription` exists, is joined and has not stalled for `stallMs`. */
export function assertConsuming(subscription: Subscription | undefined, what: string, stallMs: number): void {
  if (!subscription) throw new NotReadyError(`the ${what} consumer has not subscribed yet`);
  const { joined, stalledMs } = subscription.health();
  if (!joined) throw new NotReadyError(`the ${what} consumer is not in its group`);
  if (stalledMs > stallMs)
    throw new NotReadyError(`the ${what} consumer has been stuck on one message for ${Math.round(stalledMs / 1000)} s`);
}
