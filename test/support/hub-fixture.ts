/**
 * A hub started in-process on a fresh database in the real PostgreSQL server, with helpers to call
 * it as the bootstrap security admin or with a minted token, and the wait until a hub is ready.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from './test-database.js';
import { until } from './until.js';

export interface HubFixture {
  hub: RunningHub;
  db: TestDatabase;
  dataDir: string;
  adminToken: string;
  /** fetch against the hub with a bearer token (admin by default). */
  call(method: string, path: string, body?: unknown, token?: string): Promise<Response>;
  mintToken(role: string, department?: string): Promise<string>;
  registerDepartment(uscc: string, name: string, level?: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * Waits until `/readyz` answers 200: the hub creates its topics and subscribes in the background, and
 * readiness covers the database, the bus and its consumer. The default bound is for a loaded machine.
 */
export async function waitUntilReady(url: string, timeoutMs = 120_000): Promise<void> {
  await until(`${url}/readyz`, async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, timeoutMs);
}

export async function startHubFixture(env: Record<string, string> = {}): Promise<HubFixture> {
  const db = await createTestDatabase();
  const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-hub-'));
  const hub = await startHub(loadConfig({ DATABASE_URL: db.url, ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false', ...env }), silentLogger);
  const adminToken = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
  const call = (method: string, url: string, body?: unknown, token: string = adminToken) =>
    fetch(`${hub.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  return {
    hub,
    db,
    dataDir,
    adminToken,
    call,
    async mintToken(role, department) {
      const response = await call('POST', '/v1/tokens', { role, ...(department ? { department } : {}), ttl: '1h' });
      if (response.status !== 201) throw new Error(`mint ${role}: ${response.status} ${await response.text()}`);
      return ((await response.json()) as { token: string }).token;
    },
    async registerDepartment(uscc, name, level = 'county') {
      const response = await call('POST', '/v1/departments', { uscc, name, level });
      if (response.status !== 201) throw new Error(`department ${uscc}: ${response.status} ${await response.text()}`);
    },
    async stop() {
      await hub.stop('test done');
      await db.drop();
    },
  };
}
