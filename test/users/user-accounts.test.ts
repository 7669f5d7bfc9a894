/**
 * Staff accounts over the API on real PostgreSQL: who may create which account, validation and
 * conflicts, disable and password reset, the CLI, and the OpenAPI description.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { userCreateCommand } from '../../src/cli/user-create-command.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { RunningHub } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { api, bootstrapToken, Browser, startTestHub, tempDir, uscc } from './console-client.js';

const DEPT_A = uscc('11431322006123456');
const DEPT_B = uscc('11431322006654321');
const DEPT_OFF = uscc('11431322006111111');

describe('staff accounts API', () => {
  let db: TestDatabase;
  let hub: RunningHub;
  let admin: string;
  const call = (token: string, method: string, path: string, body?: unknown) => api(hub.url, token, method, path, body);

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataDir = tempDir();
    hub = await startTestHub(db.url, silentLogger, dataDir);
    admin = bootstrapToken(dataDir);
    for (const [code, name] of [
      [DEPT_A, '新化县市场监督管理局'],
      [DEPT_B, '新化县自然资源局'],
      [DEPT_OFF, '已撤销的局'],
    ] as const) {
      expect((await call(admin, 'POST', '/v1/departments', { uscc: code, name, level: 'county' })).status).toBe(201);
    }
    expect((await call(admin, 'PATCH', `/v1/departments/${DEPT_OFF}`, { active: false })).status).toBe(200);
  });
  afterAll(async () => {
    await hub?.stop('test done');
    await db?.drop();
  });

  it('lets a security admin create a clerk; the password comes once and signs in', async () => {
    const response = await call(admin, 'POST', '/v1/users', { username: 'wang.fang', role: 'clerk', department: DEPT_A });
    expect(response.status).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const created = response.json();
    expect(created).toEqual({
      username: 'wang.fang',
      role: 'clerk',
      department: DEPT_A,
      password: expect.stringMatching(/^[2-9a-km-zA-HJ-NP-Z]{20}$/),
    });
    const [row] = await db.sql`select password_hash, created_by from users where username = 'wang.fang'`;
    expect(row?.password_hash).toMatch(/^scrypt\$32768\$8\$1\$[A-Za-z0-9+/]+\$[A-Za-z0-9+/]+$/);
    expect(row?.password_hash).not.toContain(created.password);
    expect(row?.created_by).toMatch(/^token:/);
    expect((await new Browser(hub.url).logIn('wang.fang', created.password)).status).toBe(303);
  });

  it('creates county-wide accounts without a department', async () => {
    const response = await call(admin, 'POST', '/v1/users', { username: 'du.cha', role: 'auditor' });
    expect(response.status).toBe(201);
    expect(response.json()).not.toHaveProperty('department');
  });

  it('answers 409 ERR_USER_EXISTS for a taken username', async () => {
    await call(admin, 'POST', '/v1/users', { username: 'li.na', role: 'clerk', department: DEPT_A });
    const again = await call(admin, 'POST', '/v1/users', { username: 'li.na', role: 'auditor' });
    expect(again.status).toBe(409);
    expect(again.headers['content-type']).toBe('application/problem+json');
    expect(again.json()).toMatchObject({ code: 'ERR_USER_EXISTS', status: 409 });
  });

  it('validates username, role and department with pointers', async () => {
    const bad = async (body: unknown, pointer: string) => {
      const response = await call(admin, 'POST', '/v1/users', body);
      expect(response.status).toBe(422);
      expect(response.json()).toMatchObject({
        code: 'ERR_VALIDATION',
        errors: expect.arrayContaining([expect.objectContaining({ pointer })]),
      });
    };
    await bad({ username: 'Zhang San', role: 'clerk', department: DEPT_A }, '/username');
    await bad({ username: 'ab', role: 'clerk', department: DEPT_A }, '/username');
    await bad({ username: 'sys.one', role: 'system', department: DEPT_A }, '/role');
    await bad({ username: 'clerk.nodept', role: 'clerk' }, '/department');
    await bad({ username: 'audit.dept', role: 'auditor', department: DEPT_A }, '/department');
  });

  it('needs an active department for department-bound roles', async () => {
    const response = await call(admin, 'POST', '/v1/users', { username: 'clerk.off', role: 'clerk', department: DEPT_OFF });
    expect(response.status).toBe(403);
    expect(response.json()).toMatchObject({ code: 'ERR_DEPARTMENT_INACTIVE' });
  });

  it('lets a department admin (signed in to the console) create clerks of their own department only', async () => {
    const boss = (await call(admin, 'POST', '/v1/users', { username: 'boss.a', role: 'dept-admin', department: DEPT_A })).json();
    const browser = new Browser(hub.url, '127.0.0.21');
    expect((await browser.logIn('boss.a', boss.password)).status).toBe(303);
    const csrf = await browser.csrfToken();
    const own = await browser.postJson('/v1/users', { username: 'clerk.a1', role: 'clerk', department: DEPT_A }, { 'x-csrf-token': csrf });
    expect(own.status).toBe(201);
    const [row] = await db.sql`select created_by from users where username = 'clerk.a1'`;
    expect(row?.created_by).toBe('user:boss.a');

    const other = await browser.postJson(
      '/v1/users',
      { username: 'clerk.b1', role: 'clerk', department: DEPT_B },
      { 'x-csrf-token': csrf },
    );
    expect(other.status).toBe(403);
    expect(other.headers['content-type']).toBe('application/problem+json');
    expect(other.json()).toMatchObject({ code: 'ERR_USER_SCOPE', status: 403 });
    const higher = await browser.postJson(
      '/v1/users',
      { username: 'boss.a2', role: 'dept-admin', department: DEPT_A },
      { 'x-csrf-token': csrf },
    );
    expect(higher.json()).toMatchObject({ code: 'ERR_USER_SCOPE' });
    expect((await db.sql`select 1 from users where username in ('clerk.b1', 'boss.a2')`).length).toBe(0);
  });

  it('scopes a department admin API token the same way', async () => {
    const token = (await call(admin, 'POST', '/v1/tokens', { role: 'dept-admin', department: DEPT_B, ttl: '1h' })).json().token;
    expect((await call(token, 'POST', '/v1/users', { username: 'clerk.b2', role: 'clerk', department: DEPT_B })).status).toBe(201);
    const other = await call(token, 'POST', '/v1/users', { username: 'clerk.a2', role: 'clerk', department: DEPT_A });
    expect(other.json()).toMatchObject({ code: 'ERR_USER_SCOPE', status: 403 });
    // Disabling and resetting are for security admins only.
    expect((await call(token, 'POST', '/v1/users/clerk.b2/disable')).json()).toMatchObject({ code: 'ERR_FORBIDDEN' });
  });

  it('does not let clerks or anonymous callers manage accounts', async () => {
    const clerk = (await call(admin, 'POST', '/v1/tokens', { role: 'clerk', department: DEPT_A, ttl: '1h' })).json().token;
    for (const [method, path, body] of [
      ['POST', '/v1/users', { username: 'clerk.self', role: 'clerk', department: DEPT_A }],
      ['POST', '/v1/users/wang.fang/disable', undefined],
      ['POST', '/v1/users/wang.fang/password', undefined],
    ] as const) {
      const denied = await call(clerk, method, path, body);
      expect(denied.status, path).toBe(403);
      expect(denied.json()).toMatchObject({ code: 'ERR_FORBIDDEN' });
      const anonymous = await new Browser(hub.url).postJson(path, body ?? {});
      expect(anonymous.status, path).toBe(401);
      expect(anonymous.json()).toMatchObject({ code: 'ERR_UNAUTHENTICATED' });
    }
    expect((await db.sql`select 1 from users where username = 'clerk.self'`).length).toBe(0);
  });

  it('resets a password: the new one is shown once, the old one and its sessions stop working', async () => {
    const first = (await call(admin, 'POST', '/v1/users', { username: 'zhao.lei', role: 'clerk', department: DEPT_A })).json().password;
    const browser = new Browser(hub.url, '127.0.0.22');
    expect((await browser.logIn('zhao.lei', first)).status).toBe(303);
    expect((await browser.send('/console')).status).toBe(200);

    const reset = await call(admin, 'POST', '/v1/users/zhao.lei/password');
    expect(reset.status).toBe(200);
    expect(reset.headers['cache-control']).toBe('no-store');
    const { password } = reset.json();
    expect(password).toMatch(/^[2-9a-zA-Z]{20}$/);
    expect(password).not.toBe(first);

    expect((await browser.send('/console')).headers.location).toBe('/console/login');
    expect((await new Browser(hub.url, '127.0.0.22').logIn('zhao.lei', first)).status).toBe(401);
    expect((await new Browser(hub.url, '127.0.0.22').logIn('zhao.lei', password)).status).toBe(303);
  });

  it('disables an account (idempotently) and answers 404 for unknown accounts', async () => {
    await call(admin, 'POST', '/v1/users', { username: 'sun.li', role: 'clerk', department: DEPT_A });
    const disabled = await call(admin, 'POST', '/v1/users/sun.li/disable');
    expect(disabled.status).toBe(200);
    expect(disabled.json()).toMatchObject({ username: 'sun.li', role: 'clerk', department: DEPT_A, disabledAt: expect.any(String) });
    const again = await call(admin, 'POST', '/v1/users/sun.li/disable');
    expect(again.json().disabledAt).toBe(disabled.json().disabledAt);
    for (const path of ['/v1/users/nobody.here/disable', '/v1/users/nobody.here/password', '/v1/users/NOT%20VALID/disable']) {
      const missing = await call(admin, 'POST', path);
      expect(missing.status, path).toBe(404);
      expect(missing.json()).toMatchObject({ code: 'ERR_USER_NOT_FOUND' });
    }
    // The name stays taken.
    expect((await call(admin, 'POST', '/v1/users', { username: 'sun.li', role: 'auditor' })).status).toBe(409);
  });

  it('zhengzhao user create prints the password alone on the last line', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const previous = process.env.ZZ_TOKEN;
    process.env.ZZ_TOKEN = admin;
    try {
      const code = await userCreateCommand.run(['--role', 'clerk', '--department', DEPT_B, '--username', 'cli.clerk', '--url', hub.url], {
        out: (line) => out.push(line),
        err: (line) => err.push(line),
      });
      expect(code).toBe(0);
    } finally {
      if (previous === undefined) delete process.env.ZZ_TOKEN;
      else process.env.ZZ_TOKEN = previous;
    }
    expect(out).toHaveLength(1);
    expect(out[0]).toMatch(/^[2-9a-zA-Z]{20}$/);
    expect(err.join('\n')).toContain('cli.clerk');
    expect(err.join('\n')).not.toContain(out[0]);
    expect((await new Browser(hub.url, '127.0.0.23').logIn('cli.clerk', out[0] as string)).status).toBe(303);
  });

  it('describes the user and console routes in OpenAPI', async () => {
    const doc = (await api(hub.url, admin, 'GET', '/openapi.json')).json();
    expect(doc.paths['/v1/users'].post['x-roles']).toEqual(['security-admin', 'dept-admin']);
    expect(doc.paths['/v1/users/{username}/disable'].post['x-roles']).toEqual(['security-admin']);
    expect(doc.paths['/v1/users/{username}/password'].post['x-roles']).toEqual(['security-admin']);
    for (const [path, method] of [
      ['/console', 'get'],
      ['/console/login', 'get'],
      ['/console/login', 'post'],
      ['/console/logout', 'post'],
    ]) {
      expect(doc.paths[path as string][method as string].tags, `${method} ${path}`).toEqual(['console']);
    }
  });
});
