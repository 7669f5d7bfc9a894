import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../core/auth/authenticator.js';
import { InvalidTokenError } from '../core/errors.js';
import { silentLogger } from '../core/ports/logger.js';
import { withSessions, type AuthenticatedSession, type SessionAuthenticator } from '../core/users/session-authenticator.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { createApp } from './app.js';
import { createHubMetrics } from './metrics.js';
import { buildOpenApiDocument } from './openapi.js';
import type { UploadedFile } from './route.js';

const CLERK_SESSION = 'C'.repeat(43);
const AUDITOR_SESSION = 'A'.repeat(43);
const CSRF = 'c'.repeat(43);

const bearer: Authenticator = {
  accepts: () => true,
  async authenticate(credential) {
    if (credential !== 'clerk-token') throw new InvalidTokenError('unknown');
    return { actor: 'token:clerk', role: 'clerk', department: '91350100M000100Y43' };
  },
};
const sessions: SessionAuthenticator = {
  async find(id): Promise<AuthenticatedSession | undefined> {
    const role = id === CLERK_SESSION ? 'clerk' : id === AUDITOR_SESSION ? 'auditor' : undefined;
    if (!role) return undefined;
    return { principal: { actor: `user:${role}`, role, department: undefined }, username: role, csrfToken: CSRF };
  },
  async end() {},
};

// Borrowed operation ids give the test routes real rows of the authorisation table.
function buildApp() {
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator: withSessions(bearer, sessions),
    validators: createAjvValidatorFactory(),
    metrics: createHubMetrics([]),
    bodyLimitBytes: 64 * 1024,
    console: { loginPath: '/console/login', secureCookies: false },
  });
  routes.add<{ params: { uscc: string }; query: { limit?: number; active?: boolean } }>(
    {
      operationId: 'getDepartment',
      method: 'GET',
      path: '/t/{uscc}',
      summary: 'params and query',
      tags: ['test'],
      params: { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string', pattern: '^[0-9A-Z]{18}$' } } },
      query: {
        type: 'object',
        properties: { limit: { type: 'integer', minimum: 1, maximum: 10, description: 'page size' }, active: { type: 'boolean' } },
      },
      responses: { 200: { description: 'echo' } },
    },
    ({ c, params, query }) => c.json({ params, query }),
  );
  routes.add<{ body: string | { jws: string; file?: UploadedFile } }>(
    {
      operationId: 'verifyDocument',
      method: 'POST',
      path: '/t/bodies',
      summary: 'several media types',
      tags: ['test'],
      body: {
        'application/jose': { type: 'string' },
        'text/plain': { type: 'string', maxLength: 10 },
        'multipart/form-data': {
          type: 'object',
          additionalProperties: false,
          required: ['jws'],
          properties: { jws: { type: 'string', minLength: 1 }, file: { type: 'string', format: 'binary' } },
        },
      },
      responses: { 200: { description: 'echo' } },
    },
    ({ c, body, contentType }) =>
      c.json(
        typeof body === 'string'
          ? { contentType, body }
          : { contentType, jws: body.jws, file: body.file && { ...body.file, bytes: body.file.bytes.length } },
      ),
  );
  routes.page<{ body: Record<string, string> }>(
    {
      operationId: 'postConsoleVerify',
      method: 'POST',
      path: '/t/page',
      summary: 'a console page',
      tags: ['test'],
      auth: {
        mode: 'console',
        forbidden: (c, session) => c.html(`no ${session.principal.role}`, 403),
        csrfRefused: (c) => c.html('fresh form', 403),
      },
      body: { 'application/x-www-form-urlencoded': { type: 'object', properties: { note: { type: 'string' } } } },
      responses: { 200: { description: 'page' } },
    },
    ({ c, session, body }) => c.text(`${session.username}: ${body.note}`),
  );
  return { app, routes };
}

const json = async (response: Response) => (await response.json()) as Record<string, any>;
const clerk = { authorization: 'Bearer clerk-token' };

describe('route declarations: parameters', () => {
  it('hands the handler validated path and query parameters, converted to their declared types', async () => {
    const response = await buildApp().app.request('/t/91350100M000100Y43?limit=5&active=false&other=x', { headers: clerk });
    expect(await json(response)).toEqual({ params: { uscc: '91350100M000100Y43' }, query: { limit: 5, active: false } });
  });

  it('refuses a bad parameter with 422 and a pointer into /params or /query', async () => {
    const { app } = buildApp();
    const path = await app.request('/t/not-a-code', { headers: clerk });
    expect(path.status).toBe(422);
    expect(await json(path)).toMatchObject({ code: 'ERR_VALIDATION', errors: [{ pointer: '/params/uscc' }] });
    const query = await app.request('/t/91350100M000100Y43?limit=50&active=yes', { headers: clerk });
    expect(query.status).toBe(422);
    expect((await json(query)).errors.map((e: { pointer: string }) => e.pointer).sort()).toEqual(['/query/active', '/query/limit']);
  });

  it('refuses a repeated query parameter with 400', async () => {
    const response = await buildApp().app.request('/t/91350100M000100Y43?limit=1&limit=2', { headers: clerk });
    expect(response.status).toBe(400);
    expect((await json(response)).code).toBe('ERR_MALFORMED_REQUEST');
  });

  it('authenticates before it validates: an anonymous caller learns nothing about the parameters', async () => {
    expect((await buildApp().app.request('/t/bad?limit=x')).status).toBe(401);
  });

  it('will not register a route whose path parameters are not all declared', () => {
    const { routes } = buildApp();
    expect(() =>
      routes.add(
        { operationId: 'getLicense', method: 'GET', path: '/t/x/{id}', summary: 's', tags: [], responses: { 200: { description: 'd' } } },
        ({ c }) => c.json({}),
      ),
    ).toThrow(TypeError);
  });
});

