/**
 * @module postgres/database
 * Opens the system of record. With a `DATABASE_URL` it is a real PostgreSQL server; without one it
 * is PGlite under the data dir, served on a loopback socket through pglite-socket so the very same
 * postgres.js code, migrations and repositories run on both. PGlite is single-connection, hence
 * `max: 1` in embedded mode.
 */
import { mkdirSync } from 'node:fs';
import path from 'node:path';
import postgres from 'postgres';
import type { Logger } from '../core/ports/logger.js';

export type Sql = postgres.Sql;
export type TransactionSql = postgres.TransactionSql;

export interface Database {
  readonly sql: Sql;
  readonly kind: 'postgres' | 'embedded';
  /** Throws when the database does not answer within the timeout. */
  ping(timeoutMs?: number): Promise<void>;
  close(timeoutSeconds?: number): Promise<void>;
}

export interface OpenDatabaseOptions {
  databaseUrl: string | undefined;
  dataDir: string;
  poolMax: number;
  logger: Logger;
}

const CLIENT_OPTIONS = {
  // Notices (e.g. "relation already exists, skipping") are not operator news.
  onnotice: () => {},
  connect_timeout: 10,
  // Bigint ids come back as strings; we never do arithmetic on them in JS.
  types: {},
} satisfies postgres.Options<Record<string, postgres.PostgresType>>;

export async function openDatabase(options: OpenDatabaseOptions): Promise<Database> {
  if (options.databaseUrl !== undefined) {
    const sql = postgres(options.databaseUrl, { ...CLIENT_OPTIONS, max: options.poolMax });
    return wrap(sql, 'postgres', async () => {});
  }
  return openEmbedded(options);
}

/**
 * A client of its own with one connection, beside the pool, for a session that must outlive a
 * query (a session advisory lock): no idle timeout or lifetime limit closes it while the caller
 * holds it. The caller ends it. PostgreSQL only (PGlite has one connection).
 */
export function openSessionClient(databaseUrl: string): Sql {
  return postgres(databaseUrl, { ...CLIENT_OPTIONS, max: 1, idle_timeout: 0, max_lifetime: null });
}

async function openEmbedded(options: OpenDatabaseOptions): Promise<Database> {
  const directory = path.join(options.dataDir, 'pglite');
  mkdirSync(directory, { recursive: true, mode: 0o700 });
  // Loaded lazily: production deployments with DATABASE_URL never pay for the WASM build.
  const { PGlite } = await import('@electric-sql/pglite');
  const { PGLiteSocketServer } = await import('@electric-sql/pglite-socket');
  const db = await PGlite.create(directory);
  const server = new PGLiteSocketServer({ db, host: '127.0.0.1', port: 0, maxConnections: 1 });
  await server.start();
  const [host, port] = server.getServerConn().split(':');
  options.logger.info({ directory }, 'embedded PGlite database opened');
  const sql = postgres({
    ...CLIENT_OPTIONS,
    host,
    port: Number(port),
    user: 'postgres',
    database: 'postgres',
    max: 1,
  });
  return wrap(sql, 'embedded', async () => {
    await server.stop();
    await db.close();
  });
}

function wrap(sql: Sql, kind: Database['kind'], closeServer: () => Promise<void>): Database {
  let closed: Promise<void> | undefined;
  return {
    sql,
    kind,
    async ping(timeoutMs = 2000) {
      let timer: NodeJS.Timeout | undefined;
      const timeout = new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`database did not answer within ${timeoutMs} ms`)), timeoutMs);
      });
      try {
        await Promise.race([sql`select 1`, timeout]);
      } finally {
        clearTimeout(timer);
      }
    },
    close(timeoutSeconds = 5) {
      closed ??= sql.end({ timeout: timeoutSeconds }).then(closeServer);
      return closed;
    },
  };
}
