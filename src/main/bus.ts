/**
 * @module main/bus
 * The exchange bus: Kafka when KAFKA_BROKERS is set, the in-process bus otherwise. Topics are
 * created in the background, retried until the hub stops, so the hub serves (and reports the bus
 * down in /readyz) while the broker is still coming up.
 */
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import { retry } from '../core/retry/retry.js';
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

/** Resolves true once the topics exist, false when `signal` aborted first. */
export async function ensureTopicsWithRetry(bus: MessageBus, logger: Logger, signal: AbortSignal): Promise<boolean> {
  const done = await retry(async () => bus.ensureTopics(hubTopics).then(() => true), {
    baseMs: 1_000,
    maxMs: 30_000,
    signal,
    onFailure: (error, attempt, retryInMs) =>
      logger.warn({ err: error, attempt, retryInMs }, 'cannot create topics yet; the bus is not reachable'),
  });
  return done ?? false;
}
