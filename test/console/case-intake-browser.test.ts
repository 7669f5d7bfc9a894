/**
 * Case intake in a real browser (Debian chromium, headless) on real PostgreSQL: a clerk finds the
 * item in the published catalogue, enters the applicant, opens the case, presses 一键核验 and gets
 * 免提交 for the licence the applicant holds at the hub, with the working days left, and prints
 * the 一次性告知书 with the material package's QR code. The applicant's credit code is typed into a
 * form body; no URL the browser requested carries it.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { BUSINESS_LICENSE } from '../licenses/license-payloads.js';
import { APPROVAL, COMPANY, publishCompanyLicence } from '../support/case-fixture.js';
import { launchChromium, signInThroughForm, type TestBrowser } from '../support/chromium.js';
import { enrolDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const FOOD_NEW = 'XH-SC-0001';

describe('case intake in chromium', () => {
  let fixture: HubFixture;
  let browser: TestBrowser;
  let licenceId: string;
  let password: string;

  beforeAll(async () => {
    browser = await launchChromium();
    fixture = await startHubFixture();
    const approval = await enrolDepartment(fixture, { ...APPROVAL, licenseTypes: [BUSINESS_LICENSE] });
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: XINHUA_CATALOGUE })).status).toBe(200);
    licenceId = await publishCompanyLicence(fixture, approval);
    const created = await fixture.call('POST', '/v1/users', { username: 'liu.window', role: 'clerk', department: APPROVAL.uscc });
    expect(created.status).toBe(201);
    password = ((await created.json()) as { password: string }).password;
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  it('opens a case, gets 免提交 for the held licence and prints the notice with the package QR', async () => {
    const page = await browser.newPage();
    await signInThroughForm(page, fixture.hub.url, 'liu.window', password);

    await page.getByRole('link', { name: '办件受理' }).click();
    await page.getByLabel('搜索事项（名称或编码）').fill(FOOD_NEW);
    await page.getByRole('button', { name: '筛选' }).click();
    expect(await page.locator('input[name="itemCode"]').count()).toBe(1);
    await page.locator('input[name="itemCode"]').check();
    await page.getByLabel('证件类型').selectOption('USCC');
    await page.getByLabel('证件号码').fill(COMPANY.id);
    await page.getByLabel('姓名或名称').fill(COMPANY.name);
    await browser.screenshot(page, 'clerk-case-intake');
    await page.getByRole('button', { name: '开始办件' }).click();
    await page.waitForURL(/\/console\/cases\/[0-9A-Za-z-]+$/);
    expect(await page.locator('#remaining-days').textContent()).toMatch(/\d+ 个工作日/);

    await page.getByRole('button', { name: '一键核验' }).click();
    await page.waitForSelector('#notice');
    const licenceRow = page.locator('#checklist tbody tr').filter({ hasText: licenceId });
    expect(await licenceRow.count()).toBe(1);
    expect(await licenceRow.textContent()).toContain('免提交 ✓');
    expect(await page.locator('#notice pre').textContent()).toContain('一次性告知书');
    expect(await page.locator('#package-qr svg path').count()).toBeGreaterThan(0);
    await browser.screenshot(page, 'clerk-case-checked');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('#checklist').isVisible()).toBe(false);
    expect(await page.locator('#notice').isVisible()).toBe(true);
    await browser.screenshot(page, 'clerk-case-notice-print');
    await page.close();

    const hub = new URL(fixture.hub.url).host;
    expect(browser.requests.filter((url) => new URL(url).host !== hub)).toEqual([]);
    expect(browser.requests.filter((url) => url.includes(COMPANY.id))).toEqual([]);
  });
});
