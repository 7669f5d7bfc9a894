/**
 * @module main/cases
 * Wiring of the 两个清单 catalogue, the working-day calendar (seeded from the notices shipped in
 * src/core/cases/calendars), cases and their material check, the consumer that tells cases about
 * relied-on licences, and supervision. Verification reaches the material check only as the narrow
 * functions given here: the batch verification, one receipt per material check.
 */
import { readdirSync, readFileSync } from 'node:fs';
import type { Config } from '../config/config.js';
import { packagePath } from '../config/package-root.js';
import type { Principal } from '../core/auth/principal.js';
import { createCatalogueService } from '../core/catalogue/catalogue-service.js';
import { createCalendarService } from '../core/cases/calendar-service.js';
import { createCalendarWatch } from '../core/cases/calendar-watch.js';
import { createCaseService } from '../core/cases/case-service.js';
import { createMaterialCheck, type CheckMaterialsDeps } from '../core/cases/check-materials.js';
import { createHolderUsageReport } from '../core/cases/holder-usage.js';
import { createPackageLookup } from '../core/cases/package-lookup.js';
import { createMilestoneSubmissionHandler } from '../core/cases/milestone-submission-handler.js';
import { createReliedLicenceHandler } from '../core/cases/relied-licences.js';
import { createSupervision } from '../core/cases/supervision.js';
import { licenseReference } from '../core/licenses/license-reference.js';
import { assertCalendarYear, type CalendarYear } from '../core/cases/working-calendar.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import type { ReceiptSigner } from '../core/ports/receipt-signer.js';
import type { SealVerifier } from '../core/ports/seal-verifier.js';
import { Topics } from '../core/topics.js';
import { createRateLimiter } from '../core/verification/rate-limiter.js';
import type { createVerificationBatch } from '../core/verification/verification-batch.js';
import type { Database } from '../postgres/database.js';
import type { OutboxRelay } from '../postgres/outbox-relay.js';
import { PostgresCalendarRepository } from '../postgres/postgres-calendar-repository.js';
import { PostgresCaseRepository } from '../postgres/postgres-case-repository.js';
import { PostgresCatalogueRepository } from '../postgres/postgres-catalogue-repository.js';
import { PostgresHolderIndex } from '../postgres/postgres-holder-index.js';
import type { AuditWiring } from './audit.js';
import { subscribeWithRetry } from '../core/bus/bus-setup.js';

export interface CaseWiringDeps {
  config: Config;
  db: Database;
  bus: MessageBus;
  relay: OutboxRelay;
  topicsReady: Promise<boolean>;
  logger: Logger;
  contracts: ContractRegistry;
  audit: Pick<AuditWiring, 'appender' | 'personalIds' | 'reader' | 'writer'>;
  receipts: Pick<ReceiptSigner, 'signStatement' | 'verifyStatement'>;
  seals: SealVerifier;
  /** The hub's batch verification: a material check verifies the applicant's licences under one receipt. */
  verifyBatch: ReturnType<typeof createVerificationBatch>;
  verifyDocument: CheckMaterialsDeps['verifyDocument'];
  now(): Date;
}

export const MATERIAL_PACKAGE_TYPE = 'zz-material-package+jwt';
/** Holder look-ups per caller: a window checks a case in one call, a sweep needs thousands. */
const LOOKUPS_PER_MINUTE = 30;

/** The calendar years shipped with the hub, each checked against its contract. */
function shippedCalendars(contracts: ContractRegistry): CalendarYear[] {
  const dir = packagePath('src', 'core', 'cases', 'calendars');
  return readdirSync(dir)
    .filter((file) => /^\d{4}\.json$/.test(file))
    .map((file) => {
      const year: unknown = JSON.parse(readFileSync(`${dir}/${file}`, 'utf8'));
      const errors = contracts.validate(ContractIds.workingCalendar, year);
      if (errors.length > 0) throw new TypeError(`calendar ${file} breaks its contract: ${JSON.stringify(errors)}`);
      return assertCalendarYear(year as CalendarYear);
    });
}

