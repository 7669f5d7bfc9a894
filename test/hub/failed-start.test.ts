/**
 * A hub whose start fails after its database and bus opened — here the audit anchor cannot be
 * written — closes what it had opened: no database connection, no broker or server socket, and
 * the port it bound is free again.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { expect, inject, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startHub } from '../../src/main.js';
import { createTestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';

/** Sockets and listening servers of this process: what a leaked connection or port shows up as. */
const sockets = () => process.getActiveResourcesInfo().filter((r) => r === 'TCPSocketWrap' || r === 'TCPServerWrap').length;

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
    });
  });
}

it('closes the database, the bus and the server when a wiring step throws', async () => {
  const db = await createTestDatabase();
  const others = async () =>
    (
      await db.sql<
        { n: number }[]
      >`select count(*)::int as n from pg_stat_activity where datname = current_database() and pid <> pg_backend_pid()`
    )[0]?.n;
  try {
    expect(await others()).toBe(0);
    const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-failed-start-'));
    // The anchor's directory is a file: the audit group fails, after migrations, the change listener and the bus.
    const blocker = path.join(dataDir, 'not-a-directory');
    writeFileSync(blocker, '');
    const port = await freePort();
    const before = sockets();
    const start = startHub(
      loadConfig({
        DATABASE_URL: db.url,
        ZZ_DATA_DIR: dataDir,
        PORT: String(port),
        ZZ_DEMO: 'false',
        KAFKA_BROKERS: inject('kafkaBrokers'),
        KAFKA_TOPIC_PREFIX: `zz-test-${randomBytes(4).toString('hex')}.`,
        ZZ_AUDIT_ANCHOR_FILE: path.join(blocker, 'audit-anchor.jsonl'),
      }),
      silentLogger,
    );
    await expect(start).rejects.toThrow(/EEXIST|ENOTDIR/);
    // It had opened and migrated the database before it failed.
    expect(await db.sql`select version from schema_migrations`).not.toHaveLength(0);

    await until('the hub’s database connections to close', async () => (await others()) === 0, 15_000);
    await until('the hub’s broker and server sockets to close', () => sockets() <= before, 15_000);
    await expect(fetch(`http://127.0.0.1:${port}/healthz`)).rejects.toThrow();
  } finally {
    await db.drop();
  }
});
