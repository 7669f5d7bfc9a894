/**
 * Granting and revoking the rights on a licence type over HTTP, on real PostgreSQL: a reading right
 * opens a type's public fields to a department's systems when they verify (and closes them again),
 * an issuing right lets a department publish; each change is audited, and only security admins
 * make them.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const HOLDER_ID = '92431322MA4L0ABC15';

describe('rights on a licence type', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let centreSystem: string;
  let auditor: string;
  let licenseId: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(CENTRE.uscc, CENTRE.name);
    centreSystem = await fixture.mintToken('system', CENTRE.uscc);
    auditor = await fixture.mintToken('auditor');
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220003001')),
    });
    expect(published.status).toBe(201);
    licenseId = ((await published.json()) as { id: string }).id;
  });
  afterAll(async () => fixture?.stop());

  const verifyAsCentre = async () => {
    const response = await fixture.call('POST', '/v1/verifications', { licenseId, purpose: { caseNo: 'XH-RIGHTS-1' } }, centreSystem);
    expect(response.status).toBe(200);
    return ((await response.json()) as { license: { holder: { name: string; id?: string }; data?: unknown } }).license;
  };
  const auditOf = async (action: string) =>
    ((await (await fixture.call('GET', `/v1/audit?action=${action}`, undefined, auditor)).json()) as { items: Record<string, unknown>[] })
      .items;

  it("grants a reading right that opens the type's public fields to the department's systems, audited", async () => {
    const before = await verifyAsCentre();
    expect(before.holder).toEqual({ name: expect.stringContaining('*') });
    expect(before.data).toBeUndefined();

    const granted = await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: CENTRE.uscc });
    expect(granted.status).toBe(201);
    expect(await granted.json()).toEqual({ typeCode: FOOD_LICENSE, department: CENTRE.uscc, readers: [CENTRE.uscc] });
    const again = await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: CENTRE.uscc });
    expect(again.status).toBe(200);

    const after = await verifyAsCentre();
    expect(after.holder).toMatchObject({ idType: 'USCC', id: HOLDER_ID });
    expect(after.data).toBeTruthy();
    expect(await auditOf('license-type.reader-grant')).toEqual([
      expect.objectContaining({ target: CENTRE.uscc, typeCode: FOOD_LICENSE, role: 'security-admin', result: 'ok' }),
    ]);
  });

  it('revokes the reading right: minimal answers again, audited, and a second revoke is 404', async () => {
    const revoked = await fixture.call('DELETE', `/v1/license-types/${FOOD_LICENSE}/readers/${CENTRE.uscc}`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ typeCode: FOOD_LICENSE, department: CENTRE.uscc, readers: [] });
    const after = await verifyAsCentre();
    expect(after.holder.id).toBeUndefined();
    expect(after.data).toBeUndefined();
    expect(await auditOf('license-type.reader-revoke')).toEqual([
      expect.objectContaining({ target: CENTRE.uscc, typeCode: FOOD_LICENSE, role: 'security-admin' }),
    ]);
    const twice = await fixture.call('DELETE', `/v1/license-types/${FOOD_LICENSE}/readers/${CENTRE.uscc}`);
    expect(twice.status).toBe(404);
    expect(await twice.json()).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' });
  });

  it('revokes an issuing right: the department can no longer publish that type, audited', async () => {
    const revoked = await fixture.call('DELETE', `/v1/license-types/${FOOD_LICENSE}/issuers/${SAMR.uscc}`);
    expect(revoked.status).toBe(200);
    expect(await revoked.json()).toEqual({ typeCode: FOOD_LICENSE, department: SAMR.uscc, issuers: [] });
    const refused = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220003002')),
    });
    expect(refused.status).toBe(403);
    expect(await refused.json()).toMatchObject({ code: 'ERR_NO_ISSUING_RIGHT' });
    expect(await auditOf('license-type.revoke')).toEqual([expect.objectContaining({ target: SAMR.uscc, typeCode: FOOD_LICENSE })]);
    const regranted = await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/issuers`, { department: SAMR.uscc });
    expect(regranted.status).toBe(201);
  });

  it('refuses unknown types, unknown departments and callers who are not security admins', async () => {
    const unknownType = await fixture.call('POST', '/v1/license-types/111000000000000000999/readers', { department: CENTRE.uscc });
    expect(unknownType.status).toBe(422);
    expect(await unknownType.json()).toMatchObject({ code: 'ERR_LICENSE_TYPE_UNKNOWN' });
    const unknownDepartment = await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: '91430000MA4L0ABC1G' });
    expect(unknownDepartment.status).toBe(404);
    expect(await unknownDepartment.json()).toMatchObject({ code: 'ERR_DEPARTMENT_NOT_FOUND' });
    expect(
      (await fixture.call('POST', `/v1/license-types/${FOOD_LICENSE}/readers`, { department: CENTRE.uscc }, centreSystem)).status,
    ).toBe(403);
    expect((await fixture.call('DELETE', `/v1/license-types/${FOOD_LICENSE}/readers/${CENTRE.uscc}`, undefined, centreSystem)).status).toBe(
      403,
    );
  });
});
