/**
 * @module main
 * The only wiring: config → adapters → app and consumers → start; graceful stop. `startHub` is
 * exported for the CLI and the boot tests; running this file directly starts a hub from the
 * environment. The larger groups of wiring live beside it in `src/main/`.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import { loadConfig, ConfigError, type Config } from './config/config.js';
import { packagePath } from './config/package-root.js';
import { createAjvValidatorFactory } from './contracts/ajv-validator-factory.js';
import { firstMatching } from './core/auth/authenticator.js';
import { servicePrincipal } from './core/audit/audit-actions.js';
import { createDepartmentService } from './core/departments/department-service.js';
import type { Logger } from './core/ports/logger.js';
import { createApiTokenAuthenticator } from './core/tokens/api-token-authenticator.js';
import { bootstrapAdminToken } from './core/tokens/bootstrap-admin-token.js';
import { createApiToken } from './core/tokens/create-api-token.js';
import { withSessions } from './core/users/session-authenticator.js';
import { openStaff } from './main/staff.js';
import { createClientAddressResolver } from './http/client-address.js';
import { registerConsoleDesks } from './main/console.js';
import { createApp } from './http/app.js';
import { createHubMetrics } from './http/metrics.js';
import { registerAuthRoutes } from './http/routes/auth-routes.js';
import { registerDepartmentRoutes } from './http/routes/department-routes.js';
import { registerPkiRoutes } from './http/routes/pki-routes.js';
import { registerSystemRoutes } from './http/routes/system-routes.js';
import { registerTokenRoutes } from './http/routes/token-routes.js';
import { createLogger } from './logging/create-logger.js';
import { formatStartBanner, type StartBannerInfo } from './logging/start-banner.js';
import type { DemoSummary } from './main/demo/seed-demo-county.js';
import { createBus } from './main/bus.js';
import { ensureTopicsWithRetry } from './core/bus/bus-setup.js';
import { exchangeTopics, hubTopics } from './core/topics.js';
import type { ServerType } from '@hono/node-server';
import { boundUrl, closeServer, listen } from './main/http-server.js';
import { startingUp, type FetchHandler } from './http/starting-up.js';
import { writeSecretFile } from './main/secret-files.js';
import { openTrust } from './main/trust.js';
import { openAudit } from './main/audit.js';
import { registerAuditRoutes } from './http/routes/audit-routes.js';
import { registerStatsRoutes } from './http/routes/stats-routes.js';
import { openLicenses } from './main/licenses.js';
import { openVerification } from './main/verification.js';
import { rotateReceiptKey } from './core/verification/rotate-receipt-key.js';
import { rotateRowMacKey } from './core/licenses/rotate-row-mac-key.js';
import { createVerificationBatch } from './core/verification/verification-batch.js';
import { openWebhooks } from './main/webhooks.js';
import { registerWebhookRoutes } from './http/routes/webhook-routes.js';
import { registerVerificationRoutes } from './http/routes/verification-routes.js';
import { currentRequestId } from './logging/request-context.js';
import { openDocuments } from './main/documents.js';
import { openDataSharing } from './main/data-sharing.js';
import { openVerificationBus } from './main/verification-bus.js';
import { registerDataServiceRoutes } from './http/routes/data-service-routes.js';
import { registerDataRequestRoutes } from './http/routes/data-request-routes.js';
import { openCases } from './main/cases.js';
import { registerCalendarRoutes } from './http/routes/calendar-routes.js';
import { registerCatalogueRoutes } from './http/routes/catalogue-routes.js';
import { registerCaseRoutes } from './http/routes/case-routes.js';
import { registerSupervisionRoutes } from './http/routes/supervision-routes.js';
import { startDemoCounty } from './main/demo/start-demo-county.js';
import { startDemoDataProviders } from './main/demo/demo-data-providers.js';
import { documentBodyLimits, registerDocumentRoutes } from './http/routes/document-routes.js';
import { createSchemaRegistry } from './contracts/schema-registry.js';
import { buildAsyncApiDocument } from './contracts/asyncapi.js';
import { createContractBundle } from './contracts/contract-bundle.js';
import { registerLicenseRoutes } from './http/routes/license-routes.js';
import { registerContractRoutes } from './http/routes/contract-routes.js';
import { openDatabase } from './postgres/database.js';
import { migrate } from './postgres/migrate.js';
import { readOutboxLag } from './postgres/outbox.js';
import { createOutboxRelay } from './postgres/outbox-relay.js';
import { PostgresApiTokenRepository } from './postgres/postgres-api-token-repository.js';
import { PostgresDepartmentRepository } from './postgres/postgres-department-repository.js';
import { PostgresLicenseRightRepository } from './postgres/postgres-license-right-repository.js';
import { createRightsDirectory } from './core/rights/rights-directory.js';
import { createInMemoryChangeNotifier } from './core/changes/in-memory-change-notifier.js';
import { createDepartmentStates, requireActiveBearer, requireActiveDepartment } from './core/departments/department-states.js';
import { openPostgresChangeNotifier } from './postgres/postgres-change-notifier.js';
import { registerVerifyConsoleRoutes, verifyConsoleBodyLimits } from './web/verify-routes.js';

export interface RunningHub {
  /** The bound address, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** What a person at the terminal needs, once the demo county (if any) is seeded. */
  ready: Promise<StartBannerInfo>;
  stop(reason?: string): Promise<void>;
}

