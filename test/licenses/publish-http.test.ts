import { randomBytes } from 'node:crypto';
import { openHubRowMacs } from '../support/hub-row-macs.js';
import { createKeyedHasher } from '../../src/audit/keyed-hasher.js';
import { createSchemaRegistry } from '../../src/contracts/schema-registry.js';
import type { AuditEntry } from '../../src/core/audit/audit-entry.js';
import { scheduleExpiry } from '../../src/core/licenses/expire-licenses.js';
import { beijingDate } from '../../src/core/licenses/license.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { hubTopics } from '../../src/core/topics.js';
import { PostgresLicenseRepository } from '../../src/postgres/postgres-license-repository.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseLicenseIdentifier } from '../../src/core/identifiers/license-identifier.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { expectProblem } from '../support/problem-body.js';
import { waitFor } from '../support/case-fixture.js';
import { addDays, examplePayload, FOOD_LICENSE, BUSINESS_LICENSE } from './license-payloads.js';

/** Counts finished look-ups for due licences, so a test can wait for a scheduled run to have happened. */
class CountingLicenseRepository extends PostgresLicenseRepository {
  lookups = 0;
  override async dueForExpiry(...args: Parameters<PostgresLicenseRepository['dueForExpiry']>) {
    const due = await super.dueForExpiry(...args);
    this.lookups++;
    return due;
  }
}

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const OTHER = { uscc: '91350100M000100Y43', name: '新化县自然资源局' };

