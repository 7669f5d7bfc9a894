/**
 * @module main
 * The only wiring: config → adapters → app and consumers → start; graceful stop. `startHub` is
 * exported for the CLI and the boot tests; running this file directly starts a hub from the
 * environment.
 */
import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import { chmod, mkdir, readFile, writeFile } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { serve, type ServerType } from '@hono/node-server';
import { loadConfig, ConfigError, type Config } from './config/config.js';
import { packagePath } from './config/package-root.js';
import { createAjvValidatorFactory } from './contracts/ajv-validator-factory.js';
import { firstMatching } from './core/auth/authenticator.js';
import type { Logger } from './core/ports/logger.js';
import type { MessageBus } from './core/ports/message-bus.js';
import { hubTopics } from './core/topics.js';
import { createApiTokenAuthenticator } from './core/tokens/api-token-authenticator.js';
import { bootstrapAdminToken } from './core/tokens/bootstrap-admin-token.js';
import { createApiToken } from './core/tokens/create-api-token.js';
import { createDepartmentService } from './core/departments/department-service.js';
import { createApp } from './http/app.js';
import { createHubMetrics } from './http/metrics.js';
import { registerSystemRoutes } from './http/routes/system-routes.js';
import { registerTokenRoutes } from './http/routes/token-routes.js';
import { createInMemoryBus } from './kafka/in-memory-bus.js';
import { createKafkaBus } from './kafka/kafka-bus.js';
import { createLogger } from './logging/create-logger.js';
import { openDatabase } from './postgres/database.js';
import { migrate } from './postgres/migrate.js';
import { readOutboxLag } from './postgres/outbox.js';
import { createOutboxRelay } from './postgres/outbox-relay.js';
import { PostgresApiTokenRepository } from './postgres/postgres-api-token-repository.js';
import { PostgresDepartmentRepository } from './postgres/postgres-department-repository.js';
import { registerDepartmentRoutes } from './http/routes/department-routes.js';
import { registerPkiRoutes } from './http/routes/pki-routes.js';
import { createCertificateService } from './core/certificates/certificate-service.js';
import { createCrlPublisher } from './core/certificates/crl-publisher.js';
import { createHubCa, type HubCa } from './pki/hub-ca.js';
import { createHubCertificateAuthority } from './pki/hub-certificate-authority.js';
import { createPathValidator } from './pki/path-validator.js';
import { PostgresCertificateRepository } from './postgres/postgres-certificate-repository.js';
import { withCaMaterialLock } from './postgres/postgres-ca-material-store.js';
import type { Database } from './postgres/database.js';
import { createSessionAuthenticator, withSessions } from './core/users/session-authenticator.js';
import { createLoginService } from './core/users/login-service.js';
import { createUser } from './core/users/create-user.js';
import { disableUser } from './core/users/disable-user.js';
import { resetPassword } from './core/users/reset-password.js';
import { registerUserRoutes } from './http/routes/user-routes.js';
import { registerConsoleRoutes } from './web/console-routes.js';
import { PostgresUserRepository } from './postgres/postgres-user-repository.js';
import { PostgresSessionRepository } from './postgres/postgres-session-repository.js';
import { PostgresLoginFailureRepository } from './postgres/postgres-login-failure-repository.js';

export interface RunningHub {
  /** The bound address, e.g. `http://127.0.0.1:8080`. */
  url: string;
  stop(reason?: string): Promise<void>;
}

const version: string = JSON.parse(readFileSync(packagePath('package.json'), 'utf8')).version;