describe('route declarations: bodies', () => {
  it('takes each declared media type and says which one came', async () => {
    const { app } = buildApp();
    const post = (type: string, body: string | FormData) =>
      app.request('/t/bodies', { method: 'POST', headers: { ...clerk, ...(type ? { 'content-type': type } : {}) }, body });
    expect(await json(await post('application/jose', ' a.b.c\n'))).toEqual({ contentType: 'application/jose', body: 'a.b.c' });
    expect(await json(await post('text/plain', 'ZZ1:x:y'))).toEqual({ contentType: 'text/plain', body: 'ZZ1:x:y' });
    expect((await post('text/plain', 'x'.repeat(11))).status).toBe(422);
    const unsupported = await post('application/json', '{}');
    expect(unsupported.status).toBe(415);
    expect((await json(unsupported)).detail).toContain('application/jose or text/plain or multipart/form-data');
  });

  it('reads multipart text fields (even sent as a file part) as text and file parts as files', async () => {
    const { app } = buildApp();
    const form = new FormData();
    form.set('jws', new File(['a.b.c'], 'licence.jws'));
    form.set('file', new File(['%PDF'], 'doc.pdf', { type: 'application/pdf' }));
    const response = await app.request('/t/bodies', { method: 'POST', headers: clerk, body: form });
    expect(await json(response)).toEqual({
      contentType: 'multipart/form-data',
      jws: 'a.b.c',
      file: { bytes: 4, name: 'doc.pdf', mediaType: 'application/pdf' },
    });
  });

  it('refuses a file field sent as text, an unknown field and a repeated field', async () => {
    const { app } = buildApp();
    const post = (fields: [string, string | File][]) => {
      const form = new FormData();
      for (const [name, value] of fields) form.append(name, value);
      return app.request('/t/bodies', { method: 'POST', headers: clerk, body: form });
    };
    const asText = await post([
      ['jws', 'a'],
      ['file', 'not a file'],
    ]);
    expect(await json(asText)).toMatchObject({ status: 422, errors: [{ pointer: '/file' }] });
    const unknown = await post([
      ['jws', 'a'],
      ['File', 'x'],
    ]);
    expect(await json(unknown)).toMatchObject({ status: 422, errors: [{ pointer: '/File' }] });
    const repeated = await post([
      ['jws', 'a'],
      ['jws', 'b'],
    ]);
    expect(await json(repeated)).toMatchObject({ status: 400, code: 'ERR_MALFORMED_REQUEST' });
  });
});

describe('route declarations: console pages', () => {
  const page = (app: ReturnType<typeof buildApp>['app'], headers: Record<string, string>, body = 'note=hi') =>
    app.request('/t/page', { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded', ...headers }, body });

  it('sends a visitor without a session to the sign-in form, clearing a stale cookie; a bearer token is no session', async () => {
    const { app } = buildApp();
    const anonymous = await page(app, {});
    expect(anonymous.status).toBe(303);
    expect(anonymous.headers.get('location')).toBe('/console/login');
    const stale = await page(app, { cookie: `zz_session=${'X'.repeat(43)}` });
    expect(stale.status).toBe(303);
    expect(stale.headers.get('set-cookie')).toMatch(/^zz_session=;/);
    expect((await page(app, clerk)).status).toBe(303);
  });

  it('gives the page the session, after the anti-CSRF check and the role check of the table', async () => {
    const { app } = buildApp();
    const ok = await page(app, { cookie: `zz_session=${CLERK_SESSION}` }, `note=hi&_csrf=${CSRF}`);
    expect(await ok.text()).toBe('clerk: hi');
    const noToken = await page(app, { cookie: `zz_session=${CLERK_SESSION}` });
    expect([noToken.status, await noToken.text()]).toEqual([403, 'fresh form']);
    const auditor = await page(app, { cookie: `zz_session=${AUDITOR_SESSION}` }, `note=hi&_csrf=${CSRF}`);
    expect([auditor.status, await auditor.text()]).toEqual([403, 'no auditor']);
  });
});

describe('route declarations in OpenAPI', () => {
  it('lists path and query parameters, every body media type, and the console session scheme', () => {
    const doc = buildOpenApiDocument(buildApp().routes.specs, { version: '1', serverUrl: 'http://hub.test' }) as any;
    const get = doc.paths['/t/{uscc}'].get;
    expect(get.parameters).toEqual([
      { name: 'uscc', in: 'path', required: true, schema: { type: 'string', pattern: '^[0-9A-Z]{18}$' } },
      { name: 'limit', in: 'query', required: false, description: 'page size', schema: { type: 'integer', minimum: 1, maximum: 10 } },
      { name: 'active', in: 'query', required: false, schema: { type: 'boolean' } },
    ]);
    expect(Object.keys(get.responses)).toEqual(expect.arrayContaining(['400', '401', '422']));
    expect(Object.keys(doc.paths['/t/bodies'].post.requestBody.content)).toEqual(['application/jose', 'text/plain', 'multipart/form-data']);
    expect(doc.paths['/t/page'].post.security).toEqual([{ consoleSession: [] }]);
    expect(doc.components.securitySchemes.consoleSession).toMatchObject({ type: 'apiKey', in: 'cookie', name: 'zz_session' });
  });
});
