/**
 * The audit log against someone who owns the database, on real PostgreSQL: rows edited, checkpoints
 * deleted, a closed chain extended, a sequence number pushed past 2^53. What the hub published to
 * its anchor file outside the database still says what the log held, and the verifier answers.
 */
import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { appendAudit } from '../../src/postgres/postgres-audit-log.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { until } from '../support/until.js';

interface Verification {
  ok: boolean;
  anchor?: { statements: number; unreadable: number };
  chains: {
    chainId: string;
    entries: number;
    state: string;
    closedAt?: string;
    stale?: boolean;
    firstProblem?: { id: string | null; seq: string; kind: string; detail: string };
  }[];
}

describe('the audit log against a database-level attacker', () => {
  let fixture: HubFixture;
  let second: RunningHub | undefined;
  let auditor: string;
  const env = () => ({
    DATABASE_URL: fixture.db.url,
    ZZ_DATA_DIR: fixture.dataDir,
    PORT: '0',
    ZZ_DEMO: 'false',
    ZZ_AUDIT_CHECKPOINT_INTERVAL_MS: '1000',
  });

  const verify = async (url = second?.url ?? fixture.hub.url): Promise<Verification> => {
    const response = await fetch(`${url}/v1/audit/verify`, { headers: { authorization: `Bearer ${auditor}` } });
    expect(response.status).toBe(200);
    return (await response.json()) as Verification;
  };
  const txChain = async () => {
    const [row] = await fixture.db.sql<{ chain_id: string; seq: string }[]>`
      select chain_id, seq from audit_chains where chain_id like '%/tx' order by created_at desc limit 1`;
    return row as { chain_id: string; seq: string };
  };

  beforeAll(async () => {
    fixture = await startHubFixture({ ZZ_AUDIT_CHECKPOINT_INTERVAL_MS: '1000' });
    auditor = await fixture.mintToken('auditor');
    for (const role of ['auditor', 'security-admin', 'auditor']) await fixture.mintToken(role);
  });
  afterAll(async () => {
    await second?.stop();
    await fixture?.stop();
  });

  it('finds every checkpoint row deleted, from the anchor file outside the database', async () => {
    const { chain_id: chain, seq } = await txChain();
    // The checkpointer runs every second: wait for the checkpoint of the current head.
    await until(
      'a checkpoint of the tx chain',
      async () => (await fixture.db.sql`select 1 from audit_checkpoints where chain_id = ${chain} and seq = ${seq}`).length === 1,
      60_000,
    );
    const intact = await verify();
    expect(intact.ok).toBe(true);
    expect(intact.anchor?.statements).toBeGreaterThan(2);
    expect(intact.chains.find((c) => c.chainId === chain)).toMatchObject({ state: 'open' });
    expect(readFileSync(`${fixture.dataDir}/audit-anchor.jsonl`, 'utf8')).toContain('.');

    const deleted = await fixture.db.sql`delete from audit_checkpoints returning chain_id, seq, head, jws, signed_at`;
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chainId === chain)?.firstProblem).toMatchObject({
      kind: 'removed',
      detail: expect.stringMatching(/published to the audit anchor, was deleted from the database/),
    });
    await fixture.db.sql`insert into audit_checkpoints ${fixture.db.sql(deleted as never)} on conflict do nothing`;
    expect((await verify()).ok).toBe(true);
  });

  it('answers on an entry whose sequence number is 2^53 + 1, naming the gap', async () => {
    const { chain_id: chain, seq } = await txChain();
    await fixture.db.sql`update audit_log set seq = 9007199254740993 where chain_id = ${chain} and seq = ${seq}`;
    await fixture.db.sql`update audit_chains set seq = 9007199254740993 where chain_id = ${chain}`;
    // Before sequence numbers were bigints, this request never answered: the verifier read the same page forever.
    const report = await verify();
    expect(report.ok).toBe(false);
    expect(report.chains.find((c) => c.chainId === chain)?.firstProblem).toMatchObject({ seq, kind: 'removed' });
    const entries = await fixture.call('GET', `/v1/audit?limit=500`, undefined, auditor);
    const items = ((await entries.json()) as { items: { seq: string }[] }).items;
    expect(items.map((i) => i.seq)).toContain('9007199254740993');
    await fixture.db.sql`update audit_log set seq = ${seq} where chain_id = ${chain} and seq = 9007199254740993`;
    await fixture.db.sql`update audit_chains set seq = ${seq} where chain_id = ${chain}`;
    expect((await verify()).ok).toBe(true);
  });

  it('finds a closed chain extended after its hub stopped', async () => {
    const { chain_id: chain } = await txChain();
    await fixture.hub.stop('closing the first chains');
    second = await startHub(loadConfig(env()), silentLogger);
    const before = await verify();
    expect(before.ok).toBe(true);
    const closed = before.chains.find((c) => c.chainId === chain);
    expect(closed).toMatchObject({ state: 'closed' });

    // What an attacker with the hub's code and the database can do: a well-formed, well-chained entry.
    await fixture.db.sql.begin((tx) =>
      appendAudit(tx, chain, [
        {
          action: 'token.create',
          actor: 'user:mallory',
          role: 'security-admin',
          department: undefined,
          target: 'x',
          result: 'ok',
          requestId: undefined,
          at: new Date(),
        },
      ]),
    );
    const after = await verify();
    expect(after.ok).toBe(false);
    expect(after.chains.find((c) => c.chainId === chain)?.firstProblem).toMatchObject({
      seq: String(BigInt(closed?.closedAt as string) + 1n),
      kind: 'altered',
      detail: expect.stringMatching(/closed at seq \d+ and extended afterwards/),
    });
  });
});
