/**
 * @module main/bus
 * The exchange bus: Kafka when KAFKA_BROKERS is set, the in-process bus otherwise. Topics are
 * created in the background with retries so the hub serves (and reports the bus down in /readyz)
 * while the broker is still coming up.
 */
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus, SubscribeOptions, Subscription } from '../core/ports/message-bus.js';
import { exchangeTopics, hubTopics } from '../core/topics.js';
import { createInMemoryBus } from '../kafka/in-memory-bus.js';
import { createKafkaBus } from '../kafka/kafka-bus.js';

export function createBus(config: Config, logger: Logger): MessageBus {
  return config.kafkaBrokers
    ? createKafkaBus({
        brokers: [...config.kafkaBrokers],
        clientId: config.kafkaClientId,
        topicPrefix: config.kafkaTopicPrefix,
        logger: logger.child({ component: 'kafka' }),
      })
    : createInMemoryBus({ logger: logger.child({ component: 'bus' }) });
}

export async function ensureTopicsWithRetry(bus: MessageBus, logger: Logger, isStopping: () => boolean): Promise<boolean> {
  for (let attempt = 1; !isStopping(); attempt++) {
    try {
      await bus.ensureTopics([...hubTopics, ...exchangeTopics]);
      return true;
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      logger.warn({ err: error, attempt, retryInMs: delay }, 'cannot create topics yet; the bus is not reachable');
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
  return false;
}

/**
 * Subscribes once the topics exist, retrying for as long as the hub runs: readiness covers the
 * broker, not this consumer, so a hub that gave up would serve on without ever consuming. `stop()`
 * ends the retries and the subscription, whichever is under way.
 */
export function subscribeWithRetry(
  bus: MessageBus,
  topicsReady: Promise<boolean>,
  options: SubscribeOptions,
  logger: Logger,
  /** What is consumed, for the log: "licence submissions". */
  what: string,
): Subscription {
  let stopped = false;
  let subscription: Subscription | undefined;
  void topicsReady.then(async (ready) => {
    for (let attempt = 1; ready && !stopped; attempt++) {
      try {
        subscription = await bus.subscribe(options);
        if (stopped) await subscription.stop();
        return;
      } catch (error) {
        const retryInMs = Math.min(5_000, 250 * 2 ** attempt);
        logger.error({ err: error, attempt, retryInMs, topic: options.topic }, `could not subscribe to ${what}; retrying`);
        await new Promise((resolve) => setTimeout(resolve, retryInMs).unref());
      }
    }
  });
  return {
    async stop() {
      stopped = true;
      await subscription?.stop();
    },
  };
}
