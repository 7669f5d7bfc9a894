/**
 * The console in a real browser (Debian chromium, headless) on a hub on real PostgreSQL: a clerk
 * signs in with the keyboard alone and verifies a valid, a revoked and a presented licence; hostile
 * licence content stays text; a security admin issues a certificate from a CSR file and revokes it,
 * and the CRL changes; an auditor checks the audit chains and opens a chart; another role's page is
 * a 403; and no page asks anything of a host other than the hub. axe-core checks the main pages.
 */
import { writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { makeCsr } from '../fixtures/pki.js';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { revokeLicence } from '../support/case-fixture.js';
import { launchChromium, staffAccounts, type TestBrowser } from '../support/chromium.js';
import { axeAtBothViewports } from '../support/page-checks.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
/** axe-core's WCAG 2.1 A/AA rules find nothing at 1280×800 nor at 768×1024. */
const NO_VIOLATIONS = { desktop: [], tablet: [] };
const ONE_PIXEL_PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==';
/** Markup, quotes and a right-to-left override in a licence a department sealed. */
const HOSTILE_NAME = `<script>window.__pwned=1</script>"'><img src=x onerror="window.__pwned=2">\u202Eevil`;

describe('console in chromium', () => {
  let fixture: HubFixture;
  let browser: TestBrowser;
  let samr: EnrolledDepartment;
  let validId: string;
  let revokedId: string;
  let hostileId: string;
  let validJws: string;
  let staff: ReturnType<typeof staffAccounts>;
  const account = (username: string, role: string, department?: string) => staff.create(username, role, department);
  const signedIn = (username: string) => staff.signedIn(username);

  const publish = async (number: string | undefined, issuerName?: string) => {
    const payload = examplePayload(FOOD_LICENSE, issuerName ? { ...SAMR, name: issuerName } : SAMR, number);
    const response = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(payload),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  beforeAll(async () => {
    browser = await launchChromium();
    fixture = await startHubFixture();
    staff = staffAccounts(fixture, browser);
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    validId = await publish('JY24313220009001');
    revokedId = await publish('JY24313220009002');
    // The issuer's name as sealed is shown to the clerk unmasked (the holder's would be masked).
    hostileId = await publish('JY24313220009003', HOSTILE_NAME);
    const revoked = await revokeLicence(fixture, samr, revokedId);
    expect(revoked.status).toBe(200);
    validJws = ((await (await fixture.call('GET', `/v1/licenses/${validId}`, undefined, samr.systemToken)).json()) as { jws: string }).jws;
    await account('chen.clerk', 'clerk', SERVICE_CENTRE.uscc);
    await account('li.admin', 'security-admin');
    await account('zhou.audit', 'auditor');
  });

  afterAll(async () => {
    await browser?.close();
    await fixture?.stop();
  });

  it('signs a clerk in with the keyboard alone', async () => {
    const page = await browser.newPage();
    await page.goto(`${fixture.hub.url}/console/login`);
    // The username field has the focus on arrival; Tab reaches the password; Enter submits.
    await page.keyboard.type('chen.clerk');
    await page.keyboard.press('Tab');
    await page.keyboard.type(staff.passwords['chen.clerk'] as string);
    await page.keyboard.press('Enter');
    await page.waitForURL(`${fixture.hub.url}/console`);
    expect(await page.getByRole('heading', { level: 1 }).textContent()).toBe('欢迎，chen.clerk');
    await browser.screenshot(page, 'clerk-home');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);
    await page.close();
  });

  it('verifies a valid licence (有效) with the receipt as a QR code, and a revoked one (无效 with the reason)', async () => {
    const page = await signedIn('chen.clerk');
    await page.getByRole('link', { name: '证照核验', exact: true }).click();
    await page.getByLabel('办件编号（必填）').fill('XH2026120700001');
    await page.locator('#licenseId').fill(validId);
    await page.getByRole('button', { name: '核验' }).click();
    await page.waitForSelector('.banner');
    expect(await page.locator('.banner').textContent()).toBe('有效');
    expect(await page.locator('#receipt-qr svg path').count()).toBeGreaterThan(0);
    expect(await page.getByRole('button', { name: '打印回执' }).isVisible()).toBe(true);
    await browser.screenshot(page, 'clerk-result-valid');
    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('header.top, .no-print').first().isVisible()).toBe(false);
    await browser.screenshot(page, 'clerk-receipt-print');
    await page.emulateMedia({ media: 'screen' });

    await page.goto(`${fixture.hub.url}/console/verify`);
    await page.getByLabel('办件编号（必填）').fill('XH2026120700002');
    await page.locator('#licenseId').fill(revokedId);
    await page.getByRole('button', { name: '核验' }).click();
    await page.waitForSelector('.banner');
    expect(await page.locator('.banner').textContent()).toBe('无效');
    expect(await page.locator('main').textContent()).toContain('证照状态：已吊销');
    await browser.screenshot(page, 'clerk-result-revoked');

    await page.getByRole('link', { name: '我的核验记录' }).first().click();
    const rows = page.locator('#recent tbody tr');
    expect(await rows.count()).toBe(2);
    expect(await rows.first().textContent()).toContain('XH2026120700002');
    await page.close();
  });

  it('verifies a presented licence pasted as its JWS', async () => {
    const page = await signedIn('chen.clerk');
    await page.goto(`${fixture.hub.url}/console/verify/presented`);
    await page.getByLabel('办件编号（必填）').fill('XH2026120700003');
    await page.locator('#presented').fill(validJws);
    await page.getByRole('button', { name: '核验' }).click();
    await page.waitForSelector('.banner');
    expect(await page.locator('.banner').textContent()).toBe('有效');
    await browser.screenshot(page, 'clerk-presented');
    await page.close();
  });

  it('shows hostile licence content as text: no script runs, an RTL override is shown as a marker', async () => {
    const page = await signedIn('chen.clerk');
    const dialogs: string[] = [];
    page.on('dialog', (dialog) => void (dialogs.push(dialog.message()), dialog.dismiss()));
    await page.goto(`${fixture.hub.url}/console/verify`);
    await page.getByLabel('办件编号（必填）').fill(`XH"'<b>`);
    await page.locator('#licenseId').fill(hostileId);
    await page.getByRole('button', { name: '核验' }).click();
    await page.waitForSelector('.banner');
    const main = (await page.locator('main').textContent()) as string;
    expect(main).toContain(`XH"'<b>`);
    expect(main).toContain(`<script>window.__pwned=1</script>"'><img src=x onerror="window.__pwned=2">`);
    // The override is shown as a visible marker, never applied to the text after it.
    expect(main).toContain('[U+202E]evil');
    expect(main).not.toContain('\u202E');
    expect(await page.evaluate('typeof window.__pwned')).toBe('undefined');
    expect(await page.locator('main script, main img[src="x"]').count()).toBe(0);
    expect(dialogs).toEqual([]);
    await page.close();
  });

  it('answers another role’s page with 403 naming who may open it', async () => {
    const page = await signedIn('chen.clerk');
    const response = await page.goto(`${fixture.hub.url}/console/admin/certificates`);
    expect(response?.status()).toBe(403);
    expect(await page.locator('main').textContent()).toContain('此页面仅限安全管理员使用；您的角色（窗口人员）不能访问。');
    expect(await page.getByRole('link', { name: '证书' }).count()).toBe(0);
    await page.close();
  });

  it('lets a security admin issue a certificate from a CSR file and revoke it; the CRL changes', async () => {
    const page = await signedIn('li.admin');
    const crlBefore = Buffer.from(await (await fetch(`${fixture.hub.url}/v1/pki/crl`)).arrayBuffer());
    await page.getByRole('link', { name: '证书', exact: true }).click();
    const numberBefore = Number(await page.locator('#crl-number').textContent());
    await browser.screenshot(page, 'admin-certificates');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);
    const csrFile = path.join(tmpdir(), `zz-console-${process.pid}.csr`);
    writeFileSync(csrFile, await makeCsr('P-256'));
    await page.locator('#csr').setInputFiles(csrFile);
    await page.getByLabel('证书类型').last().selectOption('seal');
    await page.locator('form[enctype] #department').selectOption(SAMR.uscc);
    await page.getByLabel('印章名称（电子印章证书必填）').fill('新化县市场监督管理局业务专用章');
    const impression = path.join(tmpdir(), `zz-console-${process.pid}.png`);
    writeFileSync(impression, Buffer.from(ONE_PIXEL_PNG, 'base64'));
    await page.locator('#sealImage').setInputFiles(impression);
    await page.getByRole('button', { name: '签发证书' }).click();
    await page.waitForSelector('.ok');
    const issued = /序列号 ([0-9a-f]+)/.exec((await page.locator('.ok').textContent()) as string)?.[1] as string;
    expect(issued).toMatch(/^[0-9a-f]+$/);
    expect(await page.locator('#certificate-status').textContent()).toBe('有效');
    // The impression is served by the hub to the signed-in admin and drawn by the browser.
    expect(await page.getByRole('img', { name: '新化县市场监督管理局业务专用章' }).count()).toBe(1);
    await page.waitForFunction('[...document.images].some((img) => img.complete && img.naturalWidth === 1)');

    await page.getByLabel('原因').selectOption('keyCompromise');
    await page.getByRole('button', { name: '吊销' }).click();
    // The confirm step names the action and the reason before anything happens.
    expect(await page.locator('main').textContent()).toContain(`确认对证书 ${issued} 执行「吊销（密钥泄露）」`);
    expect(await (await fixture.call('GET', `/v1/pki/certificates/${issued}`)).json()).toMatchObject({ status: 'valid' });
    await page.getByRole('button', { name: '确认' }).click();
    await page.waitForSelector('.ok');
    expect(await page.locator('#certificate-status').textContent()).toBe('已吊销');
    await browser.screenshot(page, 'admin-certificate-revoked');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);

    await page.goto(`${fixture.hub.url}/console/admin/certificates`);
    expect(Number(await page.locator('#crl-number').textContent())).toBeGreaterThan(numberBefore);
    const crlAfter = Buffer.from(await (await fetch(`${fixture.hub.url}/v1/pki/crl`)).arrayBuffer());
    expect(crlAfter.equals(crlBefore)).toBe(false);
    expect(await (await fixture.call('GET', `/v1/pki/certificates/${issued}`)).json()).toMatchObject({
      status: 'revoked',
      revocationReason: 'keyCompromise',
    });

    // Reading rights per licence type: the service centre may now read the food licence's public fields.
    await page.getByRole('link', { name: '证照类型权限' }).click();
    await page.getByLabel('证照类型').selectOption(FOOD_LICENSE);
    await page.getByLabel('部门', { exact: true }).selectOption(SERVICE_CENTRE.uscc);
    await page.getByLabel('权限').selectOption('read');
    await page.getByRole('button', { name: '授权' }).click();
    await page.waitForSelector('.ok');
    const food = page.locator('#rights tbody tr').filter({ hasText: FOOD_LICENSE });
    expect(await food.locator('td').nth(1).textContent()).toContain(SAMR.name);
    expect(await food.locator('td').nth(2).textContent()).toContain(SERVICE_CENTRE.name);

    // A department's webhook endpoint and its health, from the subscription made through the API.
    const subscribed = await fixture.call('POST', '/v1/webhooks/subscriptions', {
      department: SAMR.uscc,
      url: 'https://samr.example.gov.cn/zz-events',
      typeCodes: [FOOD_LICENSE],
    });
    expect(subscribed.status).toBe(201);
    await page.getByRole('link', { name: '事件订阅' }).click();
    const row = page.locator('#webhooks tbody tr');
    expect(await row.count()).toBe(1);
    expect(await row.textContent()).toContain('https://samr.example.gov.cn/zz-events');
    expect(await row.textContent()).toContain('正常');
    await browser.screenshot(page, 'admin-webhooks');
    await page.close();
  });

  it('lets an auditor verify the audit chains and open a chart with its CSV', async () => {
    const page = await signedIn('zhou.audit');
    await page.getByRole('link', { name: '审计链校验' }).click();
    await page.getByRole('button', { name: '运行校验' }).click();
    await page.waitForSelector('#audit-verdict');
    expect(await page.locator('#audit-verdict').textContent()).toBe('所有审计链完整，未发现篡改。');
    await browser.screenshot(page, 'auditor-chain');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);

    await page.getByRole('link', { name: '审计日志' }).click();
    await page.getByLabel('操作', { exact: true }).fill('license.verify');
    await page.getByLabel('办件编号', { exact: true }).fill('XH2026120700002');
    await page.getByRole('button', { name: '筛选' }).click();
    const rows = page.locator('#audit-entries tbody tr');
    expect(await rows.count()).toBe(1);
    expect(await rows.first().textContent()).toContain(revokedId);
    await browser.screenshot(page, 'auditor-log');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);

    await page.getByRole('link', { name: '统计' }).click();
    expect(Number(await page.locator('#stats-total').textContent())).toBeGreaterThanOrEqual(3);
    const chart = page.locator('#chart-per-department');
    expect(await chart.isVisible()).toBe(true);
    expect(await chart.locator('text').allTextContents()).toContain(SERVICE_CENTRE.name);
    await browser.screenshot(page, 'auditor-stats');
    expect(await axeAtBothViewports(page)).toEqual(NO_VIOLATIONS);
    const download = await page.request.get(`${fixture.hub.url}/console/stats/csv/per-department`);
    expect(download.status()).toBe(200);
    expect(await download.text()).toContain(SERVICE_CENTRE.name);
    await page.close();
  });

  it('never requested anything from a host other than the hub', () => {
    const hub = new URL(fixture.hub.url).host;
    expect(browser.requests.length).toBeGreaterThan(20);
    expect(browser.requests.filter((url) => new URL(url).host !== hub)).toEqual([]);
  });
});
