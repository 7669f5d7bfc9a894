/**
 * @module main/bus
 * The exchange bus: Kafka when KAFKA_BROKERS is set, the in-process bus otherwise. Topics are
 * created in the background with retries so the hub serves (and reports the bus down in /readyz)
 * while the broker is still coming up.
 */
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus, SubscribeOptions, Subscription } from '../core/ports/message-bus.js';
import { hubTopics } from '../core/topics.js';
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
      await bus.ensureTopics(hubTopics);
      return true;
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      logger.warn({ err: error, attempt, retryInMs: delay }, 'cannot create topics yet; the bus is not reachable');
      await new Promise((resolve) => setTimeout(resolve, delay).unref());
    }
  }
  return false;
}

const SUBSCRIBE_RETRY_MAX_MS = 5_000;

/**
 * Subscribes once the topics exist, retrying for as long as the hub runs: readiness covers the
 * broker, not a consumer, so a hub that gave up would serve on without ever consuming. Returns the
 * stop of the subscription (also when it is still being retried).
 */
export function subscribeWhileRunning(
  bus: MessageBus,
  topicsReady: Promise<boolean>,
  logger: Logger,
  options: SubscribeOptions & { what: string },
): { stop(): Promise<void> } {
  let subscription: Subscription | undefined;
  let stopped = false;
  void topicsReady.then(async (ready) => {
    for (let attempt = 1; ready && !stopped; attempt++) {
      try {
        subscription = await bus.subscribe({ topic: options.topic, groupId: options.groupId, handleBatch: options.handleBatch });
        if (stopped) await subscription.stop();
        return;
      } catch (error) {
        const retryInMs = Math.min(SUBSCRIBE_RETRY_MAX_MS, 250 * 2 ** attempt);
        logger.error({ err: error, attempt, retryInMs, topic: options.topic }, `could not subscribe to ${options.what}; retrying`);
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
