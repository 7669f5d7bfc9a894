/**
 * @module core/retry/retry
 * The one way the hub waits and tries again: exponential backoff with jitter, for as long as the
 * caller runs. Every retry loop (topic creation, the submission subscription, a crashed Kafka
 * consumer, the delivery policy, the outbox relay) uses it, so they all back off the same way and
 * all stop promptly when the hub stops. Jitter keeps instances that failed together (a broker
 * restart) from retrying in lockstep.
 */

export interface Backoff {
  /** Delay after the first failure. */
  baseMs: number;
  /** Ceiling of the exponential growth. */
  maxMs: number;
  /** Share of each delay that is randomised (0–1). Default 0.2. */
  jitter?: number;
}

export interface RetryOptions extends Backoff {
  /** Aborting ends the wait at once; `retry` then resolves `undefined`. */
  signal?: AbortSignal;
  /** Wait one backoff before the first attempt (recovering from a crash that just happened). */
  delayFirst?: boolean;
  /** Told of every failure before the wait: log it here. */
  onFailure?(error: unknown, attempt: number, retryInMs: number): void;
  /** Source of randomness for the jitter; tests pin it. */
  random?: () => number;
}

/** Checks a backoff once, at construction, so a bad setting fails at start, not at the first failure. */
export function assertBackoff({ baseMs, maxMs, jitter = 0.2 }: Backoff): void {
  if (!(baseMs > 0) || !(maxMs >= baseMs) || !(jitter >= 0 && jitter <= 1)) {
    throw new TypeError('a backoff needs 0 < baseMs <= maxMs and 0 <= jitter <= 1');
  }
}

/** The wait after the `failures`-th failure (0-based): `baseMs·2^failures`, capped, minus up to `jitter` of it. */
export function backoffDelay(failures: number, { baseMs, maxMs, jitter = 0.2 }: Backoff, random: () => number = Math.random): number {
  return Math.round(Math.min(maxMs, baseMs * 2 ** Math.min(failures, 30)) * (1 - jitter * random()));
}

/** Resolves after `ms`, or at once when `signal` aborts. The timer never keeps the process alive. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal?.aborted) return resolve();
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    timer.unref?.();
    signal?.addEventListener('abort', done);
  });
}

/**
 * Runs `action` until it succeeds, waiting a backoff after each failure; resolves its result, or
 * `undefined` once `signal` aborts. Never gives up on its own: a caller that must stop passes a signal.
 */
export async function retry<T>(action: (attempt: number) => Promise<T>, options: RetryOptions): Promise<T | undefined> {
  assertBackoff(options);
  const { signal, random = Math.random } = options;
  if (options.delayFirst) await sleep(backoffDelay(0, options, random), signal);
  for (let attempt = 1; !signal?.aborted; attempt++) {
    try {
      return await action(attempt);
    } catch (error) {
      if (signal?.aborted) break;
      const retryInMs = backoffDelay(attempt - (options.delayFirst ? 0 : 1), options, random);
      options.onFailure?.(error, attempt, retryInMs);
      await sleep(retryInMs, signal);
    }
  }
  return undefined;
}
