/**
 * @module main/bus
 * The exchange bus: Kafka when KAFKA_BROKERS is set, the in-process bus otherwise. Topics and
 * subscriptions are set up in the background (core/bus/bus-setup), so the hub serves (and reports
 * the bus down in /readyz) while the broker is still coming up.
 */
import type { Config } from '../config/config.js';
import type { DeadLetterSealer } from '../core/bus/dead-letter-sealer.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import { createInMemoryBus } from '../kafka/in-memory-bus.js';
import { createKafkaBus } from '../kafka/kafka-bus.js';

export function createBus(config: Config, logger: Logger, deadLetters: DeadLetterSealer): MessageBus {
  return config.kafkaBrokers
    ? createKafkaBus({
        brokers: [...config.kafkaBrokers],
        clientId: config.kafkaClientId,
        topicPrefix: config.kafkaTopicPrefix,
        logger: logger.child({ component: 'kafka' }),
        deadLetters,
      })
    : createInMemoryBus({ logger: logger.child({ component: 'bus' }), deadLetters });
}
