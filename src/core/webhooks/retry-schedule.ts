/**
 * @module core/webhooks/retry-schedule
 * When a webhook delivery is attempted again. The schedule is the one Standard Webhooks senders
 * commonly use (0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h): quick retries ride out a blip, the long
 * tail rides out a night's outage, and the whole run ends after about 28 hours. Each delay is spread
 * by ±20 % so many deliveries that failed together do not hit a recovering receiver together.
 */

/** Delay before attempt n+1, for n = 0…7: attempt 1 at once, attempt 8 the last. */
export const WEBHOOK_RETRY_SCHEDULE_MS: readonly number[] = [
  0,
  5_000,
  5 * 60_000,
  30 * 60_000,
  2 * 3600_000,
  5 * 3600_000,
  10 * 3600_000,
  10 * 3600_000,
];

export interface RetryScheduleOptions {
  /** Delays before each attempt; the first is the delay of the first attempt. Tests shorten it. */
  delaysMs?: readonly number[];
  /** Share of each delay randomised either way (0–1). Default 0.2. */
  jitter?: number;
  random?: () => number;
}

export interface RetrySchedule {
  readonly maxAttempts: number;
  /** When to try after `attemptsMade` failed attempts, or `undefined` when the schedule is spent. */
  nextAttemptAt(attemptsMade: number, failedAt: Date): Date | undefined;
}

export function createRetrySchedule(options: RetryScheduleOptions = {}): RetrySchedule {
  const delays = options.delaysMs ?? WEBHOOK_RETRY_SCHEDULE_MS;
  const jitter = options.jitter ?? 0.2;
  const random = options.random ?? Math.random;
  if (delays.length === 0 || delays.some((d) => !(d >= 0)) || !(jitter >= 0 && jitter <= 1)) {
    throw new TypeError('a retry schedule needs at least one non-negative delay and 0 <= jitter <= 1');
  }
  return {
    maxAttempts: delays.length,
    nextAttemptAt(attemptsMade, failedAt) {
      const delay = delays[attemptsMade];
      if (delay === undefined) return undefined;
      const spread = delay * jitter * (2 * random() - 1);
      return new Date(failedAt.getTime() + Math.round(delay + spread));
    },
  };
}
