/**
 * @module main
 * The only wiring: config → adapters → app and consumers → start; graceful stop. `startHub` is
 * exported for the CLI and the boot tests; running this file directly starts a hub from the
 * environment. Each group of wiring lives beside it in `src/main/`; this file says in which order
 * they open, what each is handed, and in which order they stop.
 */
import 'reflect-metadata';
import { readFileSync } from 'node:fs';
import { pathToFileURL } from 'node:url';
import type { Config } from './config/config.js';
import { packagePath } from './config/package-root.js';
import { createSchemaRegistry } from './contracts/schema-registry.js';
import { createHubMetrics } from './http/metrics.js';
import { firstMatching } from './core/auth/authenticator.js';
import { createDepartmentService } from './core/departments/department-service.js';
import { createDepartmentStates, requireActiveBearer } from './core/departments/department-states.js';
import type { Logger } from './core/ports/logger.js';
import { createRightsDirectory } from './core/rights/rights-directory.js';
import { createApiTokenAuthenticator } from './core/tokens/api-token-authenticator.js';
import { bootstrapAdminToken } from './core/tokens/bootstrap-admin-token.js';
import { createApiToken, type CreateApiTokenInput } from './core/tokens/create-api-token.js';
import type { Principal } from './core/auth/principal.js';
import { createClientAddressResolver } from './http/client-address.js';
import { currentRequestId } from './logging/request-context.js';
import { PostgresApiTokenRepository } from './postgres/postgres-api-token-repository.js';
import { PostgresDepartmentRepository } from './postgres/postgres-department-repository.js';
import { PostgresLicenseRightRepository } from './postgres/postgres-license-right-repository.js';
import { openAudit } from './main/audit.js';
import { openCases } from './main/cases.js';
import { openDataSharing } from './main/data-sharing.js';
import { openDemo } from './main/demo/open-demo.js';
import { openDocuments } from './main/documents.js';
import { hubGauges } from './main/hub-gauges.js';
import { createHubApp } from './main/hub-routes.js';
import { openInfrastructure } from './main/infrastructure.js';
import { openLicenses } from './main/licenses.js';
import { listenFirst, runningHub, type Listening, type RunningHub } from './main/lifecycle.js';
import { runProcess } from './main/process-entry.js';
import { writeSecretFile } from './main/secret-files.js';
import { openStaff } from './main/staff.js';
import { openTrust } from './main/trust.js';
import { openVerification } from './main/verification.js';
import { openVerificationBus } from './main/verification-bus.js';
import { openWebhooks } from './main/webhooks.js';

export type { RunningHub } from './main/lifecycle.js';

const version: string = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).version;

export async function startHub(config: Config, rootLogger: Logger): Promise<RunningHub> {
  // Every line names the instance that wrote it: which hub handled which message, request or batch.
  const logger = rootLogger.child({ instance: config.instanceId });
  return listenFirst(config, logger, (listening) => wireHub(config, logger, listening));
}