const version: string = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).version;

export async function startHub(config: Config, rootLogger: Logger): Promise<RunningHub> {
  const started = performance.now();
  // Every line names the instance that wrote it: which hub handled which message, request or batch.
  const logger = rootLogger.child({ instance: config.instanceId });
  const now = () => new Date();

  // Bind first: liveness answers while migrations, keys and demo data are prepared.
  let handle: FetchHandler = startingUp(config.bodyLimitBytes);
  const server = await listen((request, env) => handle(request, env), config.host, config.port);
  const url = boundUrl(server, config.host, config.port);
  const publicUrl = config.publicUrl ?? url;
  try {
    return await wireHub(config, logger, { server, url, publicUrl, started, now, serve: (fetch) => (handle = fetch) });
  } catch (error) {
    await closeServer(server, 1_000);
    throw error;
  }
}

interface Listening {
  server: ServerType;
  url: string;
  publicUrl: string;
  started: number;
  now(): Date;
  /** Switch the bound server from the start-up answer to the app. */
  serve(fetch: FetchHandler): void;
}

async function wireHub(config: Config, logger: Logger, { server, url, publicUrl, started, now, serve }: Listening): Promise<RunningHub> {
  let stopping: Promise<void> | undefined;
  const stopper = new AbortController();

  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax, logger });
  const applied = await migrate(db.sql);
  if (applied.length > 0) logger.info({ applied }, 'database migrations applied');

  // Embedded PGlite is one instance on one connection: nobody else to tell, no LISTEN needed.
  const changes =
    db.kind === 'postgres'
      ? await openPostgresChangeNotifier(db.sql, logger.child({ component: 'changes' }))
      : createInMemoryChangeNotifier();
  const bus = createBus(config, logger);
  const relay = createOutboxRelay({ sql: db.sql, bus, logger: logger.child({ component: 'outbox' }) });
  const topicsReady = ensureTopicsWithRetry(bus, [...hubTopics, ...exchangeTopics], logger, stopper.signal);
  void topicsReady.then((ready) => ready && relay.start());
  const contracts = createSchemaRegistry();
  const audit = await openAudit({ config, db, logger, now });

  const tokens = new PostgresApiTokenRepository(db.sql, audit.appender);
  await bootstrapAdminToken({ tokens, writeSecretFile, logger, now }, config.bootstrapTokenFile);
  const departments = createDepartmentService(
    new PostgresDepartmentRepository(db.sql, audit.appender),
    { currentCaller: audit.currentCaller, now },
    changes,
  );
  const staff = openStaff({ db, audit, departments, logger, clientAddress: createClientAddressResolver(config.trustedProxies), now });
  const trust = await openTrust({ config, publicUrl, db, logger, departments, audit, changes, now });
  const rights = createRightsDirectory({
    rights: new PostgresLicenseRightRepository(db.sql, audit.appender),
    departments,
    currentCaller: audit.currentCaller,
    changes,
    now,
  });
  const licensing = openLicenses({
    config,
    db,
    bus,
    relay,
    topicsReady,
    logger,
    contracts,
    seals: trust.sealVerifier,
    rights,
    rowMacs: trust.rowMacs,
    audit,
    now,
  });
  const documents = openDocuments({ db, contracts, departments, trust, now });
  const webhooks = await openWebhooks({
    config,
    db,
    bus,
    topicsReady,
    logger,
    audit,
    departments,
    rights,
    now,
  });

  let enumerationAlerts = 0;
  const verification = openVerification({
    config,
    logger,
    checkIssuer: trust.sealAtIssuance,
    licenses: licensing.licenses,
    rowMacs: trust.rowMacs,
    rights,
    contracts,
    seals: trust.sealVerifier,
    receipts: trust.receipts,
    audit: audit.writer,
    hashPersonalId: (id) => audit.personalIds.keyedHash(id),
    requestId: currentRequestId,
    onEnumerationSuspected: () => void (enumerationAlerts += 1),
    now,
  });

  const tokenAuthenticator = firstMatching([createApiTokenAuthenticator({ tokens, now }), trust.accessTokenAuthenticator]);
  const departmentStates = createDepartmentStates({ departments, changes, now });
  const authenticator = requireActiveBearer(tokenAuthenticator, departmentStates);
  const dataSharing = openDataSharing({
    config,
    db,
    bus,
    topicsReady,
    contracts,
    authenticator,
    audit,
    assertActiveDepartment: (uscc) => departments.assertActive(uscc),
    metrics: { observeExchange: (labels, seconds) => metrics.observeExchange(labels, seconds) },
    logger,
    now,
  });

  const verificationBus = openVerificationBus({
    config,
    bus,
    topicsReady,
    authenticator,
    verify: (caller, request) => verification.verify(caller, request),
    logger,
  });

  const caseWiring = await openCases({
    config,
    db,
    bus,
    relay,
    topicsReady,
    logger,
    contracts,
    audit,
    receipts: trust.receipts,
    seals: trust.sealVerifier,
    verifyLicence: (caller, request) => verification.verify(caller, request),
    verifyDocument: (input) => documents.verify(input),
    now,
  });

  const metrics = createHubMetrics(
    [
      {
        name: 'zz_data_services_unavailable',
        help: 'Data services this instance refuses after repeated provider timeouts',
        read: async () => dataSharing.unavailable().length,
      },
      { name: 'zz_data_exchanges_pending', help: 'Data requests waiting for their provider', read: async () => dataSharing.pendingCount() },
      {
        name: 'zz_verification_enumeration_alerts',
        help: 'Callers whose verification misses looked like enumeration (since start)',
        read: async () => enumerationAlerts,
      },
      {
        name: 'zz_outbox_pending',
        help: 'Outbox rows committed but not yet published',
        read: async () => (await readOutboxLag(db.sql)).pending,
      },
      {
        name: 'zz_outbox_oldest_seconds',
        help: 'Age of the oldest unpublished outbox row',
        read: async () => (await readOutboxLag(db.sql)).oldestSeconds,
      },
      {
        name: 'zz_webhook_deliveries_pending',
        help: 'Webhook deliveries not yet delivered or given up',
        read: async () => (await webhooks.store.counts()).pending,
      },
      {
        name: 'zz_webhook_subscriptions_disabled',
        help: 'Webhook endpoints disabled after failing for the whole window',
        read: async () => (await webhooks.store.counts()).disabledSubscriptions,
      },
      { name: 'zz_audit_queued', help: 'Audit entries waiting for their group commit', read: async () => audit.writer.queued },
      {
        name: 'zz_licence_integrity_mismatches',
        help: 'Stored licences the seal sweep found with a failing seal or row MAC (since start)',
        read: async () => licensing.sweep.mismatches,
      },
      {
        name: 'zz_seal_sweep_checked',
        help: 'Stored licences the last complete seal sweep re-verified',
        read: async () => licensing.sweep.lastChecked,
      },
      {
        name: 'zz_licence_submissions_handled',
        help: 'Messages of licenses.submit this instance finished (stored, refused or dead-lettered) since start',
        read: async () => licensing.submissionsHandled,
      },
    ],
    { hub_instance: config.instanceId },
  );
  const validators = createAjvValidatorFactory();
  const { app, routes } = createApp({
    logger: logger.child({ component: 'http' }),
    authenticator: requireActiveDepartment(withSessions(tokenAuthenticator, staff.sessionAuthenticator), departmentStates),
    validators,
    metrics,
    bodyLimitBytes: config.bodyLimitBytes,
    largeBodies: [...documentBodyLimits, ...verifyConsoleBodyLimits],
    console: { loginPath: '/console/login', secureCookies: publicUrl.startsWith('https:') },
  });
  registerSystemRoutes(routes, {
    metrics,
    version,
    publicUrl,
    contracts: createContractBundle(contracts, (name) => `#/components/schemas/${name}`),
    readiness: [
      { name: 'database', check: () => db.ping() },
      { name: 'bus', check: () => bus.check() },
      { name: 'consumer', check: () => licensing.checkConsumer() },
    ],
  });
  registerAuthRoutes(routes, { issueSystemToken: (request) => trust.issueSystemToken(request) });
  registerDepartmentRoutes(routes, { departments });
  registerPkiRoutes(routes, { certificates: trust.certificates, crls: trust.crls, now });
  registerVerificationRoutes(routes, {
    verify: verification.verify,
    verifyPresented: verification.verifyPresented,
    verifyBatch: createVerificationBatch({ check: verification.check, receipts: trust.receipts, now }),
    receipts: trust.receipts,
    rotateReceiptKey: () => rotateReceiptKey({ keys: trust.receipts, audit: audit.writer, changes, now }, audit.currentCaller()),
  });
  registerLicenseRoutes(routes, {
    publish: licensing.publish,
    changeStatus: licensing.changeStatus,
    licenses: licensing.licenses,
    rotateRowMacKey: () => rotateRowMacKey({ keys: trust.rowMacs, audit: audit.writer, changes, now }, audit.currentCaller()),
    now,
  });
  registerContractRoutes(routes, {
    contracts,
    rights,
    asyncApi: () => buildAsyncApiDocument(contracts, { topicPrefix: config.kafkaTopicPrefix, version }),
  });
  registerDocumentRoutes(routes, { documents });
  registerDataServiceRoutes(routes, { catalogue: dataSharing.catalogue, grants: dataSharing.grants });
  registerDataRequestRoutes(routes, { exchange: dataSharing.exchange });
  registerTokenRoutes(routes, {
    createApiToken: (caller, input) => createApiToken({ tokens, now, assertActiveDepartment: departments.assertActive }, caller, input),
  });
  registerWebhookRoutes(routes, { webhooks: webhooks.service, signingKey: webhooks.signingKey });
  staff.registerRoutes(routes, { secureCookies: publicUrl.startsWith('https:') });
  registerAuditRoutes(routes, { audit: audit.reader, verify: audit.verify, personalIds: audit.personalIds });
  registerStatsRoutes(routes, { stats: audit.reader, now });
  registerCalendarRoutes(routes, { calendar: caseWiring.calendar });
  registerCatalogueRoutes(routes, { catalogue: caseWiring.catalogue });
  registerCaseRoutes(routes, { cases: caseWiring.cases, checkMaterials: caseWiring.checkMaterials, holderUsage: caseWiring.holderUsage });
  registerSupervisionRoutes(routes, { supervise: caseWiring.supervise });
  registerVerifyConsoleRoutes(routes, {
    verify: verification.verify,
    verifyPresented: verification.verifyPresented,
    licenseTypes: () => contracts.licenseTypes(),
    jwksUrl: `${publicUrl}/.well-known/jwks.json`,
  });
  registerConsoleDesks(routes, {
    secureCookies: publicUrl.startsWith('https:'),
    departments,
    certificates: trust.certificates,
    crls: trust.crls,
    audit: audit.reader,
    verifyAudit: audit.verify,
    typeName: (code) => contracts.licenseTypes().find((t) => t.code === code)?.name,
    cases: {
      cases: caseWiring.cases,
      checkMaterials: caseWiring.checkMaterials,
      publishedItems: () => caseWiring.catalogue.listPublished(),
    },
    webhooks: webhooks.service,
    rights: { licenseTypes: () => contracts.licenseTypes(), rights },
    now,
  });

  serve(app.fetch);
  logger.info(
    { url, database: db.kind, bus: config.kafkaBrokers ? 'kafka' : 'in-process', ms: Math.round(performance.now() - started) },
    'zhengzhao hub listening',
  );
  // After serving: the demo county takes seconds to seed and nothing should wait for it.
  const demo = config.demo
    ? startDemoCounty(config, logger, {
        departments,
        certificates: trust.certificates,
        rights,
        publish: licensing.publish,
        changeStatus: licensing.changeStatus,
        createUser: staff.createUser,
        importCatalogue: caseWiring.importCatalogue,
        consoleUrl: `${publicUrl}/console/login`,
        now,
      })
    : undefined;
  // After the demo county exists: its 公安局 and 民政局 answer data requests from small registers.
  const demoData = demo?.done.then(() =>
    startDemoDataProviders({
      bus,
      topicsReady,
      catalogue: dataSharing.catalogue,
      grants: dataSharing.grants,
      departments,
      mintSystemToken: async (department) =>
        (
          await createApiToken({ tokens, now, assertActiveDepartment: departments.assertActive }, servicePrincipal('hub:demo-county'), {
            role: 'system',
            department,
            ttl: '30d',
          })
        ).token,
      groupPrefix: config.kafkaGroupId,
      logger: logger.child({ component: 'demo' }),
      now,
    }).catch((error: unknown) => {
      logger.error({ err: error }, 'demo data providers could not start');
      return undefined;
    }),
  );

  const banner = (summary: DemoSummary | undefined): StartBannerInfo => ({
    consoleUrl: `${publicUrl}/console/login`,
    adminTokenFile: config.bootstrapTokenFile,
    demoClerk: summary?.clerk,
    tryLicence: summary?.tryVerifying,
  });
  return {
    url,
    ready: demo ? demo.done.then(banner) : Promise.resolve(banner(undefined)),
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        stopper.abort();
        logger.info({ reason }, 'stopping: no new requests, finishing those in flight');
        await closeServer(server, config.shutdownTimeoutMs);
        await demo?.stop();
        await (await demoData)?.stop();
        await caseWiring.stop();
        await licensing.stop();
        await dataSharing.stop();
        await verificationBus.stop();
        await webhooks.stop();
        await trust.stop();
        await audit.stop();
        await relay.stop(Math.min(5_000, config.shutdownTimeoutMs / 2));
        await bus.close();
        await changes.close();
        await db.close();
        logger.info({}, 'stopped');
      })();
      return stopping;
    },
  };
}

/** Process entry: config errors exit 2; signals stop gracefully within the configured bound. */
export async function runFromEnvironment(): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`zhengzhao: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const logger = createLogger({ level: config.logLevel, pretty });
  let hub: RunningHub;
  try {
    hub = await startHub(config, logger);
  } catch (error) {
    logger.error({ err: error }, 'the hub could not start');
    process.exit(1);
  }
  if (pretty) void hub.ready.then((info) => process.stdout.write(formatStartBanner(info)));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const force = setTimeout(() => {
        logger.error({ signal }, 'graceful stop timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + 5_000).unref();
      hub.stop(signal).then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
    });
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runFromEnvironment();
}
