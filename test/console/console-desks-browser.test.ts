/**
 * The console's desks in a real browser (Debian chromium, headless) on real PostgreSQL, beyond the
 * clerk's first day: the sign-in, verification, webhook, catalogue and supervision pages in English
 * (every label from the
 * message files; Chinese only where it is data), axe-core's WCAG 2.1 AA rules on each page at
 * 1280×800 and 768×1024, and the security admin's catalogue editor — a refused item comes back with
 * its wrong fields named, a saved draft is published and served by the public catalogue API, and a
 * hostile item name stays text.
 */
import type { Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { launchChromium, staffAccounts, type TestBrowser } from '../support/chromium.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { axeAtBothViewports, chineseOutsideData } from '../support/page-checks.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const HOSTILE = `<script>window.__pwned=1</script>"'><img src=x onerror="window.__pwned=2">食品抽检`;
const ITEM = 'XH-SC-0901';
const noViolations = { desktop: [], tablet: [] };

describe('console desks in chromium', () => {
  let fixture: HubFixture;
  let browser: TestBrowser;
  let samr: EnrolledDepartment;
  let licenceId: string;
  let staff: ReturnType<typeof staffAccounts>;
  const account = (username: string, role: string, department?: string) => staff.create(username, role, department);
  const signedIn = (username: string) => staff.signedIn(username);

  /** Switches the page to English through the top bar, as a user would. */
  async function toEnglish(page: Page): Promise<void> {
    await page.getByRole('link', { name: 'English' }).click();
    await page.waitForSelector('html[lang="en"]');
  }

  beforeAll(async () => {
    browser = await launchChromium();
    fixture = await startHubFixture();
    staff = staffAccounts(fixture, browser);
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220009101')),
    });
    expect(published.status).toBe(201);
    licenceId = ((await published.json()) as { id: string }).id;
    await account('ma.clerk', 'clerk', SAMR.uscc);
    await account('tang.admin', 'security-admin');
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  it('has page checks that catch what they look for: a field without a label, a Chinese label on an English page', async () => {
    const page = await browser.newPage();
    await page.setContent(
      '<html lang="en"><head><title>t</title></head><body><main><h1>x</h1><input id="x"><p>中文标签</p><p lang="zh-CN">数据</p></main></body></html>',
    );
    expect((await axeAtBothViewports(page)).desktop?.map((v) => v.id)).toContain('label');
    expect(await chineseOutsideData(page)).toEqual(['P: 中文标签']);
    await page.close();
  });

  it('signs in from an English sign-in page that passes axe', async () => {
    const page = await browser.newPage();
    await page.context().clearCookies();
    await page.goto(`${fixture.hub.url}/console/login`);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await toEnglish(page);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await browser.screenshot(page, 'login-en');
    await page.getByLabel('Username').fill('ma.clerk');
    await page.getByLabel('Password').fill(staff.passwords['ma.clerk'] as string);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.waitForURL(`${fixture.hub.url}/console`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('Welcome, ma.clerk');
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.close();
  });

  it('verifies a licence in English: the form and the result speak English, the licence stays as sealed', async () => {
    const page = await signedIn('ma.clerk');
    await page.goto(`${fixture.hub.url}/console/verify`);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await toEnglish(page);
    expect(await chineseOutsideData(page)).toEqual([]);
    await page.getByLabel('Case number (required)').fill('XH2026120700901');
    await page.locator('#licenseId').fill(licenceId);
    await page.getByRole('button', { name: 'Verify', exact: true }).click();
    await page.waitForSelector('.banner');
    expect(await page.locator('.banner').textContent()).toBe('Valid');
    expect(await page.locator('main').textContent()).toContain(SAMR.name);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await browser.screenshot(page, 'clerk-result-en');
    await page.goto(`${fixture.hub.url}/console/verify/presented`);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.close();
  });

  it('shows a security admin the webhooks in English, passing axe', async () => {
    const subscribed = await fixture.call('POST', '/v1/webhooks/subscriptions', {
      department: SAMR.uscc,
      url: 'https://samr.example.gov.cn/zz-events',
      typeCodes: [FOOD_LICENSE],
    });
    expect(subscribed.status).toBe(201);
    const page = await signedIn('tang.admin');
    await page.getByRole('link', { name: '事件订阅' }).click();
    expect(await page.locator('#webhooks tbody tr').textContent()).toContain('正常');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await toEnglish(page);
    expect(await page.locator('#webhooks tbody tr').textContent()).toContain('Healthy');
    expect(await chineseOutsideData(page)).toEqual([]);
    await page.locator('#webhooks tbody a').click();
    await page.waitForSelector('h1');
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await browser.screenshot(page, 'admin-webhook-deliveries-en');
    await page.close();
  });

  it('lets a security admin write an item with its materials and fees, refuses a contradiction, and publishes it', async () => {
    const page = await signedIn('tang.admin');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
    await page.getByRole('link', { name: '事项清单' }).click();
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.getByRole('link', { name: '新增事项' }).click();
    await page.getByLabel('事项编码').fill(ITEM);
    await page.getByLabel('事项名称').fill(HOSTILE);
    await page.getByLabel('牵头部门').selectOption(SAMR.uscc);
    await page.getByLabel('法定时限（工作日）').fill('20');
    // A promise longer than the law allows: refused, the field named, the input kept.
    await page.getByLabel('承诺时限（工作日）').fill('25');
    await page.getByLabel('设定依据').fill('《中华人民共和国食品安全法》');
    await page.getByLabel('材料编号（第 1 行）').fill('M1');
    await page.getByLabel('材料名称（第 1 行）').fill('食品经营许可证');
    await page.getByLabel('来源（第 1 行）').selectOption('license');
    await page.getByLabel('证照类型编码 / 文书种类（第 1 行）').fill(FOOD_LICENSE);
    await page.getByLabel('材料编号（第 2 行）').fill('M2');
    await page.getByLabel('材料名称（第 2 行）').fill('食品安全承诺书');
    await page.getByLabel('来源（第 2 行）').selectOption('commitment');
    await page.getByLabel('收费项目（第 1 行）').fill('工本费');
    await page.getByLabel('金额（元）（第 1 行）').fill('10.00');
    await page.getByLabel('收费依据（第 1 行）').fill('县发改〔2024〕1号');
    await browser.screenshot(page, 'admin-catalogue-new');
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    const refused = page.waitForResponse((r) => r.url().endsWith('/console/admin/catalogue/item') && r.request().method() === 'POST');
    await page.getByRole('button', { name: '保存草稿' }).click();
    expect((await refused).status()).toBe(422);
    expect(await page.locator('#catalogue-errors').textContent()).toContain('/promisedDays');
    expect(await page.getByLabel('材料名称（第 2 行）').inputValue()).toBe('食品安全承诺书');

    await page.getByLabel('承诺时限（工作日）').fill('10');
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForSelector('.ok');
    expect(await page.locator('.ok').textContent()).toBe(`已保存事项 ${ITEM} 的草稿（版本 1）。`);
    // Hostile content in the item's name is text in the field and on the page, never markup.
    expect(await page.getByLabel('事项名称').inputValue()).toBe(HOSTILE);
    await page.getByRole('button', { name: '公布' }).click();
    await page.waitForSelector('.ok');
    expect(await page.locator('.ok').textContent()).toContain(`已公布事项 ${ITEM}`);
    expect(await page.locator('#catalogue-published').textContent()).toContain(HOSTILE);
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('main script, main img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await browser.screenshot(page, 'admin-catalogue-published');
    await page.close();

    const item = await fetch(`${fixture.hub.url}/v1/catalogue/items/${ITEM}`);
    expect(item.status).toBe(200);
    expect(await item.json()).toMatchObject({
      name: HOSTILE,
      promisedDays: 10,
      materials: [
        { code: 'M1', source: { kind: 'license', typeCode: FOOD_LICENSE } },
        { code: 'M2', source: { kind: 'commitment' } },
      ],
      fees: [{ name: '工本费', amountYuan: '10.00' }],
    });
    const audit = await fixture.call(
      'GET',
      `/v1/audit?action=catalogue.publish&target=${ITEM}`,
      undefined,
      await fixture.mintToken('auditor'),
    );
    expect(((await audit.json()) as { items: unknown[] }).items).toHaveLength(1);

    // A clerk may not edit the catalogue: 403 naming who may.
    const clerk = await signedIn('ma.clerk');
    const response = await clerk.goto(`${fixture.hub.url}/console/admin/catalogue`);
    expect(response?.status()).toBe(403);
    expect(await clerk.locator('main').textContent()).toContain('安全管理员');
    await clerk.close();
  });

  it('shows a security admin the catalogue in English, and after a posted form the switch goes back to the item', async () => {
    // The item published by the test above; its form is a page with a query string.
    const page = await signedIn('tang.admin');
    await page.goto(`${fixture.hub.url}/console/admin/catalogue/item?code=${ITEM}`);
    await page.getByRole('button', { name: '保存草稿' }).click();
    await page.waitForSelector('.ok');
    await toEnglish(page);
    expect(page.url()).toBe(`${fixture.hub.url}/console/admin/catalogue/item?code=${ITEM}`);
    expect(await page.getByRole('button', { name: 'Save draft' }).isVisible()).toBe(true);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await page.goto(`${fixture.hub.url}/console/admin/catalogue`);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await browser.screenshot(page, 'admin-catalogue-en');
    await page.close();
  });

  it('shows an auditor supervision in English over the last 90 days, and the switch keeps the period asked for', async () => {
    await account('lu.auditor', 'auditor');
    const page = await signedIn('lu.auditor');
    await page.getByRole('link', { name: '督查' }).click();
    const today = new Date(Date.now() + 8 * 3600_000);
    const day = (at: Date) => at.toISOString().slice(0, 10);
    expect(await page.locator('main .note').first().textContent()).toBe(
      `统计区间：${day(new Date(today.getTime() - 89 * 86_400_000))} 至 ${day(today)}（受理日期）`,
    );
    await page.getByLabel('起始日期').fill('2026-01-01');
    await page.getByRole('button', { name: '筛选' }).click();
    await page.waitForURL(/from=2026-01-01/);
    await toEnglish(page);
    expect(new URL(page.url()).searchParams.get('from')).toBe('2026-01-01');
    expect(await page.locator('main .note').first().textContent()).toBe(`Cases opened from 2026-01-01 to ${day(today)}`);
    expect(await chineseOutsideData(page)).toEqual([]);
    expect(await axeAtBothViewports(page)).toEqual(noViolations);
    await browser.screenshot(page, 'auditor-supervision-en');
    await page.close();
  });

  it('never requested anything from a host other than the hub', () => {
    const hub = new URL(fixture.hub.url).host;
    expect(browser.requests.filter((url) => new URL(url).host !== hub)).toEqual([]);
  });
});
