/**
 * `ZZ_WORKERS=2` on the real PostgreSQL: one port served by two hub processes, each an instance of
 * its own; the start-once work (migrations, the bootstrap token) done once; a killed worker
 * replaced; SIGTERM stopping every worker gracefully.
 */
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtMain, spawnBuilt, waitForLog, type HubProcess } from '../support/hub-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { timeBudget, until } from '../support/until.js';

interface LogLine {
  msg: string;
  instance?: string;
  worker?: string;
  pid?: number;
}

const logLines = (hub: HubProcess): LogLine[] =>
  hub
    .output()
    .split('\n')
    .filter((line) => line.startsWith('{'))
    .map((line) => JSON.parse(line) as LogLine);
const listening = (hub: HubProcess) => logLines(hub).filter((l) => l.msg === 'zhengzhao hub listening');
const started = (hub: HubProcess) => logLines(hub).filter((l) => l.msg === 'hub worker started');

/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

/** Instance ids that answered /metrics, each on a fresh connection, until `want` are seen. */
async function instancesAnswering(url: string, want: number, timeoutMs: number): Promise<Set<string>> {
  const seen = new Set<string>();
  const deadline = Date.now() + timeoutMs;
  while (seen.size < want && Date.now() < deadline) {
    const text = await (await fetch(`${url}/metrics`, { headers: { connection: 'close' } })).text();
    const instance = /hub_instance="([^"]+)"/.exec(text)?.[1];
    if (instance) seen.add(instance);
  }
  return seen;
}

describe('ZZ_WORKERS=2', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => {
    await db?.drop();
  });

  it(
    'serves one port from two processes, bootstraps once, replaces a dead worker and stops cleanly',
    { timeout: TEST_TIMEOUT_MS },
    async () => {
      const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
      const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-workers-'));
      const hub = spawnBuilt(builtMain, [], {
        DATABASE_URL: db.url,
        ZZ_WORKERS: '2',
        ZZ_INSTANCE_ID: 'hub-t',
        ZZ_DATA_DIR: dataDir,
        PORT: '0',
        LOG_FORMAT: 'json',
      });
      try {
        const [, url] = await waitForLog(
          hub,
          /"url":"(http:\/\/127\.0\.0\.1:\d+)"[^\n]*"msg":"zhengzhao workers serving"/,
          budget.remaining(),
        );
        expect(
          listening(hub)
            .map((l) => l.instance)
            .sort(),
        ).toEqual(['hub-t-w1', 'hub-t-w2']);
        const workers = started(hub);
        expect(workers.map((l) => l.worker).sort()).toEqual(['hub-t-w1', 'hub-t-w2']);
        expect(new Set(workers.map((l) => l.pid)).size).toBe(2);
        expect(workers.map((l) => l.pid)).not.toContain(hub.child.pid);
        expect(await instancesAnswering(url as string, 2, budget.remaining())).toEqual(new Set(['hub-t-w1', 'hub-t-w2']));

        // Started together, they still migrated once and minted one bootstrap token, written once.
        expect(logLines(hub).filter((l) => l.msg === 'database migrations applied')).toHaveLength(1);
        expect(logLines(hub).filter((l) => l.msg.startsWith('empty store: security-admin bootstrap token written'))).toHaveLength(1);
        const [{ count }] = (await db.sql`select count(*)::int as count from api_tokens`) as unknown as [{ count: number }];
        expect(count).toBe(1);
        const token = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
        const whoami = await fetch(`${url}/v1/departments`, { headers: { authorization: `Bearer ${token}`, connection: 'close' } });
        expect(whoami.status).toBe(200);

        const dead = workers.find((l) => l.worker === 'hub-t-w2') as LogLine;
        process.kill(dead.pid as number, 'SIGKILL');
        await waitForLog(hub, /"msg":"a worker died; restarting it"/, budget.remaining());
        await until('the replacement worker listening', () => listening(hub).length >= 3, budget.remaining());
        expect(listening(hub)[2]).toMatchObject({ instance: 'hub-t-w2' });
        const replacement = started(hub)[2] as LogLine;
        expect(replacement).toMatchObject({ worker: 'hub-t-w2' });
        expect(replacement.pid).not.toBe(dead.pid);
        expect(await instancesAnswering(url as string, 2, budget.remaining())).toEqual(new Set(['hub-t-w1', 'hub-t-w2']));
      } finally {
        hub.child.kill('SIGTERM');
      }
      expect(await hub.exited).toBe(0);
      const messages = logLines(hub).map((l) => l.msg);
      expect(messages.filter((m) => m === 'stopped')).toHaveLength(2);
      expect(messages.at(-1)).toBe('workers stopped');
    },
  );
});
