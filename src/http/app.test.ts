import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../core/auth/authenticator.js';
import { InvalidTokenError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/ports/logger.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { createApp } from './app.js';
import { createHubMetrics } from './metrics.js';
import { registerSystemRoutes } from './routes/system-routes.js';
import { registerTokenRoutes } from './routes/token-routes.js';

const principals: Record<string, { actor: string; role: 'security-admin' | 'clerk'; department: string | undefined }> = {
  admin: { actor: 'token:admin', role: 'security-admin', department: undefined },
  clerk: { actor: 'token:clerk', role: 'clerk', department: '91350100M000100Y43' },
};

const authenticator: Authenticator = {
  accepts: () => true,
  async authenticate(credential) {
    const principal = principals[credential];
    if (!principal) throw new InvalidTokenError('unknown');
    return principal;
  },
};

function buildApp(options: { databaseUp?: boolean; logger?: Logger } = {}) {
  const metrics = createHubMetrics([{ name: 'zz_test_gauge', help: 'test', read: async () => 7 }]);
  const { app, routes } = createApp({
    logger: options.logger ?? silentLogger,
    authenticator,
    validators: createAjvValidatorFactory(),
    metrics,
    bodyLimitBytes: 1024 * 1024,
  });
  registerSystemRoutes(routes, {
    metrics,
    version: '1.2.3',
    publicUrl: 'http://hub.test',
    readiness: [
      {
        name: 'database',
        check: async () => {
          if (options.databaseUp === false) throw new Error('down');
        },
      },
      { name: 'bus', check: async () => {} },
    ],
  });
  registerTokenRoutes(routes, {
    async createApiToken(caller, input) {
      return {
        id: '00000000-0000-4000-8000-000000000000',
        token: `zz_for_${caller.actor}`,
        role: input.role as 'clerk',
        department: input.department,
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      };
    },
  });
  return app;
}

async function problem(response: Response) {
  expect(response.headers.get('content-type')).toBe('application/problem+json');
  return (await response.json()) as Record<string, unknown>;
}

describe('HTTP app', () => {
  it('answers /healthz and names the readiness checks', async () => {
    const app = buildApp();
    expect(await (await app.request('/healthz')).json()).toEqual({ status: 'ok' });
    const ready = await app.request('/readyz');
    expect(ready.status).toBe(200);
    expect(await ready.json()).toMatchObject({ status: 'ready', checks: { database: { status: 'up' }, bus: { status: 'up' } } });
  });

  it('reports 503 problem+json naming the failed check when the database is down', async () => {
    const logged: Array<{ level: string; msg?: string; fields: Record<string, unknown> }> = [];
    const at = (level: string) => (fields: object, msg?: string) =>
      void logged.push({ level, msg, fields: fields as Record<string, unknown> });
    const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
    const response = await buildApp({ databaseUp: false, logger }).request('/readyz');
    // Not ready is an answer, not a fault of the hub: no "unhandled error", no stack.
    expect(logged.filter((e) => e.level === 'error' || e.msg === 'unhandled error')).toEqual([]);
    expect(logged.some((e) => 'err' in e.fields)).toBe(false);
    expect(response.status).toBe(503);
    expect(await problem(response)).toMatchObject({
      code: 'ERR_NOT_READY',
      checks: { database: { status: 'down' }, bus: { status: 'up' } },
    });
  });

  it('serves an unknown path as a 404 problem with a code and the request id', async () => {
    const response = await buildApp().request('/nope', { headers: { 'X-Request-Id': 'abc-123' } });
    expect(response.status).toBe(404);
    expect(response.headers.get('x-request-id')).toBe('abc-123');
    expect(await problem(response)).toMatchObject({ status: 404, code: 'ERR_ROUTE_NOT_FOUND', requestId: 'abc-123', instance: '/nope' });
  });

  it('answers a wrong method with 405 and Allow', async () => {
    const response = await buildApp().request('/v1/tokens', { method: 'GET' });
    expect(response.status).toBe(405);
    expect(response.headers.get('allow')).toBe('POST');
    expect((await problem(response)).code).toBe('ERR_METHOD_NOT_ALLOWED');
  });

  it('refuses a 3 MB body with 413 problem+json before reading it', async () => {
    const response = await buildApp().request('/v1/tokens', {
      method: 'POST',
      headers: { authorization: 'Bearer admin', 'content-type': 'application/json' },
      body: 'x'.repeat(3 * 1024 * 1024),
    });
    expect(response.status).toBe(413);
    expect(await problem(response)).toMatchObject({ code: 'ERR_PAYLOAD_TOO_LARGE', limitBytes: 1024 * 1024 });
  });

  it('needs a bearer token, a known one, and the right role', async () => {
    const app = buildApp();
    const post = (authorization?: string) =>
      app.request('/v1/tokens', {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
        body: JSON.stringify({ role: 'auditor' }),
      });
    const anonymous = await post();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toContain('Bearer');
    expect((await problem(anonymous)).code).toBe('ERR_UNAUTHENTICATED');
    expect((await problem(await post('Bearer forged'))).code).toBe('ERR_INVALID_TOKEN');
    const clerk = await post('Bearer clerk');
    expect(clerk.status).toBe(403);
    expect((await problem(clerk)).code).toBe('ERR_FORBIDDEN');
    const admin = await post('Bearer admin');
    expect(admin.status).toBe(201);
    expect(admin.headers.get('cache-control')).toBe('no-store');
    expect(await admin.json()).toMatchObject({ token: 'zz_for_token:admin', role: 'auditor' });
  });

  it('validates JSON bodies against the route schema with JSON pointers', async () => {
    const app = buildApp();
    const send = (body: string, contentType = 'application/json') =>
      app.request('/v1/tokens', { method: 'POST', headers: { authorization: 'Bearer admin', 'content-type': contentType }, body });
    const invalid = await send(JSON.stringify({ role: 'king', extra: true }));
    expect(invalid.status).toBe(422);
    expect((await problem(invalid)).errors).toEqual(
      expect.arrayContaining([expect.objectContaining({ pointer: '/role' }), expect.objectContaining({ pointer: '/extra' })]),
    );
    expect((await problem(await send('{not json'))).code).toBe('ERR_MALFORMED_REQUEST');
    expect((await send('role=clerk', 'text/plain')).status).toBe(415);
  });

  it('describes its routes as OpenAPI 3.1 with roles and problem responses', async () => {
    const doc = (await (await buildApp().request('/openapi.json')).json()) as any;
    expect(doc.openapi).toBe('3.1.0');
    expect(doc.info.version).toBe('1.2.3');
    const create = doc.paths['/v1/tokens'].post;
    expect(create['x-roles']).toEqual(['security-admin']);
    expect(create.requestBody.content['application/json'].schema.required).toEqual(['role']);
    expect(create.responses['401'].content['application/problem+json']).toBeDefined();
    expect(doc.paths['/healthz'].get.security).toEqual([]);
  });

  it('serves the docs UI and its assets locally', async () => {
    const app = buildApp();
    const page = await (await app.request('/docs')).text();
    expect(page).toContain('/docs/swagger-ui-bundle.js');
    expect(page).not.toMatch(/https?:\/\//);
    const bundle = await app.request('/docs/swagger-ui-bundle.js');
    expect(bundle.status).toBe(200);
    expect((await bundle.text()).length).toBeGreaterThan(100_000);
    expect((await app.request('/docs/../../package.json')).status).toBe(404);
  });

  it('exposes Prometheus metrics with the request histogram by route and gauges', async () => {
    const app = buildApp();
    await app.request('/healthz');
    const text = await (await app.request('/metrics')).text();
    expect(text).toMatch(/zz_http_request_duration_seconds_count\{method="GET",route="\/healthz",status="200"\} 1/);
    expect(text).toContain('zz_test_gauge 7');
    expect(text).toContain('zz_process_cpu_user_seconds_total');
  });

  it('sets secure headers', async () => {
    const response = await buildApp().request('/healthz');
    expect(response.headers.get('x-content-type-options')).toBe('nosniff');
    expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
  });
});
