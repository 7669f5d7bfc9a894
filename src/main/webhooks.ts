/**
 * @module main/webhooks
 * Wiring of webhook deliveries: the hub's Ed25519 webhook key (created once, encrypted at rest like
 * its other keys), the `licenses.events` consumer that writes deliveries (its own consumer group, so
 * it sees every event whatever the other consumers do), the dispatcher that sends them, and the
 * subscription use cases.
 */
import type { Config } from '../config/config.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import type { RightsDirectory } from '../core/rights/rights-directory.js';
import { Topics } from '../core/topics.js';
import { createCircuitBreaker } from '../core/webhooks/circuit-breaker.js';
import { createRetrySchedule } from '../core/webhooks/retry-schedule.js';
import { createWebhookDispatcher } from '../core/webhooks/webhook-dispatcher.js';
import { createWebhookFanout } from '../core/webhooks/webhook-fanout.js';
import { createWebhookService, type WebhookService } from '../core/webhooks/webhook-service.js';
import type { Database } from '../postgres/database.js';
import { loadOrCreateSigner } from '../pki/keys/file-signer.js';
import { withCaMaterialLock } from '../postgres/postgres-ca-material-store.js';
import { PostgresWebhookStore } from '../postgres/postgres-webhook-store.js';
import { createStandardWebhookSigner, type StandardWebhookSigner, type WebhookSigningKey } from '../webhooks/standard-webhook-signature.js';
import { createStandardWebhookTransport } from '../webhooks/standard-webhook-transport.js';
import type { AuditWiring } from './audit.js';
import { readOrCreatePassphrase } from './secret-files.js';

const WEBHOOK_KEY = 'webhook-signing.key.pem';

export interface WebhookWiringDeps {
  config: Config;
  db: Database;
  bus: MessageBus;
  topicsReady: Promise<boolean>;
  logger: Logger;
  audit: Pick<AuditWiring, 'appender'>;
  departments: DepartmentService;
  rights: Pick<RightsDirectory, 'holders'>;
  now(): Date;
}

export interface WebhookWiring {
  service: WebhookService;
  signingKey: WebhookSigningKey;
  /** Also signs data requests to providers without Kafka, so departments pin one key for both. */
  signer: StandardWebhookSigner;
  store: PostgresWebhookStore;
  stop(): Promise<void>;
}

export async function openWebhooks(deps: WebhookWiringDeps): Promise<WebhookWiring> {
  const { config, db, logger, now } = deps;
  const passphrase = await readOrCreatePassphrase(config, logger);
  const signer = createStandardWebhookSigner(
    await withCaMaterialLock(db.sql, (store) => loadOrCreateSigner(store, WEBHOOK_KEY, passphrase, 'EdDSA')),
  );
  const store = new PostgresWebhookStore(db.sql, deps.audit.appender);
  const dispatcher = createWebhookDispatcher({
    store,
    transport: createStandardWebhookTransport({ signer }),
    schedule: createRetrySchedule(config.webhookRetryScheduleMs ? { delaysMs: config.webhookRetryScheduleMs } : {}),
    breaker: createCircuitBreaker(),
    logger: logger.child({ component: 'webhooks' }),
    now,
  });
  const subscription = subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: Topics.licenseEvents,
      groupId: `${config.kafkaGroupId}.webhooks`,
      handleBatch: createWebhookFanout({ store, onEnqueued: () => dispatcher.wake(), now }),
    },
    logger,
    'licence events for webhooks',
  );
  dispatcher.start();

  const service = createWebhookService({
    store,
    assertActiveDepartment: deps.departments.assertActive,
    rights: deps.rights,
    onRedeliver: () => dispatcher.wake(),
    now,
  });

  return {
    service,
    signingKey: signer.key,
    signer,
    store,
    async stop() {
      await subscription.stop();
      await dispatcher.stop();
    },
  };
}
