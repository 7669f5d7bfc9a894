import { decodeJwt } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { CDPF, DISABILITY, publishDisabilityLicence } from '../support/disability-licence.js';

const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const CASE_NO = 'XH-DISABILITY-1';

describe('a licence whose number embeds a personal ID number', () => {
  let fixture: HubFixture;
  let cdpf: EnrolledDepartment;
  let clerk: string;
  let id: string;
  let number: string;
  let holderId: string;
  /** The ID number's first 17 digits: none of them may leave the issuer in clear. */
  let idDigits: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    cdpf = await enrolDepartment(fixture, { ...CDPF, licenseTypes: [DISABILITY] });
    await fixture.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    clerk = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    let holder: { id: string };
    ({ id, number, holder } = await publishDisabilityLicence(fixture, cdpf));
    holderId = holder.id;
    idDigits = holderId.slice(0, 17);
  });
  afterAll(async () => fixture?.stop());

  const verify = (body: unknown, token = clerk) => fixture.call('POST', '/v1/verifications', body, token);

  it("stays verifiable by number for another department's clerk, with no ID digit in the answer, receipt or audit", async () => {
    const response = await verify({ number, typeCode: DISABILITY, holder: { id: holderId }, purpose: { caseNo: CASE_NO } });
    expect(response.status).toBe(200);
    const text = await response.text();
    const answer = JSON.parse(text) as {
      result: string;
      checks: Record<string, { ok: boolean }>;
      license: { number: string };
      receipt: string;
    };
    expect(answer.result).toBe('valid');
    expect(answer.checks.holder?.ok).toBe(true);
    expect(answer.license.number).toBe('*'.repeat(number.length));
    expect(text).not.toContain(idDigits);

    const receipt = decodeJwt(answer.receipt);
    expect(receipt.sub).toMatch(/^ref:[0-9a-f]{64}$/);
    expect(JSON.stringify(receipt)).not.toContain(idDigits);

    const byId = await (await verify({ licenseId: id, purpose: { caseNo: CASE_NO } })).text();
    expect(JSON.parse(byId)).toMatchObject({ result: 'valid' });
    const byIdAnswer = JSON.parse(byId) as { receipt: string };
    expect(byId.replace(byIdAnswer.receipt, '')).not.toContain(idDigits);
    expect(JSON.stringify(decodeJwt(byIdAnswer.receipt))).not.toContain(idDigits);

    const auditor = await fixture.mintToken('auditor');
    const audit = await fixture.call('GET', `/v1/audit?caseNo=${CASE_NO}`, undefined, auditor);
    const auditText = await audit.text();
    expect(auditText).toContain(CASE_NO);
    expect(auditText).not.toContain(idDigits);
    // Every entry, the publication's included, straight from the table.
    const [row] = await fixture.db.sql<
      { hits: number; refs: number }[]
    >`select count(*) filter (where target like ${`%${idDigits}%`} or details::text like ${`%${idDigits}%`})::int as hits,
             count(*) filter (where target like 'ref:%')::int as refs
        from audit_log`;
    expect(row).toEqual({ hits: 0, refs: 3 });
  });

  it('shows the issuing department the number and identifier in full', async () => {
    const answer = (await (await verify({ licenseId: id, purpose: { caseNo: 'XH-DISABILITY-2' } }, cdpf.systemToken)).json()) as {
      license: { id: string; number: string };
    };
    expect(answer.license).toMatchObject({ id, number });
  });
});
