import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Browser } from '../users/console-client.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { examplePayload } from '../licenses/license-payloads.js';

const MARRIAGE = '111000000000134056001';
const CIVIL = { uscc: '11431322006123460L', name: '新化县民政局' };
/** The holder and the spouses of the marriage certificate example. */
const HOLDER_ID = '431322199408210041';
const PERSONAL_IDS = [HOLDER_ID, '431322199203150030'];
const RESIDENT_ID_SHAPE = /[1-9]\d{5}(18|19|20)\d{2}(0[1-9]|1[0-2])\d{5}[\dX]/i;

interface Entry {
  id: string;
  chainId: string;
  seq: string;
  action: string;
  actor: string;
  role: string;
  department?: string;
  target?: string;
  typeCode?: string;
  result: string;
  requestId?: string;
  details?: Record<string, unknown>;
}
interface Verification {
  ok: boolean;
  chains: { chainId: string; entries: number; firstProblem?: { id: string | null; seq: string; kind: string; detail: string } }[];
}

describe('the audit log', () => {
  let fixture: HubFixture;
  let civil: EnrolledDepartment;
  let auditor: string;
  let licenseId: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    civil = await enrolDepartment(fixture, { ...CIVIL, licenseTypes: [MARRIAGE] });
    auditor = await fixture.mintToken('auditor');
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${civil.systemToken}`, 'content-type': 'application/jose', 'x-request-id': 'audit-publish-1' },
      body: civil.seal(examplePayload(MARRIAGE, CIVIL, 'J431322-2024-000123')),
    });
    expect(published.status).toBe(201);
    licenseId = ((await published.json()) as { id: string }).id;
    const suspended = await fetch(`${fixture.hub.url}/v1/licenses/${licenseId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${civil.systemToken}`, 'content-type': 'application/jose', 'x-request-id': 'audit-status-1' },
      body: civil.seal(
        { licenseId, status: 'suspended', reason: '当事人 431322199408210041 申请暂停', effectiveAt: new Date().toISOString() },
        'zz-license-status+jws',
      ),
    });
    expect(suspended.status).toBe(200);
  });
  afterAll(async () => fixture?.stop());

  const search = async (query: string, token = auditor) => {
    const response = await fixture.call('GET', `/v1/audit?${query}`, undefined, token);
    expect(response.status).toBe(200);
    return (await response.json()) as { items: Entry[]; next: string | null };
  };
  const verify = async () => (await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as Verification;

  it('records publication and status changes with actor, role, department, request id and licence type', async () => {
    const [published] = (await search(`action=license.publish&target=${encodeURIComponent(licenseId)}`)).items;
    expect(published).toMatchObject({
      actor: expect.stringMatching(/^token:/),
      role: 'system',
      department: CIVIL.uscc,
      typeCode: MARRIAGE,
      result: 'ok',
      requestId: 'audit-publish-1',
    });
    expect(published?.details).toMatchObject({ holderIdType: 'ID', holderIdHash: expect.stringMatching(/^[0-9a-f]{64}$/) });
    const [status] = (await search(`action=license.status&target=${encodeURIComponent(licenseId)}`)).items;
    expect(status).toMatchObject({ department: CIVIL.uscc, requestId: 'audit-status-1', details: { from: 'valid', to: 'suspended' } });
  });

  it('finds entries by a personal ID number that it hashes itself, and never stores one in clear', async () => {
    const byHolder = await search(`holderId=${HOLDER_ID}`);
    expect(byHolder.items.map((e) => e.action)).toEqual(['license.publish']);
    expect((await search(`holderId=${HOLDER_ID.slice(0, 17)}9`)).items).toEqual([]);
    const rows = await fixture.db.sql`select * from audit_log`;
    const stored = JSON.stringify(rows.map((r) => ({ ...r, prev_hash: undefined, hash: undefined })));
    for (const id of PERSONAL_IDS) expect(stored).not.toContain(id);
    expect(stored).not.toMatch(RESIDENT_ID_SHAPE);
  });

  it('records certificates, departments, grants, tokens, accounts and sign-ins', async () => {
    expect((await fixture.call('POST', `/v1/pki/certificates/${civil.sealSerial}/suspend`, undefined)).status).toBe(200);
    expect((await fixture.call('POST', `/v1/pki/certificates/${civil.sealSerial}/release`, undefined)).status).toBe(200);
    const created = await fixture.call('POST', '/v1/users', { username: 'li.clerk', role: 'clerk', department: CIVIL.uscc });
    const { password } = (await created.json()) as { password: string };
    const browser = new Browser(fixture.hub.url, '127.0.0.9');
    expect((await browser.logIn('li.clerk', 'wrong password, twenty chars')).status).toBe(401);
    expect((await browser.logIn('li.clerk', password)).status).toBe(303);
    expect((await new Browser(fixture.hub.url, '127.0.0.10').logIn('nobody.here', 'whatever it is')).status).toBe(401);
    expect((await fixture.call('POST', '/v1/users/li.clerk/password')).status).toBe(200);
    expect((await fixture.call('POST', '/v1/users/li.clerk/disable')).status).toBe(200);
    expect((await fixture.call('POST', '/v1/users/nobody.here/disable')).status).toBe(404);

    const all = [];
    for (let after: string | null = null, page; (page = await search(`limit=20${after ? `&after=${after}` : ''}`)); after = page.next) {
      all.push(...page.items);
      if (!page.next) break;
    }
    const actions = new Set(all.map((e) => `${e.action} ${e.result}`));
    for (const expected of [
      'token.create ok',
      'department.register ok',
      'certificate.issue ok',
      'license-type.grant ok',
      'certificate.suspend ok',
      'certificate.release ok',
      'user.create ok',
      'user.login failed',
      'user.login ok',
      'user.password-reset ok',
      'user.disable ok',
    ])
      expect(actions).toContain(expected);
    const admin = all.find((e) => e.action === 'department.register');
    expect(admin).toMatchObject({ role: 'security-admin', target: CIVIL.uscc, requestId: expect.any(String) });
    expect(all.find((e) => e.action === 'user.login' && e.result === 'ok')).toMatchObject({
      actor: 'user:li.clerk',
      role: 'clerk',
      department: CIVIL.uscc,
    });
    const unknown = all.find((e) => e.action === 'user.login' && e.actor === 'anonymous');
    expect(JSON.stringify(unknown)).not.toContain('nobody.here');
    expect(all.filter((e) => e.action === 'user.disable')).toHaveLength(1);
    expect(new Set(all.map((e) => e.id)).size).toBe(all.length);
  });

  it('is for auditors only, and checks its filters', async () => {
    for (const role of ['clerk', 'dept-admin', 'system']) {
      const token = await fixture.mintToken(role, CIVIL.uscc);
      for (const path of ['/v1/audit', '/v1/audit/verify']) {
        const refused = await fixture.call('GET', path, undefined, token);
        expect(refused.status).toBe(403);
        expect(await refused.json()).toMatchObject({ code: 'ERR_FORBIDDEN' });
      }
    }
    expect((await fixture.call('GET', '/v1/audit')).status).toBe(403);
    expect((await fetch(`${fixture.hub.url}/v1/audit`)).status).toBe(401);
    const bad = await fixture.call('GET', '/v1/audit?limit=501&after=x&from=yesterday', undefined, auditor);
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { errors: { pointer: string }[] }).errors.map((e) => e.pointer).sort()).toEqual([
      '/query/after',
      '/query/from',
      '/query/limit',
    ]);
  });

  it('verifies intact, and names an altered, a removed and a reordered entry made through SQL', async () => {
    const intact = await verify();
    expect(intact.ok).toBe(true);
    const [tx] = await fixture.db.sql<{ chain_id: string }[]>`select chain_id from audit_chains where chain_id like '%/tx'`;
    const chain = tx?.chain_id as string;
    const txChain = () => verify().then((v) => ({ ok: v.ok, report: v.chains.find((c) => c.chainId === chain) }));
    expect((await txChain()).report?.entries).toBeGreaterThan(10);
    const row = async (seq: number) =>
      (await fixture.db.sql`select * from audit_log where chain_id = ${chain} and seq = ${seq}`)[0] as Record<string, unknown> & {
        id: string;
        result: string;
      };

    const five = await row(5);
    await fixture.db.sql`update audit_log set result = 'forged' where id = ${five.id}`;
    expect(await txChain()).toMatchObject({ ok: false, report: { firstProblem: { id: five.id, seq: '5', kind: 'altered' } } });
    await fixture.db.sql`update audit_log set result = ${five.result} where id = ${five.id}`;
    expect((await verify()).ok).toBe(true);

    const [three, four] = [await row(3), await row(4)];
    await fixture.db.sql`update audit_log set seq = 1000000 where id = ${three.id}`;
    await fixture.db.sql`update audit_log set seq = 3 where id = ${four.id}`;
    await fixture.db.sql`update audit_log set seq = 4 where id = ${three.id}`;
    expect(await txChain()).toMatchObject({ ok: false, report: { firstProblem: { id: four.id, seq: '3', kind: 'reordered' } } });
    await fixture.db.sql`update audit_log set seq = 1000000 where id = ${three.id}`;
    await fixture.db.sql`update audit_log set seq = 4 where id = ${four.id}`;
    await fixture.db.sql`update audit_log set seq = 3 where id = ${three.id}`;
    expect((await verify()).ok).toBe(true);

    const six = await row(6);
    await fixture.db.sql`delete from audit_log where id = ${six.id}`;
    expect(await txChain()).toMatchObject({ ok: false, report: { firstProblem: { id: null, seq: '6', kind: 'removed' } } });
    await fixture.db.sql`insert into audit_log ${fixture.db.sql(six as never)}`;
    expect((await verify()).ok).toBe(true);
  });
});
