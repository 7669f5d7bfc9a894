/**
 * Passwords, session secrets and staff names never reach the log, whatever happens: accounts
 * created and reset, sign-ins that succeed, fail and get locked, sign-out, disabling.
 */
import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createLogger } from '../../src/logging/create-logger.js';
import type { RunningHub } from '../../src/main.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { api, bootstrapToken, Browser, formToken, startTestHub, tempDir, uscc } from './console-client.js';

const DEPT = uscc('11431322006123456');

describe('logs of staff accounts and sign-in', () => {
  let db: TestDatabase;
  let hub: RunningHub;
  let lines = '';
  const secrets: string[] = [];

  beforeAll(async () => {
    db = await createTestDatabase();
    const dataDir = tempDir();
    const destination = new Writable({
      write(chunk, _encoding, done) {
        lines += chunk.toString();
        done();
      },
    });
    hub = await startTestHub(db.url, createLogger({ level: 'trace', destination: destination as never }), dataDir);
    const admin = bootstrapToken(dataDir);
    secrets.push(admin);
    await api(hub.url, admin, 'POST', '/v1/departments', { uscc: DEPT, name: '新化县市场监督管理局', level: 'county' });

    const created = (await api(hub.url, admin, 'POST', '/v1/users', { username: 'qian.xiaohong', role: 'clerk', department: DEPT })).json();
    secrets.push(created.password);
    const browser = new Browser(hub.url, '127.0.0.51');
    for (let i = 0; i < 6; i++) await browser.logIn('qian.xiaohong', `Wrong-Guess-${i}-Xy`);
    await browser.logIn('unknown.zhou', 'Another-Guess-Zq');
    secrets.push('Wrong-Guess-0-Xy', 'Another-Guess-Zq');

    const reset = (await api(hub.url, admin, 'POST', '/v1/users/qian.xiaohong/password')).json();
    secrets.push(reset.password);
    expect((await browser.logIn('qian.xiaohong', reset.password)).status).toBe(303);
    const home = await browser.send('/console');
    secrets.push(browser.cookies.get('zz_session') as string, formToken(home.text));
    await browser.postForm('/console/logout', { _csrf: formToken(home.text) });
    await api(hub.url, admin, 'POST', '/v1/users/qian.xiaohong/disable');
  });
  afterAll(async () => {
    await hub?.stop('test done');
    await db?.drop();
  });

  it('logged the activity (requests and the lock) — so the check below looks at real output', () => {
    expect(lines).toContain('"route":"/v1/users/{username}/password"');
    expect(lines).toContain('"route":"/console/login"');
    expect(lines).toContain('sign-in locked after repeated failures');
  });

  it('contains no password, token, session id, CSRF token or staff name', () => {
    expect(secrets.length).toBeGreaterThanOrEqual(7);
    for (const secret of secrets) expect(lines).not.toContain(secret);
    for (const name of ['qian.xiaohong', 'unknown.zhou']) expect(lines).not.toContain(name);
  });
});