export async function startHub(config: Config, logger: Logger): Promise<RunningHub> {
  const started = performance.now();
  const db = await openDatabase({
    databaseUrl: config.databaseUrl,
    dataDir: config.dataDir,
    poolMax: config.databasePoolMax,
    logger,
  });
  const applied = await migrate(db.sql);
  if (applied.length > 0) logger.info({ applied }, 'database migrations applied');

  const bus: MessageBus = config.kafkaBrokers
    ? createKafkaBus({
        brokers: [...config.kafkaBrokers],
        clientId: config.kafkaClientId,
        topicPrefix: config.kafkaTopicPrefix,
        logger: logger.child({ component: 'kafka' }),
      })
    : createInMemoryBus({ logger: logger.child({ component: 'bus' }) });
  const topicsReady = ensureTopicsWithRetry(bus, logger);

  const relay = createOutboxRelay({ sql: db.sql, bus, logger: logger.child({ component: 'outbox' }) });
  void topicsReady.then(() => relay.start());

  const tokens = new PostgresApiTokenRepository(db.sql);
  const departments = createDepartmentService(new PostgresDepartmentRepository(db.sql));
  const now = () => new Date();
  await bootstrapAdminToken({ tokens, writeSecretFile, logger }, config.bootstrapTokenFile);
  const users = new PostgresUserRepository(db.sql);
  const sessions = new PostgresSessionRepository(db.sql);
  const loginFailures = new PostgresLoginFailureRepository(db.sql);
  const sessionAuthenticator = createSessionAuthenticator({ sessions, now });

  const hubCa = await openHubCa(config, db, logger);
  const pathValidator = createPathValidator({
    trustAnchors: [hubCa.root.certificate],
    crls: () => [crlPublisher.current().der],
    requireRevocationCheck: true,
  });
  const certificates = createCertificateService({
    ca: createHubCertificateAuthority({ ca: hubCa, crlDistributionPoint: `${config.publicUrl}/v1/pki/crl` }),
    certificates: new PostgresCertificateRepository(db.sql),
    departments,
    now,
    onStatusChange: async (serial) => {
      pathValidator.invalidate(serial);
      await crlPublisher.refresh();
    },
  });
  const crlPublisher = createCrlPublisher({
    certificates,
    logger: logger.child({ component: 'crl' }),
    // Another instance may have revoked something: drop every cached chain.
    onNewCrl: () => pathValidator.clear(),
  });
  await crlPublisher.refresh();
  crlPublisher.start();

  const metrics = createHubMetrics([
    { name: 'zz_outbox_pending', help: 'Outbox rows committed but not yet published', read: async () => (await readOutboxLag(db.sql)).pending },
    { name: 'zz_outbox_oldest_seconds', help: 'Age of the oldest unpublished outbox row', read: async () => (await readOutboxLag(db.sql)).oldestSeconds },
  ]);
  const { app, routes } = createApp({
    logger: logger.child({ component: 'http' }),
    authenticator: withSessions(firstMatching([createApiTokenAuthenticator({ tokens, now })]), sessionAuthenticator),
    validators: createAjvValidatorFactory(),
    metrics,
    bodyLimitBytes: config.bodyLimitBytes,
  });
  registerSystemRoutes(routes, {
    metrics,
    version,
    publicUrl: config.publicUrl,
    readiness: [
      { name: 'database', check: () => db.ping() },
      { name: 'bus', check: () => bus.check() },
    ],
  });
  registerDepartmentRoutes(routes, { departments });
  registerPkiRoutes(routes, { certificates, crls: crlPublisher, now });
  registerTokenRoutes(routes, {
    createApiToken: (caller, input) =>
      createApiToken({ tokens, now, assertDepartment: async (uscc) => void (await departments.assertActive(uscc)) }, caller, input),
  });
  registerUserRoutes(routes, {
    createUser: (caller, input) =>
      createUser({ users, assertDepartment: async (uscc) => void (await departments.assertActive(uscc)) }, caller, input),
    disableUser: (username) => disableUser({ users, sessions, now }, username),
    resetPassword: (username) => resetPassword({ users, sessions, failures: loginFailures }, username),
  });
  registerConsoleRoutes(routes, {
    login: createLoginService({ users, sessions, failures: loginFailures, logger: logger.child({ component: 'login' }), now }),
    sessions: sessionAuthenticator,
    secureCookies: config.publicUrl.startsWith('https:'),
    departmentName: (uscc) => departments.get(uscc).then((d) => d.name, () => undefined),
  });

  const server = await listen(app.fetch, config.host, config.port);
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : config.port;
  const url = `http://${config.host.includes(':') ? `[${config.host}]` : config.host}:${port}`;
  logger.info(
    { url, database: db.kind, bus: config.kafkaBrokers ? 'kafka' : 'in-process', ms: Math.round(performance.now() - started) },
    'zhengzhao hub listening',
  );

  let stopping: Promise<void> | undefined;
  return {
    url,
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        logger.info({ reason }, 'stopping: no new requests, finishing those in flight');
        await closeServer(server, config.shutdownTimeoutMs);
        crlPublisher.stop();
        await relay.stop(Math.min(5_000, config.shutdownTimeoutMs / 2));
        await bus.close();
        await db.close();
        logger.info({}, 'stopped');
      })();
      return stopping;
    },
  };
}

/**
 * The hub CA, created on the first start (under a database lock, so concurrent first starts agree)
 * and loaded afterwards. Its keys are encrypted with the passphrase from ZZ_CA_PASSPHRASE_FILE; when
 * none is configured one is generated into the data dir (mode 0600) — fine for one machine, but
 * several instances must share one passphrase file.
 */
async function openHubCa(config: Config, db: Database, logger: Logger): Promise<HubCa> {
  const passphrase = await readOrCreatePassphrase(config, logger);
  const ca = await withCaMaterialLock(db.sql, (store) => createHubCa({ store, passphrase, organization: 'zhengzhao 证照交换枢纽' }));
  if (ca.created) logger.info({ root: ca.root.certificate.subject }, 'hub CA created (root P-384, issuing CA pathLen 0)');
  return ca;
}

async function readOrCreatePassphrase(config: Config, logger: Logger): Promise<string> {
  if (config.caPassphraseFile) return (await readFile(config.caPassphraseFile, 'utf8')).trim();
  const file = path.join(config.dataDir, 'ca.passphrase');
  try {
    return (await readFile(file, 'utf8')).trim();
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error;
    await writeSecretFile(file, `${randomBytes(32).toString('base64url')}\n`);
    const level = config.databaseUrl === undefined ? 'info' : 'warn';
    logger[level]({ file }, 'no ZZ_CA_PASSPHRASE_FILE: generated a CA passphrase in the data dir (mode 0600)');
    return (await readFile(file, 'utf8')).trim();
  }
}

async function ensureTopicsWithRetry(bus: MessageBus, logger: Logger): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await bus.ensureTopics(hubTopics);
      return;
    } catch (error) {
      const delay = Math.min(30_000, 500 * 2 ** attempt);
      logger.warn({ err: error, attempt, retryInMs: delay }, 'cannot create topics yet; the bus is not reachable');
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

async function writeSecretFile(file: string, content: string): Promise<void> {
  await mkdir(path.dirname(file), { recursive: true, mode: 0o700 });
  await writeFile(file, content, { mode: 0o600 });
  // writeFile keeps the mode of an existing file; make sure it is private.
  await chmod(file, 0o600);
}

function listen(fetch: (request: Request) => Response | Promise<Response>, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      resolve();
    }, timeoutMs).unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Idle keep-alive sockets would otherwise hold the close open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
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
  const logger = createLogger({ level: config.logLevel });
  let hub: RunningHub;
  try {
    hub = await startHub(config, logger);
  } catch (error) {
    logger.error({ err: error }, 'the hub could not start');
    process.exit(1);
  }
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
