/**
 * @module main/data-sharing
 * Wiring of data sharing: the catalogue and grants on PostgreSQL, the exchange pipeline (Kafka
 * topics, or signed POSTs for providers without Kafka), and its two consumers. `data.requests` is read by the hub's consumer group (each request handled once);
 * `data.responses` by a group of this instance's own, starting at the end of the topic, because an
 * answer must reach the instance holding the waiting request.
 */
import { randomUUID } from 'node:crypto';
import type { Config } from '../config/config.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import { createDataCatalogue } from '../core/data-sharing/data-catalogue.js';
import { createDataExchange } from '../core/data-sharing/data-exchange.js';
import { createExchangeBodies } from '../core/data-sharing/exchange-bodies.js';
import { createDataGrants } from '../core/data-sharing/data-grants.js';
import { createDataRequestHandler, createDataResponseHandler } from '../core/data-sharing/exchange-bus-handlers.js';
import { createPendingExchanges } from '../core/data-sharing/pending-exchanges.js';
import { createApprovedGrants } from '../core/data-sharing/approved-grants.js';
import { createQuotaLeases } from '../core/data-sharing/quota-leases.js';
import { createProviderHealth } from '../core/data-sharing/provider-health.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import { ExchangeTopics } from '../core/topics.js';
import { createDataContracts } from '../contracts/data-service-contracts.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { HubMetrics } from '../http/metrics.js';
import type { Database } from '../postgres/database.js';
import { PostgresDataSharingRepository } from '../postgres/postgres-data-sharing-repository.js';
import { createPostgresExchangeBodyStore } from '../postgres/postgres-exchange-body-store.js';
import type { AuditWiring } from './audit.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';
import { createDepartmentTopics } from '../core/data-sharing/department-topics.js';
import { createSnapshotCache } from '../core/data-sharing/snapshot-cache.js';
import type { StandardWebhookSigner } from '../webhooks/standard-webhook-signature.js';
import { createSignedProviderEndpoint } from '../webhooks/signed-provider-endpoint.js';

const BODY_PURGE_INTERVAL_MS = 10 * 60_000;
/**
 * Requests and answers commit their offsets at most this often, not after every small batch. A
 * crash repeats at most this much: an answer nobody waits for any more is ignored, and a repeated
 * request is asked again (its quota counted again) — rarer and cheaper than a commit per batch.
 */
const EXCHANGE_COMMIT_INTERVAL_MS = 1_000;

export interface DataSharingWiringDeps {
  config: Config;
  db: Database;
  bus: MessageBus;
  changes: ChangeNotifier;
  topicsReady: Promise<boolean>;
  contracts: ContractRegistry;
  authenticator: Authenticator;
  audit: Pick<AuditWiring, 'appender' | 'writer' | 'personalIds' | 'bodyKeys'>;
  assertActiveDepartment(uscc: string): Promise<unknown>;
  metrics: Pick<HubMetrics, 'observeExchange'>;
  /** The webhook signer: requests to providers without Kafka are signed like event deliveries. */
  webhookSigner: StandardWebhookSigner;
  logger: Logger;
  now(): Date;
}

export function openDataSharing(deps: DataSharingWiringDeps) {
  const logger = deps.logger.child({ component: 'data-exchange' });
  const repository = new PostgresDataSharingRepository(deps.db.sql, deps.audit.appender);
  const contracts = createDataContracts(deps.contracts);
  const topics = createDepartmentTopics(deps.bus);

  const catalogue = createDataCatalogue({
    repository,
    contracts,
    assertActiveDepartment: deps.assertActiveDepartment,
    providerRegistered: topics.ensureDepartment,
    now: deps.now,
  });
  const grants = createDataGrants({ repository, catalogue, changes: deps.changes, consumerJoined: topics.ensureDepartment, now: deps.now });

  const services = createSnapshotCache((code) => repository.findService(code));
  const findService = (code: string) => services.get(code);

  const bodies = createExchangeBodies({
    store: createPostgresExchangeBodyStore(deps.db.sql),
    sealer: deps.audit.bodyKeys,
    record: (entry) => deps.audit.writer.record(entry),
    now: deps.now,
  });
  // Kept bodies past their retention are deleted within the interval (reads already ignore them).
  const purging = setInterval(() => {
    bodies.purge().catch((error: unknown) => logger.warn({ err: error }, 'purging kept exchange bodies failed; retried next round'));
  }, BODY_PURGE_INTERVAL_MS).unref();

  const pending = createPendingExchanges();
  const health = createProviderHealth({
    unavailableAfter: deps.config.dataUnavailableAfter,
    coolDownMs: deps.config.dataCoolDownMs,
    now: Date.now,
  });
  const exchange = createDataExchange({
    approvedGrants: createApprovedGrants({ repository, changes: deps.changes, now: Date.now }),
    quota: createQuotaLeases({ take: (grant, window, limit, wanted) => repository.takeQuota(grant, window, limit, wanted) }),
    contracts,
    findService,
    publish: topics.publish,
    endpoint: createSignedProviderEndpoint({ signer: deps.webhookSigner }),
    pending,
    health,
    bodies,
    record: (entry) => deps.audit.writer.record(entry),
    digest: (text) => deps.audit.personalIds.keyedDigest(text),
    observe: ({ seconds, ...labels }) => deps.metrics.observeExchange(labels, seconds),
    listening: () => responses.health().joined,
    maxTimeoutMs: deps.config.dataTimeoutMaxMs,
    maxInFlight: deps.config.dataMaxInFlight,
    newId: randomUUID,
    now: deps.now,
  });

  // Each instance hears the answers to its own requests in a group of its own. Until it has joined,
  // requests are refused with ERR_DEPENDENCY_UNAVAILABLE rather than routed to answers nobody here would hear.
  const responses = subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: ExchangeTopics.dataResponses,
      groupId: `${deps.config.kafkaGroupId}.data-responses.${randomUUID()}`,
      fromBeginning: false,
      commitIntervalMs: EXCHANGE_COMMIT_INTERVAL_MS,
      handleBatch: createDataResponseHandler({ authenticator: deps.authenticator, pending, logger }),
    },
    logger,
    'data answers',
  );
  const requests = subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: ExchangeTopics.dataRequests,
      groupId: `${deps.config.kafkaGroupId}.data-requests`,
      commitIntervalMs: EXCHANGE_COMMIT_INTERVAL_MS,
      handleBatch: createDataRequestHandler({ authenticator: deps.authenticator, exchange, publish: topics.publish, logger }),
    },
    logger,
    'data requests',
  );

  return {
    catalogue,
    grants,
    exchange,
    bodies,
    /** Services this instance currently reports unavailable (for /metrics). */
    unavailable: () => health.unavailable(),
    pendingCount: () => pending.size,
    async stop() {
      clearInterval(purging);
      await requests.stop();
      await responses.stop();
    },
  };
}
