/**
 * @module main/licenses
 * Wiring of the licence exchange: publication (HTTP and the `licenses.submit` consumer share one
 * pipeline), lifecycle, expiry, the seal sweep. The relay is woken after every write so events and
 * results leave promptly instead of at the next poll.
 */
import type { Config } from '../config/config.js';
import { assertConsuming } from '../core/bus/consumer-progress.js';
import { isRetriable } from '../core/errors.js';
import type { Principal } from '../core/auth/principal.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import { changeLicenseStatus } from '../core/licenses/change-license-status.js';
import { scheduleExpiry } from '../core/licenses/expire-licenses.js';
import { createLicenseSubmissionHandler } from '../core/licenses/license-submission-handler.js';
import { publishLicenses, type Announce, type PublishOutcome, type Submission } from '../core/licenses/publish-licenses.js';
import type { Logger } from '../core/ports/logger.js';
import type { BatchHandler, MessageBus } from '../core/ports/message-bus.js';
import type { SealVerifier } from '../core/ports/seal-verifier.js';
import type { RightsDirectory } from '../core/rights/rights-directory.js';
import { Topics } from '../core/topics.js';
import type { HubMetrics } from '../http/metrics.js';
import type { RowMacKeys } from '../core/ports/row-mac-keys.js';
import { scheduleSealSweep } from '../core/licenses/seal-sweep.js';
import type { Database } from '../postgres/database.js';
import type { OutboxRelay } from '../postgres/outbox-relay.js';
import { PostgresLicenseRepository } from '../postgres/postgres-license-repository.js';
import { createPostgresInstanceLock, InstanceLockKeys } from '../postgres/postgres-instance-lock.js';
import type { AuditWiring } from './audit.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';

export interface LicenseWiringDeps {
  config: Config;
  db: Database;
  bus: MessageBus;
  relay: OutboxRelay;
  topicsReady: Promise<boolean>;
  logger: Logger;
  contracts: ContractRegistry;
  seals: SealVerifier;
  rights: Pick<RightsDirectory, 'assertMayIssue'>;
  /** The licence-row MAC keys: every row written carries one, the sweep checks them. */
  rowMacs: RowMacKeys;
  audit: Pick<AuditWiring, 'appender' | 'personalIds' | 'writer'>;
  metrics: Pick<HubMetrics, 'countSubmissionsHandled' | 'countSealSweep'>;
  now(): Date;
}

export interface LicenseWiring {
  licenses: PostgresLicenseRepository;
  publish(caller: Principal, jws: string): Promise<PublishOutcome>;
  changeStatus(caller: Principal, id: string, jws: string): ReturnType<typeof changeLicenseStatus>;
  /** Readiness: the submission consumer is in its group and not stuck on one message. */
  checkConsumer(): Promise<void>;
  stop(): Promise<void>;
}

export function openLicenses(deps: LicenseWiringDeps): LicenseWiring {
  const { contracts, now, relay, logger } = deps;
  const licenses = new PostgresLicenseRepository(deps.db.sql, deps.rowMacs, deps.audit.appender);
  const publishDeps = { seals: deps.seals, contracts, rights: deps.rights, licenses, personalIds: deps.audit.personalIds, now };

  const publishBatch = async (submissions: readonly Submission[], announce?: Announce) => {
    const outcomes = await publishLicenses(publishDeps, submissions, announce);
    relay.wake();
    return outcomes;
  };

  const counted =
    (handle: BatchHandler): BatchHandler =>
    async (messages) => {
      const results = await handle(messages);
      // Retriable failures come back; they count when they are finished.
      deps.metrics.countSubmissionsHandled(results ? results.filter((error) => !isRetriable(error)).length : messages.length);
      return results;
    };
  const subscription = subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: Topics.licenseSubmit,
      groupId: deps.config.kafkaGroupId,
      handleBatch: counted(createLicenseSubmissionHandler({ publish: publishBatch, contracts })),
    },
    logger,
    'licence submissions',
  );

  const expiry = scheduleExpiry({
    licenses,
    contracts,
    personalIds: deps.audit.personalIds,
    logger: logger.child({ component: 'expiry' }),
    now,
  });

  const sweep = scheduleSealSweep(
    {
      licenses,
      seals: deps.seals,
      rowMacs: deps.rowMacs,
      contracts,
      personalIds: deps.audit.personalIds,
      audit: deps.audit.writer,
      logger: logger.child({ component: 'seal-sweep' }),
      now,
      pageSize: deps.config.sealSweepPageSize,
      onReport: (report) => deps.metrics.countSealSweep(report),
      // Embedded PGlite serves one hub instance: nobody to share the sweep with.
      lock:
        deps.config.databaseUrl === undefined ? undefined : createPostgresInstanceLock(deps.config.databaseUrl, InstanceLockKeys.sealSweep),
    },
    deps.config.sealSweepIntervalMs,
  );

  return {
    licenses,
    publish: async (caller, jws) => (await publishBatch([{ jws, caller }]))[0] as PublishOutcome,
    async changeStatus(caller, id, jws) {
      const changed = await changeLicenseStatus(
        { seals: deps.seals, contracts, licenses, personalIds: deps.audit.personalIds, now },
        caller,
        id,
        jws,
      );
      relay.wake();
      return changed;
    },
    checkConsumer: async () => assertConsuming(subscription, 'licence submission', deps.config.consumerStallMs),
    async stop() {
      expiry.stop();
      await sweep.stop();
      await subscription.stop();
    },
  };
}
