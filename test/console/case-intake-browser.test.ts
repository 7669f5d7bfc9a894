/**
 * Case intake in a real browser (Debian chromium, headless) on real PostgreSQL: a clerk finds the
 * item in the published catalogue, enters the applicant, opens the case, presses 一键核验 and gets
 * 免提交 for the licence the applicant holds at the hub, with the working days left, and prints
 * the 一次性告知书 with the QR code of the material package's verification link; the link opens the
 * signed package for a clerk of the case's department and for no one else, and is audited. An
 * auditor sees the supervision charts. The applicant's credit code is typed into a form body; no
 * URL the browser requested carries it. axe-core checks every page at both viewports, and the case
 * pages in English keep Chinese only where it is data.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { BUSINESS_LICENSE } from '../licenses/license-payloads.js';
import { qrSvg } from '../../src/web/qr-svg.js';
import { APPROVAL, COMPANY, publishCompanyLicence } from '../support/case-fixture.js';
import { launchChromium, staffAccounts, type TestBrowser } from '../support/chromium.js';
import { axeAtBothViewports, chineseOutsideData } from '../support/page-checks.js';
import { enrolDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const FOOD_NEW = 'XH-SC-0001';
const OTHER = { uscc: '91350100M000100Y43', name: '新化县某乡镇人民政府' };
const noViolations = { desktop: [], tablet: [] };

describe('case intake in chromium', () => {
  let fixture: HubFixture;
  let browser: TestBrowser;
  let licenceId: string;
  let caseNo: string;
  let digest: string;
  let staff: ReturnType<typeof staffAccounts>;
  const account = (username: string, role: string, department?: string) => staff.create(username, role, department);
  const signedIn = (username: string) => staff.signedIn(username);

  beforeAll(async () => {
    browser = await launchChromium();
    fixture = await startHubFixture();
    staff = staffAccounts(fixture, browser);
    const approval = await enrolDepartment(fixture, { ...APPROVAL, licenseTypes: [BUSINESS_LICENSE] });
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: XINHUA_CATALOGUE })).status).toBe(200);
    licenceId = await publishCompanyLicence(fixture, approval);
    await fixture.registerDepartment(OTHER.uscc, OTHER.name, 'township');
    await account('liu.window', 'clerk', APPROVAL.uscc);
    await account('he.window', 'clerk', OTHER.uscc);
    await account('zhou.audit', 'auditor');
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  it('opens a case, gets 免提交 for the held licence and prints the notice with the package QR', async () => {
    const page = await signedIn('liu.window');

    await page.getByRole('link', { name: '办件受理' }).click();
    await page.getByLabel('搜索事项（名称或编码）').fill(FOOD_NEW);
    await page.getByRole('button', { name: '筛选' }).click();
    expect(await page.locator('input[name="itemCode"]').count()).toBe(1);
    await page.locator('input[name="itemCode"]').check();
    await page.getByLabel('证件类型').selectOption('USCC');
    await page.getByLabel('证件号码').fill(COMPANY.id);
    await page.getByLabel('姓名或名称').fill(COMPANY.name);
    await browser.screenshot(page, 'clerk-case-intake');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.getByRole('button', { name: '开始办件' }).click();
    await page.waitForURL(/\/console\/cases\/[0-9A-Za-z-]+$/);
    caseNo = new URL(page.url()).pathname.split('/').at(-1) as string;
    expect(await page.locator('#remaining-days').textContent()).toMatch(/\d+ 个工作日/);

    await page.getByRole('button', { name: '一键核验' }).click();
    await page.waitForSelector('#notice');
    const licenceRow = page.locator('#checklist tbody tr').filter({ hasText: licenceId });
    expect(await licenceRow.count()).toBe(1);
    expect(await licenceRow.textContent()).toContain('免提交 ✓');
    expect(await page.locator('#notice pre').textContent()).toContain('一次性告知书');
    expect(await page.locator('#package-qr svg path').count()).toBeGreaterThan(0);
    await browser.screenshot(page, 'clerk-case-checked');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    // The QR code is the link to the package's page, carrying nothing but the package's digest.
    digest = (await page.locator('#notice code.digest').textContent()) as string;
    expect(digest).toMatch(/^[0-9a-f]{64}$/);
    const link = `${fixture.hub.url}/console/packages/${digest}`;
    const expected = (await qrSvg(link, 'x')).value.match(/ d="[^"]+"/g);
    expect(await page.locator('#package-qr').innerHTML()).toContain((expected as string[]).at(-1));
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#checklist').isVisible()).toBe(false);
    expect(await page.locator('#notice').isVisible()).toBe(true);
    await browser.screenshot(page, 'clerk-case-notice-print');
    await page.emulateMedia({ media: 'screen' });

    // The case in English: every label has its message; Chinese remains only where it is data.
    await page.goto(`${fixture.hub.url}/console/cases/${caseNo}`);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toContain('Case');
    expect(await chineseOutsideData(page)).toEqual([]);
    await page.goto(`${fixture.hub.url}/console/cases/new`);
    expect(await chineseOutsideData(page)).toEqual([]);
    await browser.screenshot(page, 'clerk-case-intake-en');
    await page.getByRole('link', { name: '中文' }).click();
    await page.waitForSelector('html[lang="zh-CN"]');
    await page.close();

    const hub = new URL(fixture.hub.url).host;
    expect(browser.requests.filter((url) => new URL(url).host !== hub)).toEqual([]);
    expect(browser.requests.filter((url) => url.includes(COMPANY.id))).toEqual([]);
  });

  it('opens the package from its QR link for a clerk of the case, with its signature checked, and for no one else', async () => {
    const page = await signedIn('liu.window');
    await page.goto(`${fixture.hub.url}/console/packages/${digest}`);
    expect(await page.locator('#package-verdict').textContent()).toBe('签名有效');
    expect(await page.locator('main').textContent()).toContain(caseNo);
    const row = page.locator('#package-materials tbody tr').filter({ hasText: licenceId });
    expect(await row.textContent()).toContain('免提交 ✓');
    await browser.screenshot(page, 'clerk-package');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
    expect(await page.locator('#package-verdict').textContent()).toBe('Signature valid');
    expect(await chineseOutsideData(page)).toEqual([]);
    await page.getByRole('link', { name: '中文' }).click();
    await page.close();

    // A clerk of another department gets the same "not found" as for a digest that does not exist.
    const stranger = await signedIn('he.window');
    const refused = await stranger.goto(`${fixture.hub.url}/console/packages/${digest}`);
    expect(refused?.status()).toBe(404);
    expect(await stranger.locator('main').textContent()).not.toContain(caseNo);
    await stranger.close();

    // The same through the API, for the case's department only; every look-up is in the audit log.
    const own = await fixture.call('GET', `/v1/cases/packages/${digest}`, undefined, await fixture.mintToken('clerk', APPROVAL.uscc));
    expect(own.status).toBe(200);
    expect(await own.json()).toMatchObject({ caseNo, digest, verification: { valid: true }, superseded: false });
    const foreign = await fixture.call('GET', `/v1/cases/packages/${digest}`, undefined, await fixture.mintToken('clerk', OTHER.uscc));
    expect(foreign.status).toBe(404);
    expect(await foreign.json()).toMatchObject({ code: 'ERR_CASE_PACKAGE_NOT_FOUND' });
    const audit = await fixture.call('GET', '/v1/audit?action=case.package-lookup', undefined, await fixture.mintToken('auditor'));
    const results = ((await audit.json()) as { items: { result: string }[] }).items.map((e) => e.result);
    expect(results.filter((r) => r === 'valid').length).toBeGreaterThanOrEqual(3);
    expect(results).toContain('ERR_CASE_SCOPE');
  });

  it('shows an auditor the supervision charts, each with its CSV', async () => {
    const decided = await fixture.call(
      'POST',
      `/v1/cases/${caseNo}/milestones`,
      { type: 'decided' },
      await fixture.mintToken('clerk', APPROVAL.uscc),
    );
    expect(decided.status).toBe(200);
    const page = await signedIn('zhou.audit');
    await page.getByRole('link', { name: '督查' }).click();
    await page.waitForSelector('#chart-materials');
    expect(Number(await page.locator('#supervision-cases').textContent())).toBe(1);
    for (const chart of ['on-time', 'working-days', 'visits', 'materials']) {
      expect(await page.locator(`#chart-${chart}`).isVisible()).toBe(true);
    }
    expect(await page.locator('#chart-on-time text').allTextContents()).toContain('100%');
    expect(await page.locator('#chart-materials desc').textContent()).toContain('免提交 1');
    await browser.screenshot(page, 'auditor-supervision');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    const csv = await page.request.get(`${fixture.hub.url}/console/supervision/csv/materials`);
    expect(csv.status()).toBe(200);
    expect(await csv.text()).toMatch(/免提交,申请人提交\r\n.*,1,\d+\r\n/);
    // A clerk may not open it: 403 naming who may.
    const clerk = await signedIn('liu.window');
    expect((await clerk.goto(`${fixture.hub.url}/console/supervision`))?.status()).toBe(403);
    await clerk.close();
    await page.close();

    const hub = new URL(fixture.hub.url).host;
    expect(browser.requests.filter((url) => new URL(url).host !== hub)).toEqual([]);
    expect(browser.requests.filter((url) => url.includes(COMPANY.id))).toEqual([]);
  });
});
