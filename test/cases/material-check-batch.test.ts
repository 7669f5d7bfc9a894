/**
 * The material check verifies all of a case's held licences as one batch on a real PostgreSQL: a
 * company holding three licences the item lists gets one batch receipt in its sealed package, each
 * material's inclusion proof leads to the signed root offline (RFC 9162, checked with code written
 * from the RFC) and at `/v1/receipts/verify`, a tampered proof fails both ways, each licence is
 * audited with the case number, and the package kept with the case's check carries the receipt.
 */
import { createLocalJWKSet, jwtVerify, type JWTVerifyGetKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { BUSINESS_LICENSE, examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { APPROVAL, COMPANY, publishCompanyLicence, publishHeldByCompany } from '../support/case-fixture.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { leafClaims, rootFromProof, type Inclusion } from '../support/merkle-proof.js';

const DRUG_LICENSE = '11100000MB0341032Y001';
const ITEM = 'XH-SC-0901';

interface PackageMaterial {
  code: string;
  status: string;
  licenseId?: string;
  checks?: Record<string, { ok: boolean }>;
  inclusion?: Inclusion;
}

describe('the material check of a case: one batch receipt, an inclusion proof per licence', () => {
  let fixture: HubFixture;
  let approval: EnrolledDepartment;
  let clerk: string;
  let jwks: JWTVerifyGetKey;
  const licences: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await startHubFixture();
    approval = await enrolDepartment(fixture, { ...APPROVAL, licenseTypes: [BUSINESS_LICENSE, FOOD_LICENSE, DRUG_LICENSE] });
    clerk = await fixture.mintToken('clerk', APPROVAL.uscc);
    // An item listing three licence types, on the demo food item's department, level and time limits.
    const base = XINHUA_CATALOGUE.find((i) => i.code === 'XH-SC-0002');
    const licence = (code: string, name: string, typeCode: string) => ({
      code,
      name,
      required: true,
      form: '原件或电子件',
      copies: 1,
      source: { kind: 'license', typeCode },
    });
    const item = {
      ...base,
      code: ITEM,
      name: '食品经营许可（药店兼营）',
      materials: [
        licence('M1', '营业执照', BUSINESS_LICENSE),
        licence('M2', '食品经营许可证', FOOD_LICENSE),
        licence('M3', '药品经营许可证', DRUG_LICENSE),
      ],
    };
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: [item] })).status).toBe(200);
    licences.M1 = await publishCompanyLicence(fixture, approval);
    licences.M2 = await publishHeldByCompany(fixture, approval, FOOD_LICENSE, 'JY24313220099001');
    licences.M3 = await publishHeldByCompany(fixture, approval, DRUG_LICENSE, '湘DA7380999');
    jwks = createLocalJWKSet((await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json()) as never);
  });
  afterAll(async () => fixture?.stop());

  it('verifies the three held licences under one receipt whose proofs verify offline and at /v1/receipts/verify', async () => {
    const opened = await fixture.call(
      'POST',
      '/v1/cases',
      { itemCode: ITEM, applicant: COMPANY, channel: 'online', responsible: { name: '李娟' } },
      clerk,
    );
    expect(opened.status).toBe(201);
    const { caseNo } = (await opened.json()) as { caseNo: string };
    const response = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, {}, clerk);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { checklist: { code: string; status: string; licenseId?: string }[]; package: string };
    expect(body.checklist.map((c) => [c.code, c.status, c.licenseId])).toEqual([
      ['M1', 'exempted', licences.M1],
      ['M2', 'exempted', licences.M2],
      ['M3', 'exempted', licences.M3],
    ]);

    const { payload } = await jwtVerify(body.package, jwks, { algorithms: ['EdDSA'], typ: 'zz-material-package+jwt' });
    expect(typeof payload.receipt).toBe('string');
    const receipt = payload.receipt as string;
    const signed = await jwtVerify(receipt, jwks, { algorithms: ['EdDSA'], typ: 'zz-receipt-batch+jwt' });
    const tree = signed.payload.tree as { alg: string; size: number; root: string };
    expect(tree).toMatchObject({ alg: 'RFC9162-SHA256', size: 3 });
    expect(signed.payload).toMatchObject({ caseNo, department: APPROVAL.uscc });

    const materials = payload.materials as PackageMaterial[];
    const indexes = new Set<number>();
    for (const material of materials) {
      const inclusion = material.inclusion as Inclusion;
      expect(rootFromProof(inclusion, tree.size)).toBe(tree.root);
      expect(leafClaims(inclusion)).toMatchObject({ sub: material.licenseId, result: 'valid', caseNo });
      expect(Object.values(material.checks ?? {}).every((c) => c.ok)).toBe(true);
      indexes.add(inclusion.index);
      const online = await fixture.call('POST', '/v1/receipts/verify', { receipt, inclusion });
      expect(await online.json()).toMatchObject({ valid: true, claims: { sub: material.licenseId, caseNo } });
    }
    expect(indexes).toEqual(new Set([0, 1, 2]));

    // A tampered proof leads elsewhere offline and is refused online.
    const inclusion = materials[1]?.inclusion as Inclusion;
    const hash = Buffer.from(inclusion.proof[0] as string, 'base64url');
    hash[0] = (hash[0] as number) ^ 1;
    const tampered = { ...inclusion, proof: [hash.toString('base64url'), ...inclusion.proof.slice(1)] };
    expect(rootFromProof(tampered, tree.size)).not.toBe(tree.root);
    expect(await (await fixture.call('POST', '/v1/receipts/verify', { receipt, inclusion: tampered })).json()).toMatchObject({
      valid: false,
      code: 'ERR_RECEIPT_INCLUSION_INVALID',
    });

    // Each licence is audited on its own with the case number, as a single verification is.
    const auditor = await fixture.mintToken('auditor');
    const audit = (await (await fixture.call('GET', `/v1/audit?action=license.verify&caseNo=${caseNo}`, undefined, auditor)).json()) as {
      items: { target: string; result: string }[];
    };
    expect(audit.items.map((e) => [e.target, e.result]).sort()).toEqual(
      [licences.M1, licences.M2, licences.M3].map((id) => [id, 'valid']).sort(),
    );

    // The case keeps the check's package, and with it the one receipt.
    const kept = await fixture.db.sql<{ jws: string }[]>`select jws from case_packages where case_no = ${caseNo}`;
    expect(kept.map((r) => r.jws)).toEqual([body.package]);
  });
});
