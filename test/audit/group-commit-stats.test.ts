import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { AuditEntry } from '../../src/core/audit/audit-entry.js';
import type { Sql } from '../../src/postgres/database.js';
import { appendAudit, openAuditChain } from '../../src/postgres/postgres-audit-log.js';
import { PostgresAuditWriter } from '../../src/postgres/postgres-audit-writer.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const DEPT_A = '114313220061234566';
const DEPT_B = '91350100M000100Y43';
const TYPES = ['11100000000013338W011', '111000000000134056001'];
const CHAIN = 'test-group-commit';

/** What licence verification will record: 200 verifications over two departments and two types. */
function verification(i: number, at: Date): AuditEntry {
  return {
    action: 'license.verify',
    actor: `user:clerk${i % 3}`,
    role: 'clerk',
    department: i % 2 ? DEPT_A : DEPT_B,
    target: `L${i % 10}`,
    typeCode: TYPES[i % 4 < 2 ? 0 : 1],
    purpose: { caseNo: `XH-2024-${i % 50}` },
    result: i % 5 === 0 ? 'invalid' : 'valid',
    requestId: `r${i}`,
    at,
  };
}

describe('group-committed audit entries and statistics', () => {
  let fixture: HubFixture;
  let auditor: string;
  let transactions = 0;
  let writer: PostgresAuditWriter;
  const at = new Date();
  const entries = Array.from({ length: 200 }, (_, i) => verification(i, at));

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(DEPT_A, '新化县市场监督管理局');
    await fixture.registerDepartment(DEPT_B, '新化县行政审批服务局');
    auditor = await fixture.mintToken('auditor');
    await openAuditChain(fixture.db.sql as unknown as Sql, CHAIN);
    // Each batch is one transaction: the first reads the chain's head under lock (begin), the next
    // append at the head the writer holds, in one statement (unsafe).
    const real = fixture.db.sql as unknown as Sql;
    const counting = {
      begin: (work: never) => (transactions++, real.begin(work)),
      unsafe: (...args: Parameters<Sql['unsafe']>) => (transactions++, real.unsafe(...args)),
    } as unknown as Sql;
    writer = new PostgresAuditWriter(counting, { chainId: CHAIN, maxBatch: 64 });
  });
  afterAll(async () => fixture?.stop());

  /**
   * The hub's own chains intact, and this test's chain sound entry by entry; made here, outside the
   * hub, it is not in the signed register, and that is all the verifier may find wrong with it.
   */
  async function expectIntact(chainId: string, entries: number): Promise<void> {
    const verified = (await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as {
      chains: { chainId: string; entries: number; state: string; firstProblem?: { detail: string } }[];
    };
    const hubs = verified.chains.filter((c) => c.state !== 'unregistered');
    expect(hubs.length).toBeGreaterThanOrEqual(2);
    expect(hubs.filter((c) => c.firstProblem)).toEqual([]);
    const chain = verified.chains.find((c) => c.chainId === chainId);
    expect(chain?.entries).toBe(entries);
    expect(chain?.firstProblem?.detail).toMatch(/not in the signed register/);
  }

  it('makes 200 concurrent records durable and chained, in a few transactions', async () => {
    await Promise.all(entries.map((e) => writer.record(e)));
    const rows = await fixture.db.sql<
      { seq: string; request_id: string }[]
    >`select seq, request_id from audit_log where chain_id = ${CHAIN} order by seq`;
    expect(rows.map((r) => Number(r.seq))).toEqual(Array.from({ length: 200 }, (_, i) => i + 1));
    expect(new Set(rows.map((r) => r.request_id)).size).toBe(200);
    expect(transactions).toBeGreaterThanOrEqual(4);
    expect(transactions).toBeLessThan(20);
    await expectIntact(CHAIN, 200);
  });

  it('appends at the head it holds in one statement, and reads the head again when it moved under it', async () => {
    const sql = fixture.db.sql as unknown as Sql;
    const before = transactions;
    await writer.record({ ...verification(200, at), action: 'test.head', requestId: 'r200' });
    expect(transactions).toBe(before + 1);
    // Someone else moved the head (the chain is the writer's own; this only proves the guard).
    await sql.begin((tx) => appendAudit(tx, CHAIN, [{ ...verification(201, at), action: 'test.head', requestId: 'r201' }]));
    await writer.record({ ...verification(202, at), action: 'test.head', requestId: 'r202' });
    await writer.record({ ...verification(203, at), action: 'test.head', requestId: 'r203' });
    const rows = await fixture.db.sql<{ seq: string; request_id: string }[]>`
      select seq, request_id from audit_log where chain_id = ${CHAIN} and seq > 200 order by seq`;
    expect(rows.map((r) => [Number(r.seq), r.request_id])).toEqual([
      [201, 'r200'],
      [202, 'r201'],
      [203, 'r202'],
      [204, 'r203'],
    ]);
    await expectIntact(CHAIN, 204);
  });

  it('leaves no gap when the transaction around an append rolls back', async () => {
    const sql = fixture.db.sql as unknown as Sql;
    const other = (i: number): AuditEntry => ({ ...verification(i, at), action: 'test.append' });
    await openAuditChain(sql, 'test-rollback');
    await sql.begin((tx) => appendAudit(tx, 'test-rollback', [other(0)]));
    await expect(
      sql.begin(async (tx) => {
        await appendAudit(tx, 'test-rollback', [other(1), other(2)]);
        throw new Error('the write it belongs to failed');
      }),
    ).rejects.toThrow('failed');
    await sql.begin((tx) => appendAudit(tx, 'test-rollback', [other(3)]));
    const rows = await fixture.db.sql<
      { seq: string; request_id: string }[]
    >`select seq, request_id from audit_log where chain_id = 'test-rollback' order by seq`;
    expect(rows.map((r) => [Number(r.seq), r.request_id])).toEqual([
      [1, 'r0'],
      [2, 'r3'],
    ]);
    await expectIntact('test-rollback', 2);
  });

  it('refuses records once closed, after writing what was queued', async () => {
    const last = writer.record(verification(200, at));
    await writer.close();
    await expect(last).resolves.toBeUndefined();
    await expect(writer.record(verification(201, at))).rejects.toMatchObject({ code: 'ERR_SHUTTING_DOWN' });
  });

  it('counts verifications per day, department and type, and the proof materials not submitted', async () => {
    const all = [...entries, verification(200, at)];
    const response = await fixture.call('GET', '/v1/stats', undefined, auditor);
    expect(response.status).toBe(200);
    const stats = (await response.json()) as Record<string, unknown>;
    const count = (pick: (e: AuditEntry) => boolean) => all.filter(pick).length;
    const pairs = new Set(all.filter((e) => e.result === 'valid').map((e) => `${e.purpose?.caseNo}|${e.target}`));
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(at);
    expect(stats).toMatchObject({
      total: 201,
      perDay: [{ day, verifications: 201, valid: count((e) => e.result === 'valid') }],
      proofMaterialsNotSubmitted: pairs.size,
    });
    expect(stats.perDepartment).toEqual(
      expect.arrayContaining([
        { department: DEPT_A, verifications: count((e) => e.department === DEPT_A) },
        { department: DEPT_B, verifications: count((e) => e.department === DEPT_B) },
      ]),
    );
    expect(stats.perLicenseType).toEqual(
      expect.arrayContaining(TYPES.map((typeCode) => ({ typeCode, verifications: count((e) => e.typeCode === typeCode) }))),
    );

    const admin = await fixture.mintToken('dept-admin', DEPT_A);
    const own = (await (await fixture.call('GET', '/v1/stats', undefined, admin)).json()) as { department: string; total: number };
    expect(own).toMatchObject({ department: DEPT_A, total: count((e) => e.department === DEPT_A) });
    expect((await fixture.call('GET', `/v1/stats?department=${DEPT_B}`, undefined, admin)).status).toBe(403);
    const narrowed = (await (await fixture.call('GET', `/v1/stats?department=${DEPT_B}`, undefined, auditor)).json()) as { total: number };
    expect(narrowed.total).toBe(count((e) => e.department === DEPT_B));
    expect((await fixture.call('GET', '/v1/stats', undefined, await fixture.mintToken('clerk', DEPT_A))).status).toBe(403);
    const past = (await (await fixture.call('GET', '/v1/stats?from=2020-01-01&to=2020-01-31', undefined, auditor)).json()) as {
      total: number;
      perDay: unknown[];
    };
    expect(past).toMatchObject({ total: 0, perDay: [] });
    const inverted = await fixture.call('GET', '/v1/stats?from=2024-02-01&to=2024-01-01', undefined, auditor);
    expect(inverted.status).toBe(422);
    expect(await inverted.json()).toMatchObject({ code: 'ERR_VALIDATION', errors: [{ pointer: '/query/from' }] });
  });
});