describe('licence publication and lifecycle over HTTP', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let other: EnrolledDepartment;

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    other = await enrolDepartment(fixture, { ...OTHER, licenseTypes: [] });
  });
  afterAll(async () => fixture?.stop());

  const post = (jws: string, token: string, path = '/v1/licenses') =>
    fetch(`${fixture.hub.url}${path}`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/jose' },
      body: jws,
    });

  let id: string;

  it('stores a sealed licence under its GB/T 36904 identifier, and answers 200 to the same JWS again', async () => {
    const jws = samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000001'));
    const first = await post(jws, samr.systemToken);
    expect(first.status).toBe(201);
    const body = (await first.json()) as { id: string; status: string; version: number };
    expect(body).toMatchObject({ status: 'valid', version: 1 });
    id = body.id;
    expect(id).toMatch(new RegExp(`^1\\.2\\.156\\.3005\\.2\\.${FOOD_LICENSE}\\.${SAMR.uscc}\\.JY24313220000001\\.001\\.[0-9A-Z]$`));
    expect(() => parseLicenseIdentifier(id)).not.toThrow();
    const again = await post(jws, samr.systemToken);
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(body);
    const read = (await (await fixture.call('GET', `/v1/licenses/${id}`, undefined, samr.systemToken)).json()) as {
      jws: string;
      payload: { number: string };
    };
    expect(read.jws).toBe(jws);
    expect(read.payload.number).toBe('JY24313220000001');
  });

  it('refuses the same identifier with other content (409) unless it is a replacement', async () => {
    const changed = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000001');
    (changed.holder as { name: string }).name = '新化县另一家餐馆';
    const conflict = await post(samr.seal(changed), samr.systemToken);
    expect(conflict.status).toBe(409);
    expect(await conflict.json()).toMatchObject({ code: 'ERR_LICENSE_CONFLICT' });
  });

  it('refuses tampered, schema-invalid, foreign-seal and no-right submissions with codes', async () => {
    const genuine = samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000002'));
    const [h, , s] = genuine.split('.');
    const forged = `${h}.${Buffer.from(JSON.stringify(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000003'))).toString('base64url')}.${s}`;
    const invalid = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000004');
    delete invalid.validUntil;
    const badHolder = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000005');
    (badHolder.holder as { id: string }).id = '92431322MA4L0ABC16';
    const cases: [string, string, number, string][] = [
      [forged, samr.systemToken, 422, 'ERR_JWS_SIGNATURE_INVALID'],
      [samr.seal(invalid), samr.systemToken, 422, 'ERR_VALIDATION'],
      [samr.seal(badHolder), samr.systemToken, 422, 'ERR_VALIDATION'],
      // Sealed by another department while naming SAMR as issuer.
      [other.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000006')), other.systemToken, 403, 'ERR_ISSUER_MISMATCH'],
      // SAMR's seal presented by another department's system.
      [samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000007')), other.systemToken, 403, 'ERR_ISSUER_MISMATCH'],
      // A type SAMR was never granted.
      [samr.seal(examplePayload(BUSINESS_LICENSE, SAMR)), samr.systemToken, 403, 'ERR_NO_ISSUING_RIGHT'],
      [samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000008'), 'zz-document+jws'), samr.systemToken, 422, 'ERR_JWS_TYPE'],
      ['garbage', samr.systemToken, 400, 'ERR_JWS_MALFORMED'],
    ];
    for (const [jws, token, status, code] of cases) {
      const response = await post(jws, token);
      const problem = (await response.json()) as { code: string; errors?: unknown[] };
      expect([response.status, problem.code]).toEqual([status, code]);
    }
    const clerk = await fixture.mintToken('clerk', SAMR.uscc);
    expect((await post(genuine, clerk)).status).toBe(403);
  });

  it('refuses a licence that ends before it was issued or took effect (422, pointer /validUntil)', async () => {
    const backwards = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000009');
    backwards.validUntil = addDays(backwards.validFrom as string, -1);
    const response = await post(samr.seal(backwards), samr.systemToken);
    expect(response.status).toBe(422);
    const problem = (await response.json()) as { code: string; errors: { pointer: string }[] };
    expect(problem.code).toBe('ERR_VALIDATION');
    expect(problem.errors.map((e) => e.pointer)).toContain('/validUntil');
  });

  const change = (status: string, reason: string, licenseId = id) =>
    samr.seal({ licenseId, status, reason, effectiveAt: new Date().toISOString() }, 'zz-license-status+jws');

  it('refuses an old sealed status change submitted again (ERR_STATUS_CHANGE_REPLAYED); repeating the last one is a transition error', async () => {
    const created = await post(samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000010')), samr.systemToken);
    const { id: replayed } = (await created.json()) as { id: string };
    const statusOf = `/v1/licenses/${replayed}/status`;
    const suspension = change('suspended', '停业整顿', replayed);
    expect((await post(suspension, samr.systemToken, statusOf)).status).toBe(200);
    const reinstatement = change('valid', '整顿完成', replayed);
    expect((await post(reinstatement, samr.systemToken, statusOf)).status).toBe(200);
    const replay = await post(suspension, samr.systemToken, statusOf);
    expect(replay.status).toBe(409);
    expect(await replay.json()).toMatchObject({ code: 'ERR_STATUS_CHANGE_REPLAYED' });
    const again = await post(reinstatement, samr.systemToken, statusOf);
    expect(again.status).toBe(409);
    expect(await again.json()).toMatchObject({ code: 'ERR_LICENSE_TRANSITION' });
    const read = (await (await fixture.call('GET', `/v1/licenses/${replayed}`, undefined, samr.systemToken)).json()) as { status: string };
    expect(read.status).toBe('valid');
  });

  it('applies sealed status changes; a revoked licence cannot become valid again', async () => {
    const suspended = await post(change('suspended', '停业整顿'), samr.systemToken, `/v1/licenses/${id}/status`);
    expect(suspended.status).toBe(200);
    expect(await suspended.json()).toMatchObject({ status: 'suspended', version: 2, previousStatus: 'valid' });
    expect((await post(change('valid', '整顿完成'), samr.systemToken, `/v1/licenses/${id}/status`)).status).toBe(200);
    const revoked = await post(change('revoked', '违法经营，依法吊销'), samr.systemToken, `/v1/licenses/${id}/status`);
    expect(await revoked.json()).toMatchObject({ status: 'revoked', version: 4 });
    const back = await post(change('valid', '申请恢复'), samr.systemToken, `/v1/licenses/${id}/status`);
    expect(back.status).toBe(409);
    expect(await back.json()).toMatchObject({ code: 'ERR_LICENSE_TRANSITION' });
    const history = (await (await fixture.call('GET', `/v1/licenses/${id}/history`, undefined, samr.systemToken)).json()) as {
      items: { status: string; jws?: string }[];
    };
    expect(history.items.map((h) => h.status)).toEqual(['valid', 'suspended', 'valid', 'revoked']);
    expect(history.items[3]?.jws).toBeTruthy();
  });

  it('replaces a licence with the next version and marks the old one replaced', async () => {
    const first = (await (await post(samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000009')), samr.systemToken)).json()) as {
      id: string;
    };
    const original = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220000009');
    const replacement = { ...original, replaces: first.id, validUntil: addDays(original.validUntil as string, 365) };
    const response = await post(samr.seal(replacement), samr.systemToken);
    expect(response.status).toBe(201);
    const second = (await response.json()) as { id: string };
    expect(second.id).toContain('.JY24313220000009.002.');
    const old = (await (await fixture.call('GET', `/v1/licenses/${first.id}`, undefined, samr.systemToken)).json()) as {
      status: string;
      replacedBy: string;
    };
    expect(old).toMatchObject({ status: 'replaced', replacedBy: second.id });
    const stale = await post(samr.seal({ ...replacement, validUntil: addDays(original.validUntil as string, 730) }), samr.systemToken);
    expect(stale.status).toBe(409);
    expect(await stale.json()).toMatchObject({ code: 'ERR_LICENSE_REPLACEMENT' });
  });

  it('lets only the issuer change a status, and only its own licences', async () => {
    const foreign = other.seal(
      { licenseId: id, status: 'cancelled', reason: 'x', effectiveAt: new Date().toISOString() },
      'zz-license-status+jws',
    );
    const response = await post(foreign, other.systemToken, `/v1/licenses/${id}/status`);
    expect(response.status).toBe(403);
  });

  it('audits a status change refused for its seal as it audits a refused publication', async () => {
    const genuine = change('cancelled', '注销');
    const [h, p] = genuine.split('.');
    const forged = `${h}.${p}.${Buffer.alloc(64).toString('base64url')}`;
    const response = await post(forged, samr.systemToken, `/v1/licenses/${id}/status`);
    expect(response.status).toBe(422);
    expect(((await response.json()) as { code: string }).code).toBe('ERR_JWS_SIGNATURE_INVALID');
    const entries = await fixture.db.sql<{ actor: string; department: string; target: string | null; result: string }[]>`
      select actor, department, target, result from audit_log where action = 'license.status.refused'`;
    expect([...entries]).toEqual([
      { actor: expect.stringMatching(/^token:/), department: SAMR.uscc, target: null, result: 'ERR_JWS_SIGNATURE_INVALID' },
    ]);
  });

  it('expires a licence on the scheduled run after its last valid day, with history and audit', async () => {
    const today = beijingDate(new Date());
    const published = await post(
      samr.seal({ ...examplePayload(FOOD_LICENSE, SAMR, 'JY24313220009001'), validUntil: addDays(today, 1) }),
      samr.systemToken,
    );
    expect(published.status).toBe(201);
    const expiring = ((await published.json()) as { id: string }).id;
    const statusOf = async () =>
      (await fixture.db.sql<{ status: string; revision: number }[]>`select status, revision from licenses where id = ${expiring}`)[0];

    let clock = new Date();
    const audited: AuditEntry[] = [];
    const licenses = new CountingLicenseRepository(
      fixture.db.sql,
      await openHubRowMacs(fixture),
      async (_tx, entries) => void audited.push(...entries),
    );
    const expiry = scheduleExpiry(
      {
        licenses,
        contracts: createSchemaRegistry(),
        personalIds: createKeyedHasher(randomBytes(32)),
        logger: silentLogger,
        now: () => clock,
      },
      50,
    );
    try {
      // Still valid on its last day: a run at today's clock leaves it alone.
      await waitFor(
        async () => licenses.lookups,
        (n) => n >= 1,
        'a first expiry run',
      );
      expect(await statusOf()).toEqual({ status: 'valid', revision: 1 });
      clock = new Date(Date.now() + 3 * 86_400_000);
      await waitFor(statusOf, (row) => row?.status === 'expired', 'the scheduled expiry');
    } finally {
      expiry.stop();
    }
    expect(await statusOf()).toEqual({ status: 'expired', revision: 2 });
    const history = await fixture.db
      .sql`select status, previous, national_code, actor from license_history where license_id = ${expiring} and revision = 2`;
    expect([...history]).toEqual([{ status: 'expired', previous: 'valid', national_code: '05', actor: 'system:expiry' }]);
    expect(audited).toEqual([
      expect.objectContaining({
        target: expiring,
        typeCode: FOOD_LICENSE,
        details: expect.objectContaining({ from: 'valid', to: 'expired' }),
      }),
    ]);
    const answer = await fixture.call(
      'POST',
      '/v1/verifications',
      { licenseId: expiring, purpose: { caseNo: 'XH-EXPIRY-1' } },
      samr.systemToken,
    );
    expect(((await answer.json()) as { status: string }).status).toBe('expired');
  });

  it('lists licence types with their issuers, the contracts, and the topics as AsyncAPI', async () => {
    const types = (await (await fixture.call('GET', '/v1/license-types')).json()) as { items: { code: string; issuers: string[] }[] };
    expect(types.items.length).toBeGreaterThanOrEqual(8);
    expect(types.items.find((t) => t.code === FOOD_LICENSE)?.issuers).toEqual([SAMR.uscc]);
    const schemas = (await (await fixture.call('GET', '/v1/schemas')).json()) as { items: { id: string; name: string; version: string }[] };
    const food = schemas.items.find((item) => item.name === 'licenses/food-business-license');
    expect(food).toEqual({
      id: expect.any(String),
      name: 'licenses/food-business-license',
      version: expect.any(String),
      title: expect.any(String),
    });
    const schema = await fixture.call('GET', `/v1/schemas/${encodeURIComponent('licenses/food-business-license')}`);
    expect(schema.status).toBe(200);
    expect(schema.headers.get('content-type')).toContain('application/schema+json');
    expect(await schema.json()).toMatchObject({ $id: food?.id });
    expect((await (await fixture.call('GET', `/v1/schemas/${encodeURIComponent(food!.id)}`)).json()) as unknown).toMatchObject({
      $id: food?.id,
    });
    await expectProblem(await fixture.call('GET', '/v1/schemas/no-such-contract'), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_NOT_FOUND',
      instance: '/v1/schemas/no-such-contract',
    });
    const asyncapi = (await (await fetch(`${fixture.hub.url}/asyncapi.json`)).json()) as {
      asyncapi: string;
      channels: Record<string, { address: string }>;
    };
    expect(asyncapi.asyncapi).toMatch(/^3\./);
    // Every topic the hub itself serves is documented (the exchange's topics sit beside them).
    const addresses = Object.values(asyncapi.channels).map((c) => c.address);
    expect(addresses).toEqual(expect.arrayContaining(hubTopics.map((t) => `{topicPrefix}${t.name}`)));
  });
});
