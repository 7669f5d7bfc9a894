/**
 * @module core/bus/bus-setup
 * Setting up on a bus that may not be reachable yet (a broker still starting, restarting, or
 * refusing a group for a moment): topics are created and subscriptions made in the background,
 * retried with the shared backoff (core/retry) until the hub stops. Readiness covers the broker,
 * not a consumer, so a hub that gave up would serve on without ever consuming.
 */
import type { Logger } from '../ports/logger.js';
import type { MessageBus, SubscribeOptions, Subscription, TopicSpec } from '../ports/message-bus.js';
import { retry, type Backoff } from '../retry/retry.js';

/** Resolves true once the topics exist, false when `signal` aborted first. */
export async function ensureTopicsWithRetry(
  bus: MessageBus,
  topics: readonly TopicSpec[],
  logger: Logger,
  signal: AbortSignal,
  backoff: Backoff = { baseMs: 1_000, maxMs: 30_000 },
): Promise<boolean> {
  const done = await retry(async () => bus.ensureTopics(topics).then(() => true), {
    ...backoff,
    signal,
    onFailure: (error, attempt, retryInMs) =>
      logger.warn({ err: error, attempt, retryInMs }, 'cannot create topics yet; the bus is not reachable'),
  });
  return done ?? false;
}

/**
 * Subscribes once the topics exist, retrying for as long as the hub runs; until then `health()`
 * reports it not joined. `stop()` ends the retries and the subscription, whichever is under way.
 */
export function subscribeWithRetry(
  bus: MessageBus,
  topicsReady: Promise<boolean>,
  options: SubscribeOptions,
  logger: Logger,
  /** What is consumed, for the log: "licence submissions". */
  what: string,
  backoff: Backoff = { baseMs: 500, maxMs: 5_000 },
): Subscription {
  const stopper = new AbortController();
  let subscription: Subscription | undefined;
  void topicsReady.then(async (ready) => {
    if (!ready) return;
    subscription = await retry(() => bus.subscribe(options), {
      ...backoff,
      signal: stopper.signal,
      onFailure: (error, attempt, retryInMs) =>
        logger.error({ err: error, attempt, retryInMs, topic: options.topic }, `could not subscribe to ${what}; retrying`),
    });
    // Stopped while the subscription was being made: end it at once.
    if (stopper.signal.aborted) {
      await subscription?.stop().catch((error: unknown) => logger.warn({ err: error, topic: options.topic }, `stopping ${what} failed`));
    }
  });
  return {
    async stop() {
      stopper.abort();
      await subscription?.stop();
    },
    // Not yet subscribed (topics missing, broker away) is not joined: readiness says so.
    health: () => subscription?.health() ?? { joined: false, stalledMs: 0 },
  };
}
