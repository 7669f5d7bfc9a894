/**
 * @module main/bus
 * The exchange bus: Kafka when KAFKA_BROKERS is set, the in-process bus otherwise. Topics are
 * created in the background with retries so the hub serves (and reports the bus down in /readyz)
 * while the broker is still coming up.
 */
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
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
