/**
 * @module main/hub-routes
 * The HTTP surface in one place: the app (authentication, limits, metrics) and every route group
 * registered on it, API and console alike, each handed only the parts of the wired groups it uses.
 * Kept apart from the wiring order in main so adding a route never touches how groups are opened.
 */
import type { Config } from '../config/config.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { buildAsyncApiDocument } from '../contracts/asyncapi.js';
import { createContractBundle } from '../contracts/contract-bundle.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import { createDeadLetterOpener } from '../core/bus/dead-letter-opener.js';
import type { DepartmentService } from '../core/departments/department-service.js';
import { requireActiveDepartment, type DepartmentStates } from '../core/departments/department-states.js';
import type { DocumentService } from '../core/documents/document-service.js';
import type { Logger } from '../core/ports/logger.js';
import type { RightsDirectory } from '../core/rights/rights-directory.js';
import type { CreateApiTokenInput, CreatedApiToken } from '../core/tokens/create-api-token.js';
import { withSessions } from '../core/users/session-authenticator.js';
import type { VerificationWiring } from './verification.js';
import type { ClientAddressResolver } from '../http/client-address.js';
import { KeyRings, rotateAnnouncedKey } from '../core/changes/rotate-announced-key.js';
import { createApp, type HubApp } from '../http/app.js';
import type { HubMetrics } from '../http/metrics.js';
import { registerAuditRoutes } from '../http/routes/audit-routes.js';
import { registerAuthRoutes } from '../http/routes/auth-routes.js';
import { registerCalendarRoutes } from '../http/routes/calendar-routes.js';
import { registerCaseRoutes } from '../http/routes/case-routes.js';
import { registerCatalogueRoutes } from '../http/routes/catalogue-routes.js';
import { registerCasePackageRoutes } from '../http/routes/case-package-routes.js';
import { registerContractRoutes } from '../http/routes/contract-routes.js';
import { registerDataRequestRoutes } from '../http/routes/data-request-routes.js';
import { registerDataServiceRoutes } from '../http/routes/data-service-routes.js';
import { deadLetterBodyLimits, registerDeadLetterRoutes } from '../http/routes/dead-letter-routes.js';
import { registerDepartmentRoutes } from '../http/routes/department-routes.js';
import { documentBodyLimits, registerDocumentRoutes } from '../http/routes/document-routes.js';
import { registerLicenseRoutes } from '../http/routes/license-routes.js';
import { registerPkiRoutes } from '../http/routes/pki-routes.js';
import { registerStatsRoutes } from '../http/routes/stats-routes.js';
import { registerSupervisionRoutes } from '../http/routes/supervision-routes.js';
import { registerSystemRoutes } from '../http/routes/system-routes.js';
import { registerTokenRoutes } from '../http/routes/token-routes.js';
import { registerVerificationRoutes } from '../http/routes/verification-routes.js';
import { registerWebhookRoutes } from '../http/routes/webhook-routes.js';
import { registerVerifyConsoleRoutes, verifyConsoleBodyLimits } from '../web/verify-routes.js';
import type { AuditWiring } from './audit.js';
import type { openCases } from './cases.js';
import { registerConsoleDesks } from './console.js';
import type { openDataSharing } from './data-sharing.js';
import type { Infrastructure } from './infrastructure.js';
import type { LicenseWiring } from './licenses.js';
import type { openStaff } from './staff.js';
import type { Trust } from './trust.js';
import type { WebhookWiring } from './webhooks.js';

export interface HubRouteDeps {
  config: Config;
  /** Resolves the client address behind trusted proxies, for per-address rate limits. */
  clientAddress: ClientAddressResolver;
  version: string;
  publicUrl: string;
  logger: Logger;
  metrics: HubMetrics;
  infrastructure: Pick<Infrastructure, 'db' | 'bus' | 'changes'>;
  /** API tokens and system tokens, before sessions are added and suspended departments refused. */
  tokenAuthenticator: Authenticator;
  departmentStates: DepartmentStates;
  contracts: ContractRegistry;
  audit: AuditWiring;
  departments: DepartmentService;
  staff: ReturnType<typeof openStaff>;
  trust: Trust;
  rights: RightsDirectory;
  licensing: LicenseWiring;
  documents: DocumentService;
  webhooks: WebhookWiring;
  verification: VerificationWiring;
  dataSharing: ReturnType<typeof openDataSharing>;
  cases: Awaited<ReturnType<typeof openCases>>;
  createApiToken(caller: Principal, input: CreateApiTokenInput): Promise<CreatedApiToken>;
  now(): Date;
}

