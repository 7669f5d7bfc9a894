/**
 * @module main/licenses
 * Wiring of the licence exchange: publication (HTTP and the `licenses.submit` consumer share one
 * pipeline), lifecycle, expiry, issuing rights. The relay is woken after every write so events and
 * results leave promptly instead of at the next poll.
 */
import type { Config } from '../config/config.js';
import type { Principal } from '../core/auth/principal.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import { changeLicenseStatus } from '../core/licenses/change-license-status.js';
import { scheduleExpiry } from '../core/licenses/expire-licenses.js';
import { createIssuerDirectory, type IssuerDirectory } from '../core/licenses/issuer-directory.js';
import { createLicenseSubmissionHandler } from '../core/licenses/license-submission-handler.js';
import { publishLicenses, type PublishOutcome, type Submission } from '../core/licenses/publish-licenses.js';
import type { Logger } from '../core/ports/logger.js';
import type { OutboxEntry } from '../core/ports/license-repository.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import type { SealVerifier } from '../core/ports/seal-verifier.js';
import { Topics } from '../core/topics.js';
import type { Database } from '../postgres/database.js';
import type { OutboxRelay } from '../postgres/outbox-relay.js';
import { PostgresLicenseRepository } from '../postgres/postgres-license-repository.js';
import type { AuditWiring } from './audit.js';
import { subscribeWithRetry } from './bus.js';

export interface LicenseWiringDeps {
  config: Config;
  db: Database;
  bus: MessageBus;
  relay: OutboxRelay;
  topicsReady: Promise<boolean>;
  logger: Logger;
  contracts: ContractRegistry;
  departments: DepartmentService;
  seals: SealVerifier;
  audit: Pick<AuditWiring, 'appender' | 'personalIds' | 'currentCaller'>;
  now(): Date;
}

export interface LicenseWiring {
  licenses: PostgresLicenseRepository;
  issuers: IssuerDirectory;
  publish(caller: Principal, jws: string): Promise<PublishOutcome>;
  changeStatus(caller: Principal, id: string, jws: string): ReturnType<typeof changeLicenseStatus>;
  stop(): Promise<void>;
}

export function openLicenses(deps: LicenseWiringDeps): LicenseWiring {
  const { contracts, now, relay, logger } = deps;
  const licenses = new PostgresLicenseRepository(deps.db.sql, deps.audit.appender);
  const issuers = createIssuerDirectory({ rights: licenses, departments: deps.departments, currentCaller: deps.audit.currentCaller, now });
  const publishDeps = { seals: deps.seals, contracts, issuers, licenses, personalIds: deps.audit.personalIds, now };

  const publishBatch = async (submissions: readonly Submission[], announce?: (o: readonly PublishOutcome[]) => OutboxEntry[]) => {
    const outcomes = await publishLicenses(publishDeps, submissions, announce);
    relay.wake();
    return outcomes;
  };

  const subscription = subscribeWithRetry(
    deps.bus,
    deps.topicsReady,
    {
      topic: Topics.licenseSubmit,
      groupId: deps.config.kafkaGroupId,
      handleBatch: createLicenseSubmissionHandler({ publish: publishBatch, contracts }),
    },
    logger,
    'licence submissions',
  );

  const expiry = scheduleExpiry({ licenses, contracts, logger: logger.child({ component: 'expiry' }), now });

  return {
    licenses,
    issuers,
    publish: async (caller, jws) => (await publishBatch([{ jws, caller }]))[0] as PublishOutcome,
    async changeStatus(caller, id, jws) {
      const changed = await changeLicenseStatus({ seals: deps.seals, contracts, licenses, now }, caller, id, jws);
      relay.wake();
      return changed;
    },
    async stop() {
      expiry.stop();
      await subscription.stop();
    },
  };
}
