/**
 * The console sign-in on real PostgreSQL: cookie attributes, session use and end, CSRF on forms and
 * API calls, no account enumeration, and the persisted back-off (across a restart and across two
 * hub instances on one database).
 */
import { createHash } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { RunningHub } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { api, bootstrapToken, Browser, formToken, startTestHub, tempDir, uscc } from './console-client.js';

const DEPT = uscc('11431322006123456');

describe('console sign-in', () => {
  let db: TestDatabase;
  let hub: RunningHub;
  let admin: string;
  const dataDir = tempDir();
  const passwords = new Map<string, string>();

  async function account(username: string, role = 'clerk'): Promise<string> {
    const body = role === 'clerk' || role === 'dept-admin' ? { username, role, department: DEPT } : { username, role };
    const response = await api(hub.url, admin, 'POST', '/v1/users', body);
    expect(response.status).toBe(201);
    passwords.set(username, response.json().password);
    return response.json().password;
  }

  beforeAll(async () => {
    db = await createTestDatabase();
    hub = await startTestHub(db.url, silentLogger, dataDir);
    admin = bootstrapToken(dataDir);
    expect(
      (await api(hub.url, admin, 'POST', '/v1/departments', { uscc: DEPT, name: '新化县市场监督管理局', level: 'county' })).status,
    ).toBe(201);
  });
  afterAll(async () => {
    await hub?.stop('test done');
    await db?.drop();
  });

  it('sends anonymous visitors of /console to the sign-in form', async () => {
    const response = await new Browser(hub.url).send('/console');
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/console/login');
  });

  it('serves a Chinese sign-in form with a form token bound to a SameSite=Strict cookie', async () => {
    const response = await new Browser(hub.url).send('/console/login');
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toMatch(/^text\/html/);
    expect(response.headers['cache-control']).toBe('no-store');
    expect(response.headers['content-security-policy']).toContain("default-src 'none'");
    expect(response.text).toContain('工作人员登录');
    const cookie = response.setCookies.find((c) => c.startsWith('zz_login_csrf='));
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    expect(cookie).toContain(`zz_login_csrf=${formToken(response.text)};`);
  });

  it('signs in by form: HttpOnly SameSite=Strict session cookie, stored only as a digest', async () => {
    const password = await account('chen.jing');
    const browser = new Browser(hub.url, '127.0.0.31');
    const response = await browser.logIn('chen.jing', password);
    expect(response.status).toBe(303);
    expect(response.headers.location).toBe('/console');
    const cookie = response.setCookies.find((c) => c.startsWith('zz_session=')) as string;
    expect(cookie).toBeDefined();
    const attributes = cookie.split(';').map((a) => a.trim());
    expect(attributes).toEqual(expect.arrayContaining(['HttpOnly', 'SameSite=Strict', 'Path=/']));
    expect(attributes).not.toContain('Secure');
    const sessionId = browser.cookies.get('zz_session') as string;
    expect(sessionId).toMatch(/^[A-Za-z0-9_-]{43}$/);

    const rows = await db.sql`select id_hash, csrf_token, expires_at, created_at from sessions where username = 'chen.jing'`;
    expect(rows).toHaveLength(1);
    expect(Buffer.from(rows[0]?.id_hash).equals(createHash('sha256').update(sessionId).digest())).toBe(true);
    expect(JSON.stringify(await db.sql`select * from sessions`)).not.toContain(sessionId);
    expect(rows[0]?.expires_at.getTime() - rows[0]?.created_at.getTime()).toBe(8 * 3600_000);

    const home = await browser.send('/console');
    expect(home.status).toBe(200);
    expect(home.text).toContain('欢迎，chen.jing');
    expect(home.text).toContain('窗口人员');
    expect(home.text).toContain(`<span lang="zh-CN">新化县市场监督管理局</span> ${DEPT}`);
    expect(home.text).toContain('action="/console/logout"');
    expect(formToken(home.text)).toBe(rows[0]?.csrf_token);
    // Signed in, the form sends the browser on to the console.
    expect((await browser.send('/console/login')).headers.location).toBe('/console');
  });

  it('refuses a sign-in form without its token, or with another one (login CSRF)', async () => {
    const password = await account('he.ping');
    const foreign = new Browser(hub.url, '127.0.0.32');
    const noCookie = await foreign.postForm('/console/login', { username: 'he.ping', password, _csrf: 'x'.repeat(43) });
    expect(noCookie.status).toBe(403);
    expect(noCookie.setCookies.some((c) => c.startsWith('zz_session='))).toBe(false);
    expect(noCookie.text).toContain('登录页面已过期');

    const browser = new Browser(hub.url, '127.0.0.32');
    await browser.send('/console/login');
    const mismatched = await browser.postForm('/console/login', { username: 'he.ping', password, _csrf: 'y'.repeat(43) });
    expect(mismatched.status).toBe(403);
    // The re-rendered form carries a fresh, working token.
    const retry = await browser.postForm('/console/login', { username: 'he.ping', password, _csrf: formToken(mismatched.text) });
    expect(retry.status).toBe(303);
  });

  it('requires the session CSRF token on cookie-authenticated POSTs, to the API and to the console', async () => {
    await account('sec.zhou', 'security-admin');
    const browser = new Browser(hub.url, '127.0.0.33');
    expect((await browser.logIn('sec.zhou', passwords.get('sec.zhou') as string)).status).toBe(303);
    const csrf = await browser.csrfToken();

    const noToken = await browser.postJson('/v1/users', { username: 'by.cookie1', role: 'auditor' });
    expect(noToken.status).toBe(403);
    expect(noToken.headers['content-type']).toBe('application/problem+json');
    expect(noToken.json()).toMatchObject({ code: 'ERR_CSRF', status: 403 });
    const wrong = await browser.postJson('/v1/users', { username: 'by.cookie1', role: 'auditor' }, { 'x-csrf-token': 'z'.repeat(43) });
    expect(wrong.json()).toMatchObject({ code: 'ERR_CSRF' });
    expect((await db.sql`select 1 from users where username = 'by.cookie1'`).length).toBe(0);

    const ok = await browser.postJson('/v1/users', { username: 'by.cookie1', role: 'auditor' }, { 'x-csrf-token': csrf });
    expect(ok.status).toBe(201);
    // Safe methods need no token.
    expect((await browser.send('/v1/departments')).status).toBe(200);

    const logout = await browser.postForm('/console/logout', {});
    expect(logout.status).toBe(403);
    expect(logout.json()).toMatchObject({ code: 'ERR_CSRF' });
    expect((await browser.send('/console')).status).toBe(200);
  });

  it('answers a wrong password exactly like an unknown account, at similar CPU cost', async () => {
    await account('lin.tao');
    const browser = new Browser(hub.url, '127.0.0.34');
    await browser.send('/console/login');
    const token = browser.cookies.get('zz_login_csrf') as string;
    // CPU time of this process (the hub runs in it, scrypt on its thread pool), not wall time: other
    // processes loading the machine do not stretch it, so the comparison holds under load.
    const attempt = async (username: string) => {
      const started = process.cpuUsage();
      const response = await browser.postForm('/console/login', { username, password: 'wrong-password-123', _csrf: token });
      const used = process.cpuUsage(started);
      return { response, ms: (used.user + used.system) / 1000 };
    };
    const wrong = await attempt('lin.tao');
    const unknown = await attempt('no.such.person');
    expect(wrong.response.status).toBe(401);
    expect(unknown.response.status).toBe(401);
    expect(unknown.response.text).toBe(wrong.response.text);
    expect(unknown.response.text).toContain('用户名或密码错误。');
    expect(unknown.response.setCookies).toEqual(wrong.response.setCookies);

    // Cost: the unknown account still pays a full scrypt verification. Minima, because other work in
    // this process only ever adds to it; without the dummy hash the ratio would be about 0.05.
    const wrongMs: number[] = [];
    const unknownMs: number[] = [];
    for (let i = 0; i < 3; i++) {
      wrongMs.push((await attempt('lin.tao')).ms);
      unknownMs.push((await attempt('no.such.person')).ms);
    }
    expect(Math.min(...unknownMs)).toBeGreaterThan(Math.min(...wrongMs) * 0.4);
    expect(Math.min(...unknownMs)).toBeGreaterThan(20);
  });

  it('locks a username after repeated failures: 429 with Retry-After, even for the right password, across a restart and on every instance', async () => {
    const password = await account('ma.jun');
    const browser = new Browser(hub.url, '127.0.0.35');
    for (let i = 1; i <= 5; i++) expect((await browser.logIn('ma.jun', 'not-the-password')).status, `failure ${i}`).toBe(401);
    const locked = await browser.logIn('ma.jun', password);
    expect(locked.status).toBe(429);
    const retryAfter = Number(locked.headers['retry-after']);
    expect(retryAfter).toBeGreaterThan(0);
    expect(retryAfter).toBeLessThanOrEqual(32);
    expect(locked.text).toContain('登录失败次数过多');
    expect(locked.setCookies.some((c) => c.startsWith('zz_session='))).toBe(false);
    // From another address too: the lock is on the username.
    expect((await new Browser(hub.url, '127.0.0.36').logIn('ma.jun', password)).status).toBe(429);
    // What follows is about where the lock lives (the database), not how long it lasts: stretch it,
    // so starting and restarting hubs on a loaded machine cannot outlast the 32 s.
    const stretched = await db.sql`update login_failures set locked_until = now() + interval '1 hour'
      where key = 'user:ma.jun' and locked_until is not null returning key`;
    expect(stretched).toHaveLength(1);

    // A second instance on the same database honours the lock at once.
    const second = await startTestHub(db.url, silentLogger, tempDir(), { ZZ_PUBLIC_URL: 'https://hub.example.gov.cn' });
    try {
      expect((await new Browser(second.url, '127.0.0.35').logIn('ma.jun', password)).status).toBe(429);
    } finally {
      await second.stop('test done');
    }
    // And so does this one after a restart.
    await hub.stop('restart');
    hub = await startTestHub(db.url, silentLogger, dataDir);
    expect((await new Browser(hub.url, '127.0.0.35').logIn('ma.jun', password)).status).toBe(429);

    // A password reset by a security admin lifts the lock.
    const reset = (await api(hub.url, admin, 'POST', '/v1/users/ma.jun/password')).json();
    expect((await new Browser(hub.url, '127.0.0.35').logIn('ma.jun', reset.password)).status).toBe(303);
  });

  it('locks a client address that tries many usernames', async () => {
    const from = '127.0.0.37';
    for (let i = 0; i < 20; i++) expect((await new Browser(hub.url, from).logIn(`spray.${i}`, 'guess')).status).toBe(401);
    const locked = await new Browser(hub.url, from).logIn('spray.new', 'guess');
    expect(locked.status).toBe(429);
    expect(Number(locked.headers['retry-after'])).toBeGreaterThan(0);
    // Another address is not affected.
    expect((await new Browser(hub.url, '127.0.0.38').logIn('spray.new', 'guess')).status).toBe(401);
  });

  it('behind a trusted proxy locks the X-Forwarded-For client, and ignores the header from any other peer', async () => {
    const behind = await startTestHub(db.url, silentLogger, tempDir(), { ZZ_TRUSTED_PROXIES: '127.0.0.41/32' });
    try {
      const proxy = new Browser(behind.url, '127.0.0.41');
      const via = (client: string) => ({ 'x-forwarded-for': `${client}, 127.0.0.41` });
      for (let i = 0; i < 20; i++) expect((await proxy.logIn(`proxied.${i}`, 'guess', via('198.51.100.1'))).status).toBe(401);
      expect((await proxy.logIn('proxied.new', 'guess', via('198.51.100.1'))).status).toBe(429);
      // Another client behind the same proxy is not locked.
      expect((await proxy.logIn('proxied.new', 'guess', via('198.51.100.2'))).status).toBe(401);

      // An untrusted peer cannot dodge its lock by inventing a new address each time.
      const direct = new Browser(behind.url, '127.0.0.42');
      for (let i = 0; i < 20; i++) {
        expect((await direct.logIn(`direct.${i}`, 'guess', { 'x-forwarded-for': `203.0.113.${i}` })).status).toBe(401);
      }
      expect((await direct.logIn('direct.new', 'guess', { 'x-forwarded-for': '203.0.113.99' })).status).toBe(429);
    } finally {
      await behind.stop('test done');
    }
  });

  it('marks cookies Secure when the public URL is https, and sessions work on every instance', async () => {
    const password = await account('xu.ning');
    const second = await startTestHub(db.url, silentLogger, tempDir(), { ZZ_PUBLIC_URL: 'https://hub.example.gov.cn' });
    try {
      const browser = new Browser(second.url, '127.0.0.39');
      const form = await browser.send('/console/login');
      expect(form.setCookies.find((c) => c.startsWith('zz_login_csrf='))).toMatch(/; Secure/);
      const response = await browser.logIn('xu.ning', password);
      expect(response.setCookies.find((c) => c.startsWith('zz_session='))).toMatch(/; Secure/);
      // The session signed in on the second instance is valid on the first.
      const onFirst = new Browser(hub.url, '127.0.0.39');
      onFirst.cookies.set('zz_session', browser.cookies.get('zz_session') as string);
      expect((await onFirst.send('/console')).status).toBe(200);
    } finally {
      await second.stop('test done');
    }
  });

  it('ends the session at logout', async () => {
    const password = await account('guo.mei');
    const browser = new Browser(hub.url, '127.0.0.40');
    await browser.logIn('guo.mei', password);
    const sessionId = browser.cookies.get('zz_session') as string;
    const home = await browser.send('/console');
    const logout = await browser.postForm('/console/logout', { _csrf: formToken(home.text) });
    expect(logout.status).toBe(303);
    expect(logout.headers.location).toBe('/console/login');
    expect(logout.setCookies.find((c) => c.startsWith('zz_session='))).toMatch(/Max-Age=0/);
    expect((await db.sql`select 1 from sessions where username = 'guo.mei'`).length).toBe(0);

    // The old cookie, replayed, no longer opens the console or the API.
    const replay = new Browser(hub.url, '127.0.0.40');
    replay.cookies.set('zz_session', sessionId);
    const apiCall = await replay.send('/v1/departments');
    expect(apiCall.status).toBe(401);
    expect(apiCall.json()).toMatchObject({ code: 'ERR_SESSION_INVALID' });
    const page = await replay.send('/console');
    expect(page.headers.location).toBe('/console/login');
    // The stale cookie is cleared on the way.
    expect(page.setCookies.find((c) => c.startsWith('zz_session='))).toMatch(/Max-Age=0/);
  });

  it('does not let a disabled account sign in, and ends its open sessions', async () => {
    const password = await account('yang.bo');
    const open = new Browser(hub.url, '127.0.0.41');
    expect((await open.logIn('yang.bo', password)).status).toBe(303);
    expect((await api(hub.url, admin, 'POST', '/v1/users/yang.bo/disable')).status).toBe(200);
    expect((await open.send('/console')).headers.location).toBe('/console/login');

    const again = await new Browser(hub.url, '127.0.0.41').logIn('yang.bo', password);
    expect(again.status).toBe(401);
    expect(again.text).toContain('用户名或密码错误。');
    expect(again.setCookies.some((c) => c.startsWith('zz_session='))).toBe(false);
  });
});