async function wireHub(config: Config, logger: Logger, listening: Listening): Promise<RunningHub> {
  // Each group is registered the moment it opens: a later step that throws closes it again.
  const { url, started, serve, opened } = listening;
  const publicUrl = config.publicUrl ?? url;
  const now = () => new Date();

  const infrastructure = opened(await openInfrastructure(config, logger, listening.signal));
  const { db, bus, relay, changes, topicsReady } = infrastructure;
  const metrics = createHubMetrics([], { hub_instance: config.instanceId });
  const contracts = createSchemaRegistry();
  const audit = opened(await openAudit({ config, db, logger, changes, now }));
  infrastructure.deadLetters.useKeys({ sealer: audit.bodyKeys, digests: audit.personalIds });

  const tokens = new PostgresApiTokenRepository(db.sql, audit.appender);
  await bootstrapAdminToken({ tokens, writeSecretFile, logger, now }, config.bootstrapTokenFile);
  const departments = createDepartmentService(
    new PostgresDepartmentRepository(db.sql, audit.appender),
    { currentCaller: audit.currentCaller, now },
    changes,
  );
  const mintApiToken = (caller: Principal, input: CreateApiTokenInput) =>
    createApiToken({ tokens, now, assertActiveDepartment: departments.assertActive }, caller, input);
  const clientAddress = createClientAddressResolver(config.trustedProxies);
  const staff = openStaff({ db, audit, departments, logger, clientAddress, now });
  const trust = opened(await openTrust({ config, publicUrl, db, logger, departments, audit, changes, now }));
  const rights = createRightsDirectory({
    rights: new PostgresLicenseRightRepository(db.sql, audit.appender),
    departments,
    currentCaller: audit.currentCaller,
    changes,
    now,
  });
  const seals = trust.sealVerifier;
  const licensing = openLicenses({
    config,
    db,
    bus,
    relay,
    topicsReady,
    logger,
    contracts,
    seals,
    rights,
    rowMacs: trust.rowMacs,
    audit,
    metrics,
    now,
  });
  const documents = openDocuments({ db, contracts, departments, trust, now });
  opened(licensing);
  const webhooks = opened(await openWebhooks({ config, db, bus, topicsReady, logger, audit, departments, rights, now }));

  const verification = openVerification({
    config,
    logger,
    checkIssuer: trust.sealAtIssuance,
    licenses: licensing.licenses,
    rowMacs: trust.rowMacs,
    rights,
    contracts,
    seals,
    receipts: trust.receipts,
    audit: audit.writer,
    hashPersonalId: (id) => audit.personalIds.keyedHash(id),
    requestId: currentRequestId,
    onEnumerationSuspected: () => metrics.countEnumerationAlert(),
    now,
  });
  const verify: typeof verification.verify = (caller, request) => verification.verify(caller, request);

  const tokenAuthenticator = firstMatching([createApiTokenAuthenticator({ tokens, now }), trust.accessTokenAuthenticator]);
  const departmentStates = createDepartmentStates({ departments, changes, now });
  const authenticator = requireActiveBearer(tokenAuthenticator, departmentStates);
  const dataSharing = openDataSharing({
    config,
    db,
    bus,
    changes,
    topicsReady,
    contracts,
    authenticator,
    audit,
    assertActiveDepartment: (uscc) => departments.assertActive(uscc),
    metrics,
    webhookSigner: webhooks.signer,
    logger,
    now,
  });
  opened(dataSharing);
  const verificationBus = openVerificationBus({
    config,
    bus,
    topicsReady,
    authenticator,
    contracts,
    departments,
    changes,
    verify,
    verifyBatch: verification.verifyBatch,
    logger,
  });
  opened(verificationBus);
  const cases = await openCases({
    config,
    db,
    bus,
    relay,
    topicsReady,
    logger,
    contracts,
    audit,
    receipts: trust.receipts,
    seals,
    verifyBatch: verification.verifyBatch,
    verifyDocument: (input) => documents.verify(input),
    now,
  });
  opened(cases);

  metrics.addGauges(hubGauges({ db, dataSharing, audit, webhooks, cases }));
  const { app } = createHubApp({
    config,
    clientAddress,
    version,
    publicUrl,
    logger,
    metrics,
    infrastructure,
    tokenAuthenticator,
    departmentStates,
    contracts,
    audit,
    departments,
    staff,
    trust,
    rights,
    licensing,
    documents,
    webhooks,
    verification,
    dataSharing,
    cases,
    createApiToken: mintApiToken,
    now,
  });

  serve(app.fetch);
  logger.info(
    { url, database: db.kind, bus: config.kafkaBrokers ? 'kafka' : 'in-process', ms: Math.round(performance.now() - started) },
    'zhengzhao hub listening',
  );
  // After serving: the demo county takes seconds to seed and nothing should wait for it.
  const demo = config.demo
    ? openDemo(config, logger, {
        publicUrl,
        infrastructure,
        departments,
        trust,
        rights,
        licensing,
        staff,
        cases,
        dataSharing,
        createApiToken: mintApiToken,
        now,
      })
    : undefined;
  opened(demo);

  return runningHub({ config, logger, listening, publicUrl, demo: demo?.done });
}

/** Process entry: config errors exit 2; signals stop gracefully within the configured bound. */
export function runFromEnvironment(): Promise<void> {
  return runProcess(startHub);
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  void runFromEnvironment();
}
