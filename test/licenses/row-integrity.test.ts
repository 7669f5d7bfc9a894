/**
 * Licence rows edited in PostgreSQL behind the hub's back (issue 10 item 20, issue 11 item 2): a
 * normal verification reports them not intact from the row MAC; the seal sweep finds a JWS altered
 * in place and MACs rows stored without one; a rotated MAC key keeps old rows verifying. Real
 * PostgreSQL, a running hub.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyedHasher } from '../../src/audit/keyed-hasher.js';
import { InMemoryAuditWriter } from '../../src/core/audit/in-memory-audit-writer.js';
import { createSchemaRegistry } from '../../src/contracts/schema-registry.js';
import { sweepSeals } from '../../src/core/licenses/seal-sweep.js';
import type { RowMacKeyRing } from '../../src/core/ports/row-mac-keys.js';
import { createPathValidator } from '../../src/pki/path/cached-path-validator.js';
import { createSealedJwsVerifier } from '../../src/pki/jws/sealed-jws.js';
import { PostgresLicenseRepository } from '../../src/postgres/postgres-license-repository.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';
import { waitFor } from '../support/case-fixture.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { openHubRowMacs } from '../support/hub-row-macs.js';
import { expectProblem } from '../support/problem-body.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const purpose = { caseNo: 'XH-ROW-1' };

describe('licence rows altered behind the hub', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let clerk: string;
  let keys: RowMacKeyRing;

  beforeAll(async () => {
    // A scheduled sweep every second: the test of the schedule waits for it on /metrics.
    fixture = await startHubFixture({ ZZ_SEAL_SWEEP_INTERVAL_MS: '1000' });
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(CENTRE.uscc, CENTRE.name);
    clerk = await fixture.mintToken('clerk', CENTRE.uscc);
    keys = await openHubRowMacs(fixture);
  });
  afterAll(async () => fixture?.stop());

  const publish = async (number: string) => {
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, number)),
    });
    expect(published.status).toBe(201);
    return ((await published.json()) as { id: string }).id;
  };
  const changeStatus = (id: string, status: string) =>
    fetch(`${fixture.hub.url}/v1/licenses/${id}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal({ licenseId: id, status, reason: '测试', effectiveAt: new Date().toISOString() }, 'zz-license-status+jws'),
    });
  type Answer = {
    result: string;
    status?: string;
    checks: Record<string, { ok: boolean; code?: string }>;
    license?: Record<string, unknown>;
  };
  const verify = async (licenseId: string, options: { deep?: boolean; token?: string } = {}) => {
    const response = await fixture.call(
      'POST',
      `/v1/verifications${options.deep ? '?deep=true' : ''}`,
      { licenseId, purpose },
      options.token ?? clerk,
    );
    expect(response.status).toBe(200);
    return (await response.json()) as Answer;
  };
  const sweep = () =>
    sweepSeals({
      licenses: new PostgresLicenseRepository(fixture.db.sql, keys),
      seals: createSealedJwsVerifier({ validator: createPathValidator({ trustAnchors: [], requireRevocationCheck: false }) }),
      rowMacs: keys,
      contracts: createSchemaRegistry(),
      personalIds: createKeyedHasher(Buffer.alloc(32, 7)),
      audit: new InMemoryAuditWriter(),
      now: () => new Date(),
      pauseMs: 0,
    });

  it('reports a status, validity or holder edited in the database as not intact, from the row MAC', async () => {
    const revoked = await publish('JY24313220007001');
    expect((await changeStatus(revoked, 'revoked')).status).toBe(200);
    const extended = await publish('JY24313220007002');
    const reassigned = await publish('JY24313220007003');
    expect(await verify(revoked)).toMatchObject({ result: 'invalid', checks: { integrity: { ok: true }, status: { ok: false } } });

    await fixture.db.sql`update licenses set status = 'valid' where id = ${revoked}`;
    await fixture.db.sql`update licenses set valid_until = '2199-12-31' where id = ${extended}`;
    await fixture.db.sql`update licenses set holder_id = ${CENTRE.uscc}, holder_name = '别人的店' where id = ${reassigned}`;
    for (const id of [revoked, extended, reassigned]) {
      expect(await verify(id)).toMatchObject({ result: 'invalid', checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED' } } });
    }
    // A status change never MACs forged facts anew.
    await expectProblem(await changeStatus(revoked, 'suspended'), {
      status: 409,
      title: 'Conflict',
      code: 'ERR_RECORD_ALTERED',
      instance: `/v1/licenses/${revoked}/status`,
    });
  });

  it('shows the sealed payload, not an edited copy; a deep check and the sweep report the edit', async () => {
    const id = await publish('JY24313220007101');
    await fixture.db.sql`update licenses set payload = jsonb_set(payload, '{data}', '{"forged": true}') where id = ${id}`;
    const full = await verify(id, { token: samr.systemToken });
    expect(full.result).toBe('valid');
    expect(JSON.stringify(full.license)).not.toContain('forged');
    expect(await verify(id, { deep: true })).toMatchObject({ checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED' } } });
    expect((await sweep()).mismatches).toBeGreaterThanOrEqual(1);
  });

  it('finds a JWS altered in place with the scheduled sweep: an audit entry and a metric', async () => {
    const id = await publish('JY24313220007201');
    const [row] = await fixture.db.sql<{ jws: string }[]>`select jws from licenses where id = ${id}`;
    const [h, p, s] = row!.jws.split('.') as [string, string, string];
    const forged = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), validUntil: '2199-12-31' };
    await fixture.db
      .sql`update licenses set jws = ${`${h}.${Buffer.from(JSON.stringify(forged)).toString('base64url')}.${s}`} where id = ${id}`;
    // A normal verification does not read the JWS: the MAC over its digest still holds.
    expect((await verify(id)).checks.integrity).toEqual({ ok: true });
    expect((await verify(id, { deep: true })).checks.integrity).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_INVALID' });

    const auditor = await fixture.mintToken('auditor');
    const entries = await waitFor(
      async () =>
        (await (
          await fixture.call('GET', `/v1/audit?action=license.integrity-mismatch&target=${encodeURIComponent(id)}`, undefined, auditor)
        ).json()) as {
          items: { result: string }[];
        },
      (found) => found.items.length > 0,
      'the sweep to audit the altered JWS',
    );
    expect(entries.items[0]?.result).toBe('ERR_JWS_SIGNATURE_INVALID');
    const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
    expect(Number(/^zz_licence_integrity_mismatches(?:\{[^}]*\})? (\d+)$/m.exec(metrics)?.[1])).toBeGreaterThanOrEqual(1);
  });

  it('MACs a row stored without a MAC once its seal and history agree, and verifies it the slow way until then', async () => {
    const id = await publish('JY24313220007301');
    await fixture.db.sql`update licenses set mac = null, mac_kid = null where id = ${id}`;
    expect(await verify(id)).toMatchObject({ result: 'valid', checks: { integrity: { ok: true } } });
    const forged = await publish('JY24313220007302');
    await fixture.db.sql`update licenses set mac = null, mac_kid = null, holder_name = '别人的店' where id = ${forged}`;
    expect(await verify(forged)).toMatchObject({ result: 'invalid', checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED' } } });

    await sweep();
    const rows = await fixture.db.sql<
      { id: string; mac_kid: string | null }[]
    >`select id, mac_kid from licenses where id in ${fixture.db.sql([id, forged])}`;
    expect(Object.fromEntries(rows.map((r) => [r.id, r.mac_kid]))).toEqual({ [id]: keys.currentKid, [forged]: null });
    expect(await verify(id)).toMatchObject({ result: 'valid', checks: { integrity: { ok: true } } });
  });

  it('keeps rows MACed under a rotated key verifying; status changes and the sweep MAC them under the new key', async () => {
    const before = await publish('JY24313220007401');
    const changed = await publish('JY24313220007402');
    const [old] = await fixture.db.sql<{ mac_kid: string }[]>`select mac_kid from licenses where id = ${before}`;
    expect((await fixture.call('POST', '/v1/licenses/integrity-keys/rotate', undefined, clerk)).status).toBe(403);
    const rotated = await fixture.call('POST', '/v1/licenses/integrity-keys/rotate');
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    expect(kid).not.toBe(old!.mac_kid);

    expect(await verify(before)).toMatchObject({ result: 'valid', checks: { integrity: { ok: true } } });
    expect((await changeStatus(changed, 'suspended')).status).toBe(200);
    const after = await publish('JY24313220007403');
    const kidOf = async (id: string) =>
      (await fixture.db.sql<{ mac_kid: string }[]>`select mac_kid from licenses where id = ${id}`)[0]?.mac_kid;
    expect([await kidOf(changed), await kidOf(after)]).toEqual([kid, kid]);
    expect(await verify(changed)).toMatchObject({ status: 'suspended', checks: { integrity: { ok: true } } });

    await keys.reload();
    await sweep();
    expect(await kidOf(before)).toBe(kid);
    expect(await verify(before)).toMatchObject({ result: 'valid', checks: { integrity: { ok: true } } });
    const auditor = await fixture.mintToken('auditor');
    const audit = (await (await fixture.call('GET', '/v1/audit?action=license-row-key.rotate', undefined, auditor)).json()) as {
      items: { target: string }[];
    };
    expect(audit.items.map((e) => e.target)).toContain(kid);
  });
});
