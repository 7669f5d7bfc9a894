/**
 * @module main/verification-bus
 * Wiring of verification over Kafka: the hub's consumer group reads `verifications.requests` and
 * answers through the same verify function as `POST /v1/verifications`, received here as is.
 */
import type { Config } from '../config/config.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import { authenticateMessage } from '../core/data-sharing/exchange-bus-handlers.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus, Subscription } from '../core/ports/message-bus.js';
import { ExchangeTopics } from '../core/topics.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';
import { createVerificationRequestHandler } from '../core/verification-bus/verification-request-handler.js';
import type { VerificationRequest } from '../core/verification/verification.js';

export interface VerificationBusDeps {
  config: Config;
  bus: MessageBus;
  topicsReady: Promise<boolean>;
  authenticator: Authenticator;
  verify(caller: Principal, request: VerificationRequest): Promise<unknown>;
  logger: Logger;
}

export function openVerificationBus(deps: VerificationBusDeps): Subscription {
  const logger = deps.logger.child({ component: 'verification-bus' });
  return subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: ExchangeTopics.verificationRequests,
      groupId: `${deps.config.kafkaGroupId}.verifications`,
      handleBatch: createVerificationRequestHandler({
        authenticate: (message) => authenticateMessage(deps.authenticator, message),
        verify: deps.verify,
        publish: (topic, messages) => deps.bus.publish(topic, messages),
        logger,
      }),
    },
    logger,
    'verification requests',
  );
}