export function createHubApp(deps: HubRouteDeps): HubApp {
  const { config, publicUrl, contracts, audit, trust, rights, licensing, verification, dataSharing, cases, now } = deps;
  const { db, bus, changes } = deps.infrastructure;
  const secureCookies = publicUrl.startsWith('https:');
  const hub = createApp({
    logger: deps.logger.child({ component: 'http' }),
    clientAddress: deps.clientAddress,
    authenticator: requireActiveDepartment(withSessions(deps.tokenAuthenticator, deps.staff.sessionAuthenticator), deps.departmentStates),
    validators: createAjvValidatorFactory(),
    metrics: deps.metrics,
    bodyLimitBytes: config.bodyLimitBytes,
    largeBodies: [...documentBodyLimits, ...verifyConsoleBodyLimits, ...deadLetterBodyLimits],
    console: { loginPath: '/console/login', secureCookies },
  });
  const { routes } = hub;
  registerSystemRoutes(routes, {
    metrics: deps.metrics,
    version: deps.version,
    publicUrl,
    contracts: createContractBundle(contracts, (name) => `#/components/schemas/${name}`),
    readiness: [
      { name: 'database', check: () => db.ping() },
      { name: 'bus', check: () => bus.check() },
      { name: 'consumer', check: () => licensing.checkConsumer() },
    ],
  });
  registerAuthRoutes(routes, { issueSystemToken: (request) => trust.issueSystemToken(request) });
  registerDepartmentRoutes(routes, { departments: deps.departments });
  registerPkiRoutes(routes, { certificates: trust.certificates, crls: trust.crls, now });
  registerVerificationRoutes(routes, {
    verify: verification.verify,
    verifyPresented: verification.verifyPresented,
    verifyBatch: verification.verifyBatch,
    receipts: trust.receipts,
    rotateReceiptKey: () =>
      rotateAnnouncedKey(KeyRings.receipts, { keys: trust.receipts, audit: audit.writer, changes, now }, audit.currentCaller()),
  });
  registerLicenseRoutes(routes, {
    publish: licensing.publish,
    changeStatus: licensing.changeStatus,
    licenses: licensing.licenses,
    rotateRowMacKey: () =>
      rotateAnnouncedKey(KeyRings.licenceRows, { keys: trust.rowMacs, audit: audit.writer, changes, now }, audit.currentCaller()),
    now,
  });
  registerContractRoutes(routes, {
    contracts,
    rights,
    asyncApi: () => buildAsyncApiDocument(contracts, { topicPrefix: config.kafkaTopicPrefix, version: deps.version }),
  });
  registerDocumentRoutes(routes, { documents: deps.documents });
  registerDataServiceRoutes(routes, { catalogue: dataSharing.catalogue, grants: dataSharing.grants });
  registerDataRequestRoutes(routes, {
    exchange: dataSharing.exchange,
    bodies: dataSharing.bodies,
    rotateBodyKey: () =>
      rotateAnnouncedKey(KeyRings.exchangeBodies, { keys: audit.bodyKeys, audit: audit.writer, changes, now }, audit.currentCaller()),
  });
  registerDeadLetterRoutes(routes, {
    deadLetters: createDeadLetterOpener({
      keys: { sealer: audit.bodyKeys, digests: audit.personalIds },
      record: (entry) => audit.writer.record(entry),
      now,
    }),
  });
  registerTokenRoutes(routes, { createApiToken: deps.createApiToken });
  registerWebhookRoutes(routes, { webhooks: deps.webhooks.service, signingKey: deps.webhooks.signingKey });
  deps.staff.registerRoutes(routes, { secureCookies, calendarGap: deps.cases.calendarWatch.gap });
  registerAuditRoutes(routes, { audit: audit.reader, verify: audit.verify, personalIds: audit.personalIds });
  registerStatsRoutes(routes, { stats: audit.reader, now });
  registerCalendarRoutes(routes, { calendar: cases.calendar });
  registerCatalogueRoutes(routes, { catalogue: cases.catalogue });
  registerCaseRoutes(routes, { cases: cases.cases, checkMaterials: cases.checkMaterials, holderUsage: cases.holderUsage });
  registerCasePackageRoutes(routes, { lookUpPackage: cases.lookUpPackage });
  registerSupervisionRoutes(routes, { supervise: cases.supervise });
  registerVerifyConsoleRoutes(routes, {
    verify: verification.verify,
    verifyPresented: verification.verifyPresented,
    licenseTypes: () => contracts.licenseTypes(),
    jwksUrl: `${publicUrl}/.well-known/jwks.json`,
  });
  registerConsoleDesks(routes, {
    secureCookies,
    departments: deps.departments,
    certificates: trust.certificates,
    crls: trust.crls,
    audit: audit.reader,
    verifyAudit: audit.verify,
    typeName: (code) => contracts.licenseTypes().find((t) => t.code === code)?.name,
    cases: {
      cases: cases.cases,
      checkMaterials: cases.checkMaterials,
      publishedItems: () => cases.catalogue.listPublished(),
      publicUrl,
    },
    lookUpPackage: cases.lookUpPackage,
    supervise: cases.supervise,
    catalogue: cases.catalogue,
    webhooks: deps.webhooks.service,
    rights: { licenseTypes: () => contracts.licenseTypes(), rights },
    now,
  });
  return hub;
}
