/**
 * The shared authorisation suite: every route the hub serves (read from its own OpenAPI document,
 * so a new route is covered the day it is added) is called anonymously and with a token of every
 * role. Anonymous callers must get 401 on every protected route; a role missing from a route's
 * `x-roles` must get 403; an allowed role must get past authorisation (anything but 401/403).
 * Console pages (security `consoleSession`) take no token: anonymous callers and tokens alike are
 * sent to the sign-in form, and the role matrix is run with a signed-in session of every staff role.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { Roles } from '../../src/core/auth/roles.js';
import { StaffRoles } from '../../src/core/users/user.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { Browser } from '../users/console-client.js';

const DEPARTMENT = '91350100M000100Y43';

interface Operation {
  method: string;
  path: string;
  operationId: string;
  roles: readonly string[] | 'public' | 'authenticated';
  contentType: string | undefined;
  /** A console page: the session cookie is its only credential. */
  page: boolean;
}

describe('authorisation over every route', () => {
  let fixture: HubFixture;
  let operations: Operation[];
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(DEPARTMENT, '新化县市场监督管理局');
    for (const role of Roles) {
      tokens[role] = await fixture.mintToken(role, ['clerk', 'dept-admin', 'system'].includes(role) ? DEPARTMENT : undefined);
    }
    const document = (await (await fetch(`${fixture.hub.url}/openapi.json`)).json()) as {
      paths: Record<
        string,
        Record<
          string,
          {
            operationId: string;
            security?: Record<string, unknown>[];
            'x-roles'?: string[];
            requestBody?: { content: Record<string, unknown> };
          }
        >
      >;
    };
    operations = Object.entries(document.paths).flatMap(([path, methods]) =>
      Object.entries(methods).map(([method, op]) => ({
        method: method.toUpperCase(),
        path: path.replace(/\{[^}]+\}/g, 'probe'),
        operationId: op.operationId,
        roles: op['x-roles'] ?? (Array.isArray(op.security) && op.security.length === 0 ? 'public' : 'authenticated'),
        contentType: op.requestBody ? Object.keys(op.requestBody.content)[0] : undefined,
        page: (op.security ?? []).some((scheme) => 'consoleSession' in scheme),
      })),
    );
  });
  afterAll(async () => fixture?.stop());

  function call(op: Operation, token?: string): Promise<Response> {
    return fetch(`${fixture.hub.url}${op.path}`, {
      method: op.method,
      redirect: 'manual',
      headers: { ...(token ? { authorization: `Bearer ${token}` } : {}), ...(op.contentType ? { 'content-type': op.contentType } : {}) },
      body: op.contentType === undefined ? undefined : op.contentType === 'application/json' ? '{}' : '',
    });
  }

  it('covers the routes of every area', () => {
    const ids = operations.map((o) => o.operationId);
    expect(ids).toEqual(
      expect.arrayContaining(['createApiToken', 'createDepartment', 'issueCertificate', 'revokeCertificate', 'createUser']),
    );
    expect(operations.length).toBeGreaterThan(20);
  });

  it('refuses anonymous callers on every protected route, and no route changes state anonymously by accident', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.roles !== 'public' && !o.page)) {
      const response = await call(op);
      if (response.status !== 401) failures.push(`${op.method} ${op.path} → ${response.status}`);
    }
    expect(failures).toEqual([]);
  });

  it('sends anonymous callers and bearer tokens alike from every protected console page to the sign-in form', async () => {
    const pages = operations.filter((o) => o.roles !== 'public' && o.page);
    expect(pages.map((o) => o.operationId)).toEqual(expect.arrayContaining(['getConsole', 'postConsoleVerify']));
    const failures: string[] = [];
    for (const op of pages) {
      for (const token of [undefined, tokens['security-admin'], tokens.clerk]) {
        const response = await call(op, token);
        if (response.status !== 303 || response.headers.get('location') !== '/console/login') {
          failures.push(`${token ? 'token' : 'anonymous'} ${op.method} ${op.path} → ${response.status}`);
        }
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives a signed-in staff member 403 on every console page their role may not use, and lets the others through', async () => {
    const failures: string[] = [];
    for (const [index, role] of StaffRoles.entries()) {
      const username = `suite.${role}`;
      const created = await fixture.call('POST', '/v1/users', {
        username,
        role,
        ...(['clerk', 'dept-admin'].includes(role) ? { department: DEPARTMENT } : {}),
      });
      const { password } = (await created.json()) as { password: string };
      const browser = new Browser(fixture.hub.url, `127.0.0.${60 + index}`);
      expect((await browser.logIn(username, password)).status).toBe(303);
      const csrf = await browser.csrfToken();
      // Signing out would end this browser's session: the pages open to every staff member are read ones.
      const pages = operations.filter((o) => o.page && (Array.isArray(o.roles) || (o.roles === 'authenticated' && o.method === 'GET')));
      expect(pages.map((o) => o.operationId)).toContain('getConsole');
      for (const op of pages) {
        const response = await browser.send(op.path, {
          method: op.method,
          headers: { 'x-csrf-token': csrf, ...(op.contentType ? { 'content-type': op.contentType } : {}) },
          ...(op.contentType ? { body: '' } : {}),
        });
        const allowed = op.roles === 'authenticated' || (op.roles as readonly string[]).includes(role);
        const ok = allowed ? ![303, 401, 403].includes(response.status) : response.status === 403;
        if (!ok) failures.push(`${role} ${op.method} ${op.path} → ${response.status} (allowed: ${allowed})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('gives 403 to every role a route does not list, and lets listed roles through', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => Array.isArray(o.roles) && !o.page)) {
      for (const role of Roles) {
        const allowed = (op.roles as readonly string[]).includes(role);
        const status = (await call(op, tokens[role])).status;
        const ok = allowed ? status !== 401 && status !== 403 : status === 403;
        if (!ok) failures.push(`${role} ${op.method} ${op.path} → ${status} (allowed: ${allowed})`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('lets any valid credential through routes open to every authenticated caller', async () => {
    const failures: string[] = [];
    for (const op of operations.filter((o) => o.roles === 'authenticated' && !o.page)) {
      for (const role of Roles) {
        const status = (await call(op, tokens[role])).status;
        if (status === 401 || status === 403) failures.push(`${role} ${op.method} ${op.path} → ${status}`);
      }
    }
    expect(failures).toEqual([]);
  });

  it('matches the intended table for the operations that change trust', () => {
    const rolesOf = (id: string) => operations.find((o) => o.operationId === id)?.roles;
    expect(rolesOf('issueCertificate')).toEqual(['security-admin']);
    expect(rolesOf('revokeCertificate')).toEqual(['security-admin']);
    expect(rolesOf('suspendCertificate')).toEqual(['security-admin']);
    expect(rolesOf('createApiToken')).toEqual(['security-admin']);
    expect(rolesOf('createDepartment')).toEqual(['security-admin']);
    expect(rolesOf('updateDepartment')).toEqual(['security-admin']);
    expect(rolesOf('createUser')).toEqual(['security-admin', 'dept-admin']);
    expect(rolesOf('disableUser')).toEqual(['security-admin']);
  });

  it('keeps every public state-changing operation on a short, reviewed list', () => {
    const publicWrites = operations
      .filter((o) => o.roles === 'public' && o.method !== 'GET')
      .map((o) => o.operationId)
      .sort();
    // Token endpoint (the assertion is the credential), the receipt check (DESIGN §3: anyone; it
    // changes nothing) and the sign-in form (its double-submit token).
    const reviewed = ['issueAccessToken', 'verifyReceipt', 'postConsoleLogin'];
    expect(publicWrites.filter((id) => !reviewed.includes(id))).toEqual([]);
  });

  it('denies by default: an operation missing from the table is callable by nobody', async () => {
    const { accessFor } = await import('../../src/http/authorization.js');
    expect(accessFor('someFutureOperation')).toEqual([]);
  });
});
