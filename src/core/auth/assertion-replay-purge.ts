/**
 * @module core/auth/assertion-replay-purge
 * Periodically forgets client-assertion identifiers whose assertions have expired, so the replay
 * table stays as small as the last few minutes of traffic. Every hub instance may run it: the
 * delete is idempotent and needs no coordination. A failed run is logged and retried next tick.
 */
import type { Logger } from '../ports/logger.js';
import type { AssertionReplayStore } from '../ports/assertion-replay-store.js';

export interface AssertionReplayPurgeOptions {
  store: AssertionReplayStore;
  logger: Logger;
  now(): Date;
  /** Default 5 minutes: the longest an assertion may live. */
  intervalMs?: number;
}

export interface AssertionReplayPurge {
  /** Waits for a run in progress, then stops. */
  stop(): Promise<void>;
}

export function startAssertionReplayPurge(options: AssertionReplayPurgeOptions): AssertionReplayPurge {
  let running: Promise<void> = Promise.resolve();
  const timer = setInterval(
    () => {
      running = running.then(async () => {
        try {
          const purged = await options.store.purgeExpired(options.now());
          if (purged > 0) options.logger.debug({ purged }, 'expired client-assertion identifiers purged');
        } catch (error) {
          options.logger.warn({ err: error }, 'cannot purge expired client-assertion identifiers; retrying later');
        }
      });
    },
    options.intervalMs ?? 5 * 60_000,
  );
  // The purge alone must never keep the process alive.
  timer.unref();
  return {
    async stop() {
      clearInterval(timer);
      await running;
    },
  };
}
