/**
 * @module main/verification-bus
 * Wiring of verification over Kafka: the hub's consumer group reads `verifications.requests` and
 * answers through the same verify functions as `POST /v1/verifications` and `…/batch`, received
 * here as they are, on each department's own results topic — made at start and whenever a
 * department is registered.
 */
import type { Config } from '../config/config.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import { authenticateMessage } from '../core/data-sharing/exchange-bus-handlers.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus, Subscription } from '../core/ports/message-bus.js';
import { ExchangeTopics } from '../core/topics.js';
import { createVerificationRequestHandler } from '../core/verification-bus/verification-request-handler.js';
import { createVerificationResultTopics } from '../core/verification-bus/verification-result-topics.js';
import type { BatchItem } from '../core/verification/verification-batch.js';
import type { Purpose, VerificationRequest } from '../core/verification/verification.js';

export interface VerificationBusDeps {
  config: Config;
  bus: MessageBus;
  topicsReady: Promise<boolean>;
  authenticator: Authenticator;
  contracts: Pick<ContractRegistry, 'validate'>;
  departments: Pick<DepartmentService, 'list'>;
  changes: Pick<ChangeNotifier, 'subscribe'>;
  verify(caller: Principal, request: VerificationRequest): Promise<unknown>;
  verifyBatch(caller: Principal, items: readonly BatchItem[], purpose: Purpose): Promise<unknown>;
  logger: Logger;
}

export function openVerificationBus(deps: VerificationBusDeps): Subscription {
  const logger = deps.logger.child({ component: 'verification-bus' });
  const results = createVerificationResultTopics({ bus: deps.bus, listDepartments: () => deps.departments.list(), logger });
  const ensureAll = () =>
    results.ensureAll().catch((error: unknown) => logger.warn({ err: error }, 'verification result topics could not be made yet'));
  void deps.topicsReady.then(async (ready) => {
    if (ready) await ensureAll();
  });
  deps.changes.subscribe('departments', () => void ensureAll());
  return subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: ExchangeTopics.verificationRequests,
      groupId: `${deps.config.kafkaGroupId}.verifications`,
      handleBatch: createVerificationRequestHandler({
        authenticate: (message) => authenticateMessage(deps.authenticator, message),
        validate: (value) => deps.contracts.validate(ContractIds.verificationRequest, value),
        verify: deps.verify,
        verifyBatch: deps.verifyBatch,
        publish: results.publish,
        logger,
      }),
    },
    logger,
    'verification requests',
  );
}
