/**
 * The clerk's verification pages on real PostgreSQL, used as a clerk at the counter would: signed in
 * through the form, verifying published licences by identifier, by number and as presented (QR
 * content and licence file), with every refusal shown on the form and CSRF enforced on each POST.
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { Browser, formToken, type HttpResult } from '../users/console-client.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const OTHER_SAMR = { uscc: '11431322006123460L', name: '新化县食品药品监督管理局' };
const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const VALID_NUMBER = 'JY24313220003001';
const HOLDER_ID = '92431322MA4L0ABC15';

/** A multipart form as a browser would send it, for node:http (the console client sends strings). */
async function multipart(fields: Record<string, string | File>): Promise<{ body: string; type: string }> {
  const form = new FormData();
  for (const [name, value] of Object.entries(fields)) form.append(name, value);
  const request = new Request('http://localhost/', { method: 'POST', body: form });
  return { body: await request.text(), type: request.headers.get('content-type') as string };
}

/** The rows of the checks table: label → the result cell's class and the reason cell's text. */
function checkRows(html: string): Record<string, { mark: string; reason: string }> {
  const rows: Record<string, { mark: string; reason: string }> = {};
  for (const m of html.matchAll(/<tr><th scope="row">([^<]+)<\/th><td class="(\w+)">[^<]*<\/td><td>(.*?)<\/td><\/tr>/g)) {
    rows[m[1] as string] = { mark: m[2] as string, reason: (m[3] as string).replace(/<[^>]+>/g, '') };
  }
  return rows;
}

