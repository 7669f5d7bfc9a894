/**
 * A case from opening to supervision on a real PostgreSQL: the demo county's catalogue imported,
 * a clerk of the approval bureau opens 食品经营许可（新办） for a company whose 营业执照 is at the
 * hub, one call checks every material and seals the package, revoking the licence reaches the case,
 * and supervision shows it.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { packagePath } from '../../src/config/package-root.js';
import { createWorkingCalendar, type CalendarYear } from '../../src/core/cases/working-calendar.js';
import { beijingDate } from '../../src/core/licenses/license.js';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { BUSINESS_LICENSE } from '../licenses/license-payloads.js';
import { APPROVAL, COMPANY, publishCompanyLicence, revokeLicence, waitFor } from '../support/case-fixture.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { expectProblem } from '../support/problem-body.js';

const CIVIL = { uscc: '11431322006123460L', name: '新化县民政局' };
const FOOD_NEW = 'XH-SC-0001';

// Every calendar the hub ships and seeds, not a fixed list: the expected deadlines are the hub's
// whatever year today is (a year not shipped is counted Monday to Friday by both).
const CALENDARS = packagePath('src', 'core', 'cases', 'calendars');
const calendar = createWorkingCalendar(
  readdirSync(CALENDARS)
    .filter((file) => /^\d{4}\.json$/.test(file))
    .map((file) => JSON.parse(readFileSync(`${CALENDARS}/${file}`, 'utf8')) as CalendarYear),
);

interface CaseBody {
  caseNo: string;
  state: string;
  visits: number;
  responsible: { name: string };
  clock: {
    limitDays: number;
    deadline?: string;
    usedWorkingDays: number;
    remainingWorkingDays: number;
    stopped: boolean;
    calendarYearsMissing: number[];
  };
  checklist: { code: string; status: string; licenseId?: string; dueDate?: string }[];
  notices: { body: { type: string; licenseId: string; status: string; department: string } }[];
}

describe('cases: catalogue, material check, clock, relied-on licences, supervision', () => {
  let fixture: HubFixture;
  let approval: EnrolledDepartment;
  let clerk: string;
  let licenceId: string;
  let caseNo: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    approval = await enrolDepartment(fixture, { ...APPROVAL, licenseTypes: [BUSINESS_LICENSE] });
    await fixture.registerDepartment(CIVIL.uscc, CIVIL.name);
    clerk = await fixture.mintToken('clerk', APPROVAL.uscc);
    const imported = await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: XINHUA_CATALOGUE });
    expect(imported.status).toBe(200);
    licenceId = await publishCompanyLicence(fixture, approval);
  });
  afterAll(async () => fixture?.stop());

  const anonymous = (path: string) => fetch(`${fixture.hub.url}${path}`);
  const open = (body: Record<string, unknown> = {}, token = clerk) =>
    fixture.call(
      'POST',
      '/v1/cases',
      { itemCode: FOOD_NEW, applicant: COMPANY, channel: 'window', responsible: { name: '李娟', phone: '0738-3512345' }, ...body },
      token,
    );

  it('publishes the catalogue and the fees to anyone, without login', async () => {
    const items = (await (await anonymous('/v1/catalogue/items')).json()) as {
      items: { code: string; materials: { source: unknown }[] }[];
    };
    expect(items.items.length).toBeGreaterThanOrEqual(20);
    const food = items.items.find((i) => i.code === FOOD_NEW);
    expect(food?.materials[0]?.source).toEqual({ kind: 'license', typeCode: BUSINESS_LICENSE });
    const item = await anonymous(`/v1/catalogue/items/${FOOD_NEW}`);
    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({ name: '食品经营许可（新办）', version: 1, promisedDays: 5 });
    const fees = (await (await anonymous('/v1/catalogue/fees')).json()) as {
      items: { itemName: string; charges: boolean; fees: { amountYuan: string }[] }[];
    };
    expect(fees.items.find((f) => f.itemName === '不动产转移登记')).toMatchObject({ charges: true, fees: [{ amountYuan: '80' }] });
    expect(fees.items.find((f) => f.itemName === '食品经营许可（新办）')).toMatchObject({ charges: false, fees: [] });
  });

  it('exports the catalogue as CSV that imports back unchanged', async () => {
    const csv = await (await anonymous('/v1/catalogue/export?format=csv')).text();
    expect(csv).toContain('食品经营许可（新办）');
    const json = (await (await anonymous('/v1/catalogue/export')).json()) as { items: unknown[] };
    const back = await fetch(`${fixture.hub.url}/v1/catalogue/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${fixture.adminToken}`, 'content-type': 'text/csv' },
      body: csv,
    });
    expect(back.status).toBe(200);
    expect(((await back.json()) as { imported: number }).imported).toBe(json.items.length);
    const drafts = (await (await fixture.call('GET', '/v1/catalogue/drafts')).json()) as { items: Record<string, unknown>[] };
    const strip = ({ version: _v, publishedAt: _p, participatingDepartments, ...rest }: Record<string, unknown>) => ({
      ...rest,
      participatingDepartments: participatingDepartments ?? [],
    });
    expect(drafts.items.map(strip)).toEqual((json.items as Record<string, unknown>[]).map(strip));
  });

  it('refuses an import with any broken item and imports nothing', async () => {
    const broken = { ...XINHUA_CATALOGUE[0], code: 'XH-BAD-0001', promisedDays: 99 };
    const response = await fixture.call('POST', '/v1/catalogue/import', { items: [broken] });
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'ERR_CATALOGUE_IMPORT_INVALID', errors: [{ pointer: '/items/0/promisedDays' }] });
    await expectProblem(await anonymous('/v1/catalogue/items/XH-BAD-0001'), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_CATALOGUE_ITEM_NOT_FOUND',
      instance: '/v1/catalogue/items/XH-BAD-0001',
    });
    await expectProblem(
      await fixture.call('PUT', '/v1/catalogue/items/XH-BAD-0001', broken),
      { status: 422, title: 'Unprocessable Content', code: 'ERR_CATALOGUE_ITEM_INVALID', instance: '/v1/catalogue/items/XH-BAD-0001' },
      { errors: [{ pointer: '/promisedDays', detail: expect.any(String) }] },
    );
  });

  it('serves the calendar to anyone and lets only the admin correct it', async () => {
    const year = (await (await anonymous('/v1/calendar/2026')).json()) as CalendarYear & { workingDayCount: number };
    expect(year.source.title).toBe('国务院办公厅关于2026年部分节假日安排的通知');
    expect(year.workdays.map((w) => w.date)).toContain('2026-02-28');
    expect(year.workingDayCount).toBe(calendar.countWorkingDays('2025-12-31', '2026-12-31'));
    expect((await fixture.call('POST', '/v1/calendar/2026', year, clerk)).status).toBe(403);
    const { workingDayCount: _count, ...body } = year;
    expect((await fixture.call('POST', '/v1/calendar/2026', body)).status).toBe(200);
    const bad = await fixture.call('POST', '/v1/calendar/2026', { ...body, workdays: [{ date: '2026-02-16', name: '周一' }] });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_CALENDAR_INVALID');
    await expectProblem(await anonymous('/v1/calendar/2001'), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_CALENDAR_YEAR_UNKNOWN',
      instance: '/v1/calendar/2001',
    });
    expect((await anonymous('/v1/calendar/2031')).status).toBe(404);
  });

  it('opens a case with the published checklist, one visit and a deadline in working days', async () => {
    const response = await open();
    expect(response.status).toBe(201);
    const body = (await response.json()) as CaseBody & { applicant: { id: string } };
    caseNo = body.caseNo;
    const today = beijingDate(new Date());
    expect(body.state).toBe('open');
    expect(body.visits).toBe(1);
    expect(body.checklist.map((c) => [c.code, c.status])).toEqual([
      ['M1', 'pending'],
      ['M2', 'pending'],
      ['M3', 'pending'],
      ['M4', 'pending'],
    ]);
    expect(body.clock).toMatchObject({
      limitDays: 5,
      usedWorkingDays: 0,
      remainingWorkingDays: 5,
      deadline: calendar.addWorkingDays(today, 5),
      // Exact while this year and the deadline's have a shipped calendar, provisional otherwise.
      calendarYearsMissing: calendar.missingYears(today, calendar.addWorkingDays(today, 5) as string),
    });
  });

  it('marks the 营业执照 免提交 in one call and returns a sealed package that verifies offline against the JWKS', async () => {
    const response = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, { commitments: ['M4'] }, clerk);
    expect(response.status).toBe(200);
    const body = (await response.json()) as {
      checklist: CaseBody['checklist'];
      package: string;
      notice: { title: string; missing: { code: string; dueDate?: string }[]; text: string };
    };
    const today = beijingDate(new Date());
    const due = calendar.addWorkingDays(today, 5);
    expect(body.checklist.map((c) => [c.code, c.status, c.licenseId ?? c.dueDate])).toEqual([
      ['M1', 'exempted', licenceId],
      ['M2', 'tolerated', due],
      ['M3', 'to-submit', undefined],
      ['M4', 'committed', undefined],
    ]);
    expect(body.notice.missing.map((m) => [m.code, m.dueDate])).toEqual([
      ['M2', due],
      ['M3', undefined],
    ]);
    expect(body.notice.text).toContain('一次性告知书');
    expect(body.notice.text).toContain(`请于 ${due} 前补齐`);

    const jwks = await (await anonymous('/.well-known/jwks.json')).json();
    const { payload } = await jwtVerify(body.package, createLocalJWKSet(jwks as never), {
      algorithms: ['EdDSA'],
      typ: 'zz-material-package+jwt',
    });
    const materials = payload.materials as { code: string; status: string; licenseId?: string; checks?: Record<string, { ok: boolean }> }[];
    expect(payload).toMatchObject({ caseNo, item: { code: FOOD_NEW, version: 1 } });
    expect(materials[0]).toMatchObject({ code: 'M1', status: 'exempted', licenseId: licenceId });
    expect(Object.keys(materials[0]?.checks ?? {}).sort()).toEqual(['holder', 'integrity', 'issuer', 'status']);
    expect(Object.values(materials[0]?.checks ?? {}).every((c) => c.ok)).toBe(true);
    // The package names no applicant: the case file links it to the applicant.
    expect(payload.applicant).toEqual({ idType: 'USCC' });
    // A package is not a receipt: the receipt check refuses it.
    const asReceipt = await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ receipt: body.package }),
    });
    expect(await asReceipt.json()).toMatchObject({ valid: false, code: 'ERR_RECEIPT_HEADER' });

    const audit = (await (
      await fixture.call('GET', `/v1/audit?holderId=${COMPANY.id}`, undefined, await fixture.mintToken('auditor'))
    ).json()) as {
      items: { action: string; purpose?: { caseNo: string } }[];
    };
    const lookups = audit.items.filter((e) => e.action === 'case.holder-lookup');
    expect(lookups.length).toBe(1);
    expect(lookups[0]?.purpose?.caseNo).toBe(caseNo);
  });

  it('answers the holder at the window who checked their licences, for which case, and audits the asking', async () => {
    const response = await fixture.call('POST', '/v1/holder-usage-reports', { idType: 'USCC', id: COMPANY.id }, clerk);
    expect(response.status).toBe(200);
    const report = (await response.json()) as { uses: { what: string; caseNo?: string; department?: string }[] };
    // The verification of the 营业执照 (audited as it answered), then the look-up committed with the check.
    expect(report.uses.map((u) => [u.what, u.caseNo, u.department])).toEqual([
      ['核验证照', caseNo, APPROVAL.uscc],
      ['按办件查找证照', caseNo, APPROVAL.uscc],
    ]);
    const auditor = await fixture.mintToken('auditor');
    const asked = (await (await fixture.call('GET', '/v1/audit?action=holder.usage-report', undefined, auditor)).json()) as {
      items: unknown[];
    };
    expect(asked.items).toHaveLength(1);
    expect(JSON.stringify(asked.items)).not.toContain(COMPANY.id);
  });

  it('tells the case when the 营业执照 it relied on is revoked (cases.events)', async () => {
    const revoked = await revokeLicence(fixture, approval, licenceId);
    expect(revoked.status).toBe(200);
    const body = await waitFor(
      async () => (await (await fixture.call('GET', `/v1/cases/${caseNo}`, undefined, clerk)).json()) as CaseBody,
      (b) => b.notices.length > 0,
      'the relied-on licence notice',
    );
    expect(body.notices[0]?.body).toMatchObject({
      type: 'case.relied-license-changed',
      licenseId: licenceId,
      status: 'revoked',
      department: APPROVAL.uscc,
    });
  });

  it('stops and resumes the clock with a statutory reason, and hands the case over', async () => {
    const milestone = (body: unknown) => fixture.call('POST', `/v1/cases/${caseNo}/milestones`, body, clerk);
    const noReason = await milestone({ type: 'clock-stopped' });
    expect(noReason.status).toBe(409);
    expect(((await noReason.json()) as { code: string }).code).toBe('ERR_MILESTONE_INVALID');
    const stopped = (await (await milestone({ type: 'clock-stopped', reason: '现场核查' })).json()) as CaseBody;
    expect(stopped.clock.stopped).toBe(true);
    expect(stopped.clock.deadline).toBeUndefined();
    const resumed = (await (await milestone({ type: 'clock-resumed' })).json()) as CaseBody;
    expect(resumed.clock.stopped).toBe(false);
    expect(resumed.clock.deadline).toBeDefined();
    const handed = (await (await milestone({ type: 'handover', responsible: { name: '王芳' }, reason: '轮岗' })).json()) as CaseBody;
    expect(handed.responsible.name).toBe('王芳');
    const received = (await (await milestone({ type: 'material-received', material: 'M2' })).json()) as CaseBody;
    expect(received.checklist.find((c) => c.code === 'M2')?.status).toBe('submitted');
  });

  it('shows the case in supervision with its working days and one visit', async () => {
    const auditor = await fixture.mintToken('auditor');
    const report = (await (await fixture.call('GET', '/v1/supervision', undefined, auditor)).json()) as {
      groups: {
        department: string;
        itemCode: string;
        cases: number;
        visitsPerCase: number;
        exempted: number;
        toleratedSuppliedOnTime: number;
      }[];
      cases: { caseNo: string; usedWorkingDays: number; limitDays: number; visits: number; responsible?: string }[];
    };
    expect(report.groups.find((g) => g.itemCode === FOOD_NEW)).toMatchObject({
      department: APPROVAL.uscc,
      cases: 1,
      visitsPerCase: 1,
      exempted: 1,
      toleratedSuppliedOnTime: 1,
    });
    expect(report.cases.find((c) => c.caseNo === caseNo)).toMatchObject({
      usedWorkingDays: 0,
      limitDays: 5,
      visits: 1,
      responsible: '王芳',
    });

    const anonymised = await fixture.call('GET', '/v1/supervision/export?format=csv&anonymised=true', undefined, auditor);
    const csv = await anonymised.text();
    expect(csv).toContain(caseNo);
    expect(csv).not.toContain('王芳');
    expect(csv).not.toContain(COMPANY.id);

    const otherAdmin = await fixture.mintToken('dept-admin', CIVIL.uscc);
    const own = (await (await fixture.call('GET', '/v1/supervision', undefined, otherAdmin)).json()) as { cases: unknown[] };
    expect(own.cases).toEqual([]);
  });

  it('refuses a lookup outside the case department and outside an open case', async () => {
    const stranger = await fixture.mintToken('clerk', CIVIL.uscc);
    const scoped = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, {}, stranger);
    expect(scoped.status).toBe(403);
    expect(((await scoped.json()) as { code: string }).code).toBe('ERR_CASE_SCOPE');
    // No free search by ID: a verification needs a licence id or number.
    const byId = await fixture.call('POST', '/v1/verifications', { holder: { id: COMPANY.id }, purpose: { caseNo } }, clerk);
    expect(byId.status).toBe(422);
    const decision = {
      docNo: '新审批食许〔2026〕88号',
      title: '食品经营许可决定书',
      issuer: APPROVAL,
      issuedAt: beijingDate(new Date()),
      sha256: 'a'.repeat(64),
    };
    // Another decision's content under this decision's seal.
    const [header, , signature] = approval.seal(decision, 'zz-document+jws').split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify({ ...decision, title: '食品经营许可变更决定书' })).toString('base64url')}.${signature}`;
    const refused = await fixture.call('POST', `/v1/cases/${caseNo}/milestones`, { type: 'decided', decisionJws: forged }, clerk);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_JWS_SIGNATURE_INVALID');
    const decided = await fixture.call(
      'POST',
      `/v1/cases/${caseNo}/milestones`,
      { type: 'decided', result: 'approved', decisionJws: approval.seal(decision, 'zz-document+jws') },
      clerk,
    );
    expect(decided.status).toBe(200);
    expect(((await decided.json()) as CaseBody).state).toBe('decided');
    const closed = await fixture.call('POST', `/v1/cases/${caseNo}/materials/check`, {}, clerk);
    expect(closed.status).toBe(409);
    expect(((await closed.json()) as { code: string }).code).toBe('ERR_CASE_NOT_OPEN');
  });

  it('never demands a material or an item that is not published', async () => {
    const food = XINHUA_CATALOGUE.find((i) => i.code === FOOD_NEW)!;
    const draft = {
      ...food,
      materials: [
        ...food.materials,
        { code: 'M9', name: '卫生许可证', required: true, form: '原件', copies: 1, source: { kind: 'paper' } },
      ],
    };
    expect((await fixture.call('PUT', `/v1/catalogue/items/${FOOD_NEW}`, draft)).status).toBe(200);
    const opened = (await (await open()).json()) as CaseBody;
    expect(opened.checklist.map((c) => c.code)).toEqual(['M1', 'M2', 'M3', 'M4']);
    const demanded = await fixture.call('POST', `/v1/cases/${opened.caseNo}/materials/check`, { commitments: ['M9'] }, clerk);
    expect(demanded.status).toBe(422);
    expect(((await demanded.json()) as { code: string }).code).toBe('ERR_MATERIAL_NOT_PUBLISHED');

    const unpublished = { ...food, code: 'XH-NEW-0001', name: '新事项' };
    expect((await fixture.call('PUT', '/v1/catalogue/items/XH-NEW-0001', unpublished)).status).toBe(200);
    expect((await anonymous('/v1/catalogue/items/XH-NEW-0001')).status).toBe(404);
    const refused = await open({ itemCode: 'XH-NEW-0001' });
    expect(refused.status).toBe(409);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_CATALOGUE_ITEM_NOT_PUBLISHED');
    expect((await fixture.call('POST', '/v1/catalogue/items/XH-NEW-0001/publish')).status).toBe(200);
    expect((await open({ itemCode: 'XH-NEW-0001' })).status).toBe(201);
  });

  it('refuses an invalid applicant ID and a taken case number', async () => {
    const bad = await open({ applicant: { ...COMPANY, id: '91431322MA4P8K2L3B' } });
    expect(bad.status).toBe(422);
    expect(((await bad.json()) as { code: string }).code).toBe('ERR_APPLICANT_ID_INVALID');
    expect((await open({ caseNo: 'XH-DUP-0001' })).status).toBe(201);
    const dup = await open({ caseNo: 'XH-DUP-0001' });
    expect(dup.status).toBe(409);
    expect(((await dup.json()) as { code: string }).code).toBe('ERR_CASE_EXISTS');
  });

  it('limits one clerk to 30 holder look-ups a minute, with 429 and Retry-After', async () => {
    const busy = await fixture.mintToken('clerk', APPROVAL.uscc);
    // Forty look-ups at once, each on its own case: the bucket (30, refilled at one every 2 s) lets
    // through 30 plus one per 2 s the burst takes to arrive, so a slow machine still sees refusals —
    // one after another, thirty checks on a loaded machine outlast the 2 s the bucket needs to refill.
    const opened = await Promise.all(Array.from({ length: 40 }, async () => ((await (await open({}, busy)).json()) as CaseBody).caseNo));
    const answers = await Promise.all(
      opened.map(async (no) => ({ no, response: await fixture.call('POST', `/v1/cases/${no}/materials/check`, {}, busy) })),
    );
    expect(answers.filter((a) => a.response.status === 200).length).toBeGreaterThanOrEqual(30);
    const limited = answers.filter((a) => a.response.status !== 200);
    expect(limited.length).toBeGreaterThan(0);
    for (const { no, response } of limited) {
      expect(Number(response.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
      await expectProblem(
        response,
        { status: 429, title: 'Too Many Requests', code: 'ERR_HOLDER_LOOKUP_RATE_LIMITED', instance: `/v1/cases/${no}/materials/check` },
        { retryAfter: expect.any(Number) },
      );
    }
  });

  it('answers an unknown case number with the not-found problem', async () => {
    await expectProblem(await fixture.call('GET', '/v1/cases/XH-NONE-0001', undefined, clerk), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_CASE_NOT_FOUND',
      instance: '/v1/cases/XH-NONE-0001',
    });
  });
});