export async function openCases(deps: CaseWiringDeps) {
  const { db, contracts, now } = deps;
  const logger = deps.logger.child({ component: 'cases' });
  const calendars = new PostgresCalendarRepository(db.sql, deps.audit.appender);
  const added = await calendars.seed(shippedCalendars(contracts));
  if (added > 0) logger.info({ added }, 'working-day calendars seeded from the State Council notices');
  const calendar = createCalendarService({ calendars, contracts, now });
  const calendarWatch = createCalendarWatch({ calendars, logger, now });
  calendarWatch.start();
  const catalogue = createCatalogueService({ catalogue: new PostgresCatalogueRepository(db.sql, deps.audit.appender), contracts, now });
  const repository = new PostgresCaseRepository(db.sql, deps.audit.appender);
  const hashId = (id: string) => deps.audit.personalIds.keyedHash(id);
  // Case use cases on a given clock: the hub's own on `now`, the demo seeder's on a clock it sets.
  const useCasesAt = (clock: () => Date) => {
    const cases = createCaseService({
      cases: repository,
      catalogue,
      calendar: () => calendar.calendar(),
      hashId,
      verifyDecision: async (jws) => ({ department: (await deps.seals.verify(jws, { typ: 'zz-document+jws', at: clock() })).seal.uscc }),
      now: clock,
    });
    const checkMaterials = createMaterialCheck({
      cases: repository,
      load: cases.load,
      holders: new PostgresHolderIndex(db.sql, hashId),
      nameLicence: (id, typeCode) => licenseReference(id, contracts.licenseType(typeCode), hashId),
      verifyLicences: (caller, items, purpose) => deps.verifyBatch(caller, items, purpose, { refusals: 'throw' }),
      verifyDocument: deps.verifyDocument,
      sealPackage: (claims) => deps.receipts.signStatement(MATERIAL_PACKAGE_TYPE, claims),
      calendar: () => calendar.calendar(),
      lookups: createRateLimiter({ ratePerSecond: LOOKUPS_PER_MINUTE / 60, burst: LOOKUPS_PER_MINUTE }),
      now: clock,
    });
    return { cases, checkMaterials };
  };
  const { cases, checkMaterials } = useCasesAt(now);
  const consumers = [
    subscribeWithRetry(
      deps.bus,
      deps.topicsReady,
      {
        topic: Topics.licenseEvents,
        groupId: `${deps.config.kafkaGroupId}.cases`,
        handleBatch: createReliedLicenceHandler({ cases: repository, contracts, notified: () => deps.relay.wake() }),
      },
      logger,
      'licence events for cases',
    ),
    subscribeWithRetry(
      deps.bus,
      deps.topicsReady,
      {
        topic: Topics.caseMilestones,
        // A group per topic: the kafkajs assigner expects every member of a group to read the same topics.
        groupId: `${deps.config.kafkaGroupId}.milestones`,
        handleBatch: createMilestoneSubmissionHandler({ seals: deps.seals, contracts, milestone: cases.milestone, now }),
      },
      logger,
      'case milestones',
    ),
  ];

  return {
    calendar,
    calendarWatch,
    catalogue,
    cases,
    checkMaterials,
    holderUsage: createHolderUsageReport({ audit: deps.audit.reader, writer: deps.audit.writer, hashId, now }),
    lookUpPackage: createPackageLookup({
      packages: repository,
      load: cases.load,
      verify: (jws) => deps.receipts.verifyStatement(MATERIAL_PACKAGE_TYPE, jws),
      audit: deps.audit.writer,
      now,
    }),
    supervise: createSupervision({ cases: repository, calendar: () => calendar.calendar(), now }),
    importCatalogue: (caller: Principal, items: readonly unknown[]) => catalogue.importItems(caller, items, { publish: true }),
    /** For the demo seeder's history only (main gives it to nothing else): cases on the seeder's clock. */
    casesAt: (clock: () => Date) => {
      const backdated = useCasesAt(clock);
      return { ...backdated.cases, checkMaterials: backdated.checkMaterials, calendar: () => calendar.calendar() };
    },
    stop: async () => {
      calendarWatch.stop();
      await Promise.all(consumers.map((c) => c.stop()));
    },
  };
}