describe('clerk verification console', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let clerk: Browser;
  let validId: string;
  let revokedId: string;
  let validJws: string;

  const publish = async (department: EnrolledDepartment, issuer: typeof SAMR, number: string, on = fixture) => {
    const response = await fetch(`${on.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${department.systemToken}`, 'content-type': 'application/jose' },
      body: department.seal(examplePayload(FOOD_LICENSE, issuer, number)),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  async function signIn(username: string, role: string, from: string, on = fixture): Promise<Browser> {
    const created = await on.call('POST', '/v1/users', {
      username,
      role,
      ...(role === 'clerk' ? { department: SERVICE_CENTRE.uscc } : {}),
    });
    expect(created.status).toBe(201);
    const browser = new Browser(on.hub.url, from);
    expect((await browser.logIn(username, ((await created.json()) as { password: string }).password)).status).toBe(303);
    return browser;
  }

  /** Opens the form (as the clerk does) and submits it with the form's own token. */
  async function submit(fields: Record<string, string>, browser = clerk): Promise<HttpResult> {
    const form = await browser.send('/console/verify');
    return browser.postForm('/console/verify', { _csrf: formToken(form.text), ...fields });
  }

  async function present(fields: Record<string, string | File>): Promise<HttpResult> {
    const form = await clerk.send('/console/verify/presented');
    const { body, type } = await multipart({ _csrf: formToken(form.text), ...fields });
    return clerk.send('/console/verify/presented', { method: 'POST', headers: { 'content-type': type }, body });
  }

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    validId = await publish(samr, SAMR, VALID_NUMBER);
    revokedId = await publish(samr, SAMR, 'JY24313220003002');
    const revoked = await fetch(`${fixture.hub.url}/v1/licenses/${revokedId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(
        { licenseId: revokedId, status: 'revoked', reason: '依法吊销', effectiveAt: new Date().toISOString() },
        'zz-license-status+jws',
      ),
    });
    expect(revoked.status).toBe(200);
    validJws = ((await (await fixture.call('GET', `/v1/licenses/${validId}`, undefined, samr.systemToken)).json()) as { jws: string }).jws;
    clerk = await signIn('wang.li', 'clerk', '127.0.0.71');
  });
  afterAll(async () => fixture?.stop());

  it('sends anonymous visitors to the sign-in form, for the pages and their POSTs', async () => {
    const anonymous = new Browser(fixture.hub.url, '127.0.0.72');
    for (const path of ['/console/verify', '/console/verify/presented']) {
      expect((await anonymous.send(path)).headers.location).toBe('/console/login');
      const posted = await anonymous.postForm(path, { caseNo: 'XH1', licenseId: validId });
      expect(posted.status).toBe(303);
      expect(posted.headers.location).toBe('/console/login');
    }
  });

  it('links both pages from the landing page for clerks; other roles are told who may verify', async () => {
    const home = await clerk.send('/console');
    expect(home.text).toContain('href="/console/verify"');
    expect(home.text).toContain('href="/console/verify/presented"');
    const auditor = await signIn('zhao.min', 'auditor', '127.0.0.73');
    const theirs = await auditor.send('/console');
    expect(theirs.text).not.toContain('href="/console/verify"');
    expect(theirs.text).toContain('证照核验仅限部门管理员、窗口人员');
    const refused = await auditor.send('/console/verify');
    expect(refused.status).toBe(403);
    expect(refused.text).toContain('您的角色（督查人员）不能核验证照');
  });

  it('verifies a licence by identifier: 有效, four passing checks, masked holder and a receipt that verifies', async () => {
    const form = await clerk.send('/console/verify');
    expect(form.status).toBe(200);
    expect(form.headers['content-security-policy']).toContain("default-src 'none'");
    expect(form.text).toContain(`<option value="${FOOD_LICENSE}" lang="zh-CN">`);

    const result = await submit({
      caseNo: 'XH2026112400123',
      serviceItem: '食品经营许可（变更）',
      licenseId: validId,
      holderId: HOLDER_ID,
    });
    expect(result.status).toBe(200);
    expect(result.headers['cache-control']).toBe('no-store');
    expect(result.text).toContain('<div class="banner valid" role="status">有效</div>');
    const rows = checkRows(result.text);
    expect(Object.keys(rows)).toEqual(['完整性', '颁发机构', '证照状态', '持证人']);
    expect(Object.values(rows).every((r) => r.mark === 'pass')).toBe(true);
    expect(result.text).toMatch(/<dt>持证人<\/dt><dd><span lang="zh-CN">新\*+馆<\/span><\/dd>/);
    expect(result.text).not.toContain(HOLDER_ID);
    expect(result.text).toContain(VALID_NUMBER);
    expect(result.text).toContain(SAMR.name);
    expect(result.text).toContain(`${fixture.hub.url}/.well-known/jwks.json`);

    const receipt = /<textarea id="receipt" rows="5" readonly>([^<]+)<\/textarea>/.exec(result.text)?.[1] as string;
    const checked = (await (
      await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt }),
      })
    ).json()) as { valid: boolean; claims: { jti: string; caseNo: string; actor: string } };
    expect(checked.valid).toBe(true);
    expect(checked.claims).toMatchObject({ caseNo: 'XH2026112400123', actor: 'user:wang.li' });
    expect(result.text).toContain(`回执编号：<code>${checked.claims.jti}</code>`);
  });

  it('shows a revoked licence found by number as 无效 with its status', async () => {
    const result = await submit({ caseNo: 'XH2', number: 'JY24313220003002', typeCode: FOOD_LICENSE });
    expect(result.status).toBe(200);
    expect(result.text).toContain('<div class="banner invalid" role="status">无效</div>');
    expect(checkRows(result.text)['证照状态']).toEqual({ mark: 'fail', reason: '证照状态：已吊销 ERR_LICENSE_REVOKED' });
    expect(checkRows(result.text)['完整性']?.mark).toBe('pass');
  });

  it('marks a wrong holder as not passing without revealing the stored one', async () => {
    const result = await submit({ caseNo: 'XH3', licenseId: validId, holderName: '张三' });
    expect(result.text).toContain('无效');
    expect(checkRows(result.text)['持证人']).toEqual({ mark: 'fail', reason: '持证主体与证照不符 ERR_HOLDER_MISMATCH' });
  });

  it('says 未找到 for an unknown number', async () => {
    const result = await submit({ caseNo: 'XH4', number: 'JY24313229999999' });
    expect(result.text).toContain('<div class="banner not_found" role="status">未找到</div>');
  });

  it('refuses a wrong check character, naming the expected one on the identifier field', async () => {
    const wrong = validId.slice(0, -1) + (validId.endsWith('A') ? 'B' : 'A');
    const result = await submit({ caseNo: 'XH5', licenseId: wrong });
    expect(result.status).toBe(422);
    expect(result.text).toContain(`校验位错误，应为 ${validId.slice(-1)}`);
    expect(result.text).toMatch(/id="licenseId" name="licenseId" value="[^"]+" maxlength="200" spellcheck="false" aria-invalid="true"/);
  });

  it('refuses a form without a case number and writes no audit entry for it', async () => {
    const [{ before }] = (await fixture.db.sql`select count(*)::int as before from audit_log`) as unknown as [{ before: number }];
    const result = await submit({ caseNo: '', licenseId: validId });
    expect(result.status).toBe(422);
    expect(result.text).toContain('请填写办件编号');
    expect(result.text).toMatch(/id="caseNo"[^>]*aria-invalid="true"/);
    expect(result.text).toContain(`value="${validId}"`);
    const [{ after }] = (await fixture.db.sql`select count(*)::int as after from audit_log`) as unknown as [{ after: number }];
    expect(after).toBe(before);
  });

  it('lists the candidates when a number belongs to several licences (409)', async () => {
    const other = await enrolDepartment(fixture, { ...OTHER_SAMR, licenseTypes: [FOOD_LICENSE] });
    await publish(other, OTHER_SAMR, 'JY24313220003009');
    await publish(samr, SAMR, 'JY24313220003009');
    const result = await submit({ caseNo: 'XH6', number: 'JY24313220003009' });
    expect(result.status).toBe(409);
    expect(result.text).toContain('该证照编号对应多份证照');
    expect(result.text).toContain(`颁发机构 <code>${OTHER_SAMR.uscc}</code>`);
    expect(result.text).toMatch(/<select id="typeCode" name="typeCode" aria-invalid="true"/);
  });

  it('verifies presented QR content and a licence file, and fails a forged JWS on integrity', async () => {
    const qr = `ZZ1:${validId}:${createHash('sha256').update(validJws).digest('hex')}`;
    const byQr = await present({ caseNo: 'XH7', presented: qr });
    expect(byQr.status).toBe(200);
    expect(byQr.text).toContain('有效');
    const rows = checkRows(byQr.text);
    expect(Object.keys(rows)).toEqual(['完整性', '颁发机构', '枢纽登记', '证照状态']);
    expect(Object.values(rows).every((r) => r.mark === 'pass')).toBe(true);

    const byFile = await present({ caseNo: 'XH8', file: new File([`${validJws}\n`], 'licence.jws', { type: 'application/jose' }) });
    expect(byFile.text).toContain('<div class="banner valid" role="status">有效</div>');

    const [h, , s] = validJws.split('.');
    const forgedPayload = Buffer.from(
      JSON.stringify({ ...examplePayload(FOOD_LICENSE, SAMR, VALID_NUMBER), validUntil: '2099-12-31' }),
    ).toString('base64url');
    const forged = await present({ caseNo: 'XH9', presented: `${h}.${forgedPayload}.${s}` });
    expect(forged.text).toContain('无效');
    expect(checkRows(forged.text)['完整性']).toMatchObject({ mark: 'fail', reason: expect.stringContaining('ERR_JWS_SIGNATURE_INVALID') });

    const malformed = await present({ caseNo: 'XH10', presented: 'ZZ1:nonsense' });
    expect(malformed.status).toBe(422);
    expect(malformed.text).toContain('二维码内容格式不正确');
  });

  it('refuses POSTs without the session token (403), on both forms', async () => {
    const plain = await clerk.postForm('/console/verify', { caseNo: 'XH11', licenseId: validId });
    expect(plain.status).toBe(403);
    expect(plain.text).toContain('页面已过期或来源不明');
    expect(plain.text).not.toContain('class="banner');
    const wrong = await clerk.postForm('/console/verify', { caseNo: 'XH11', licenseId: validId, _csrf: 'x'.repeat(43) });
    expect(wrong.status).toBe(403);
    const { body, type } = await multipart({ caseNo: 'XH11', presented: validJws });
    expect((await clerk.send('/console/verify/presented', { method: 'POST', headers: { 'content-type': type }, body })).status).toBe(403);
  });

  it('tells a clerk in Chinese when holder checks are paused after repeated misses (429), keeping the form', async () => {
    const guesser = await signIn('li.cai', 'clerk', '127.0.0.74');
    for (let i = 0; i < 10; i++) {
      const missed = await submit({ caseNo: 'XH13', licenseId: validId, holderName: `张${i}` }, guesser);
      expect(missed.status).toBe(200);
    }
    const paused = await submit({ caseNo: 'XH13', licenseId: validId, holderId: HOLDER_ID }, guesser);
    expect(paused.status).toBe(429);
    expect(paused.text).toContain(`持证主体核对失败次数过多，已暂停核对，请 ${paused.headers['retry-after']} 秒后再试。`);
    expect(paused.text).toContain(`value="${validId}"`);
  });

  // On a hub of its own allowing one verification a second, so the limit is reached however slowly
  // a loaded machine serves the burst (at the default 20 a second it might never be).
  it('asks a clerk verifying too fast to wait (429 with Retry-After), keeping the form', async () => {
    const strict = await startHubFixture({ ZZ_VERIFY_RATE_USER: '1' });
    try {
      const department = await enrolDepartment(strict, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
      await strict.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
      const licenseId = await publish(department, SAMR, VALID_NUMBER, strict);
      const hurried = await signIn('zhao.min', 'clerk', '127.0.0.79', strict);
      const token = formToken((await hurried.send('/console/verify')).text);
      const burst = await Promise.all(
        Array.from({ length: 20 }, () => hurried.postForm('/console/verify', { _csrf: token, caseNo: 'XH12', licenseId })),
      );
      const limited = burst.find((r) => r.status === 429);
      expect(limited?.headers['retry-after']).toMatch(/^[1-9]\d*$/);
      expect(limited?.text).toContain(`核验过于频繁，请 ${limited?.headers['retry-after']} 秒后再试。`);
      expect(limited?.text).toContain(`value="${licenseId}"`);
    } finally {
      await strict.stop();
    }
  });
});
