/**
 * Hostile text against the hub on real PostgreSQL: NUL bytes and lone surrogates in JSON bodies,
 * path and query parameters, and member names given twice, are refused at the edge with a coded
 * 400 — before they could reach the database (which answered 500 for them).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const DEPARTMENT = '91350100M000100Y43';

describe('hostile text at the edge of the hub', () => {
  let fixture: HubFixture;
  let clerk: string;
  let auditor: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(DEPARTMENT, '新化县市场监督管理局');
    clerk = await fixture.mintToken('clerk', DEPARTMENT);
    auditor = await fixture.mintToken('auditor');
  });
  afterAll(async () => fixture?.stop());

  const send = (method: string, path: string, token: string, body?: string) =>
    fetch(`${fixture.hub.url}${path}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body,
    });

  it('refuses NUL and lone surrogates in bodies, path and query parameters with 400 ERR_UNSAFE_TEXT', async () => {
    const attempts: [string, string, string, string?][] = [
      ['POST', '/v1/departments', fixture.adminToken, '{"uscc":"92431322MA4L0ABC15","name":"新化\\u0000县","level":"county"}'],
      ['POST', '/v1/verifications', clerk, '{"number":"JY1\\u0000","purpose":{"caseNo":"XH1"}}'],
      ['POST', '/v1/verifications', clerk, '{"number":"JY1\\udc00","purpose":{"caseNo":"XH1"}}'],
      ['POST', '/v1/documents/verify', clerk, `{"docNo":"新\\u0000","sha256":"${'0'.repeat(64)}"}`],
      ['GET', '/v1/licenses/%00', clerk],
      ['GET', '/v1/departments/%00', clerk],
      ['GET', '/v1/audit?actor=%00', auditor],
    ];
    const failures: string[] = [];
    for (const [method, path, token, body] of attempts) {
      const response = await send(method, path, token, body);
      const problem = (await response.json()) as { code: string };
      if (response.status !== 400 || problem.code !== 'ERR_UNSAFE_TEXT')
        failures.push(`${method} ${path} → ${response.status} ${problem.code}`);
    }
    expect(failures).toEqual([]);
    expect(((await (await send('GET', '/v1/departments', clerk)).json()) as { items: unknown[] }).items).toHaveLength(1);
  });

  it('refuses a JSON body naming a member twice with 400 ERR_JSON_DUPLICATE_MEMBER', async () => {
    const response = await send(
      'POST',
      '/v1/departments',
      fixture.adminToken,
      '{"uscc":"92431322MA4L0ABC15","name":"甲","level":"county","name":"乙"}',
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toMatchObject({ code: 'ERR_JSON_DUPLICATE_MEMBER', errors: [{ pointer: '/name' }] });
  });

  it('answers 404 for documentation assets named like inherited properties', async () => {
    for (const name of ['constructor', '__proto__', 'toString', 'missing.js']) {
      const response = await fetch(`${fixture.hub.url}/docs/${name}`);
      expect(response.status, name).toBe(404);
    }
  });
});
