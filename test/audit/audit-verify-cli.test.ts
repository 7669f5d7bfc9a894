import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { builtCli, builtMain, spawnBuilt, waitForLog, type HubProcess } from '../support/hub-process.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('zhengzhao audit verify against the built hub', () => {
  let db: TestDatabase;
  let dataDir: string;
  let hub: HubProcess | undefined;
  let url: string;
  let auditor: string;

  const start = async () => {
    hub = spawnBuilt(builtMain, [], { DATABASE_URL: db.url, ZZ_DATA_DIR: dataDir, PORT: '0', ZZ_DEMO: 'false' });
    url = (await waitForLog(hub, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/))[1] as string;
  };
  const stop = async () => {
    hub?.child.kill('SIGTERM');
    expect(await hub?.exited).toBe(0);
    hub = undefined;
  };
  const cli = async (token: string) => {
    const run = spawnBuilt(builtCli, ['audit', 'verify', '--url', url], { ZZ_TOKEN: token });
    return { code: await run.exited, output: run.output() };
  };

  beforeAll(async () => {
    db = await createTestDatabase();
    dataDir = mkdtempSync(path.join(tmpdir(), 'zz-audit-cli-'));
    await start();
    const admin = readFileSync(path.join(dataDir, 'admin.token'), 'utf8').trim();
    const minted = await fetch(`${url}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'auditor', ttl: '1h' }),
    });
    auditor = ((await minted.json()) as { token: string }).token;
    // A stopped instance signs a last checkpoint; the next one starts chains of its own.
    await stop();
    await start();
  });
  afterAll(async () => {
    if (hub) await stop();
    await db?.drop();
  });

  it('prints one line per chain and exits 0 when the log is intact, checkpoints included', async () => {
    const { code, output } = await cli(auditor);
    expect(code).toBe(0);
    const lines = output.trim().split('\n');
    expect(lines.filter((l) => /\/(tx|grouped) {2}\d+ entries {2}\d+ checkpoint\(s\) {2}(open|closed at \d+) {2}ok$/.test(l))).toHaveLength(
      4,
    );
    // The stopped instance's chains are closed in the signed register; the running one's are open.
    expect(output).toMatch(/\/tx {2}2 entries {2}1 checkpoint\(s\) {2}closed at 2 {2}ok/);
    expect(lines.filter((l) => / {2}open {2}ok$/.test(l))).toHaveLength(2);
    expect(output).toMatch(/^anchor file .*audit-anchor\.jsonl {2}\d+ statement\(s\) {2}0 unreadable$/m);
    expect(output).toContain('audit log intact: 4 chain(s)');
  });

  it('exits 1 naming the first problem after tampering, and 1 for a refused caller', async () => {
    await db.sql`delete from audit_log where seq = 1 and chain_id in (select chain_id from audit_checkpoints)`;
    const { code, output } = await cli(auditor);
    expect(code).toBe(1);
    expect(output).toMatch(/\/tx {2}1 entries {2}1 checkpoint\(s\) {2}closed at 2 {2}REMOVED at seq 1: entry 1 is missing/);
    expect(output).toContain('audit log NOT intact: 1 of 4 chain(s) broken');
    const refused = await cli('zz_not-a-real-token-at-all-aaaaaaaaaaaaaaaaaaaaaa');
    expect(refused.code).toBe(1);
    expect(refused.output).toMatch(/ERR_/);
  });
});
