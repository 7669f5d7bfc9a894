import { connect } from 'node:net';
import { serve, type ServerType } from '@hono/node-server';
import { afterEach, describe, expect, it } from 'vitest';
import type { Authenticator } from '../core/auth/authenticator.js';
import { InvalidTokenError } from '../core/errors.js';
import { silentLogger } from '../core/ports/logger.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { createApp } from './app.js';
import { createHubMetrics } from './metrics.js';
import { registerSystemRoutes } from './routes/system-routes.js';

const authenticator: Authenticator = {
  accepts: () => true,
  async authenticate(credential) {
    if (credential !== 'admin') throw new InvalidTokenError('unknown');
    return { actor: 'token:admin', role: 'security-admin', department: undefined };
  },
};

/** The system routes and one route taking every kind of input; `reached` counts handler calls. */
function buildApp() {
  const metrics = createHubMetrics([]);
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator,
    validators: createAjvValidatorFactory(),
    metrics,
    bodyLimitBytes: 1024 * 1024,
  });
  registerSystemRoutes(routes, { metrics, version: '1', publicUrl: 'http://hub.test', readiness: [] });
  const seen = { reached: 0 };
  routes.add(
    {
      operationId: 'updateDepartment',
      method: 'POST',
      path: '/t/{uscc}',
      summary: 'input of every kind',
      tags: ['test'],
      params: { type: 'object', required: ['uscc'], properties: { uscc: { type: 'string' } } },
      query: { type: 'object', properties: { q: { type: 'string' } } },
      body: {
        'application/json': { type: 'object', additionalProperties: false, properties: { name: { type: 'string' } } },
        'application/jose': { type: 'string' },
        'application/x-www-form-urlencoded': { type: 'object' },
      },
      responses: { 200: { description: 'reached' } },
    },
    ({ c }) => {
      seen.reached++;
      return c.json({ ok: true });
    },
  );
  return { app, seen };
}

const admin = { authorization: 'Bearer admin' };
const post = (app: ReturnType<typeof buildApp>['app'], path: string, type: string, body: string) =>
  app.request(path, { method: 'POST', headers: { ...admin, 'content-type': type }, body });
const problem = async (response: Response) => ({ status: response.status, ...((await response.json()) as Record<string, any>) });

describe('the request edge', () => {
  it('refuses a JSON body naming a member twice, with its own code, before any route runs', async () => {
    const { app, seen } = buildApp();
    const refused = await problem(await post(app, '/t/X', 'application/json', '{"name":"新化县","name":"邵阳市"}'));
    expect(refused).toMatchObject({ status: 400, code: 'ERR_JSON_DUPLICATE_MEMBER', errors: [{ pointer: '/name' }] });
    expect(seen.reached).toBe(0);
    expect((await post(app, '/t/X', 'application/json', '{"name":"新化县"}')).status).toBe(200);
  });

  it('refuses NUL and lone surrogates in bodies, path and query parameters in one place (400 ERR_UNSAFE_TEXT)', async () => {
    const { app, seen } = buildApp();
    const attempts = [
      () => post(app, '/t/X', 'application/json', '{"name":"a\\u0000b"}'),
      () => post(app, '/t/X', 'application/json', '{"name":"a\\ud800b"}'),
      () => post(app, '/t/X', 'application/jose', 'a.b\u0000.c'),
      () => post(app, '/t/X', 'application/x-www-form-urlencoded', 'docNo=%00'),
      () => post(app, '/t/X%00', 'application/json', '{}'),
      () => post(app, '/t/X?q=%00', 'application/json', '{}'),
      () => post(app, '/t/X?other=a%00', 'application/json', '{}'),
      () => app.request('/docs/a%00b'),
    ];
    for (const attempt of attempts) expect(await problem(await attempt())).toMatchObject({ status: 400, code: 'ERR_UNSAFE_TEXT' });
    expect(seen.reached).toBe(0);
  });

  it('answers 404 for documentation assets that do not exist, inherited property names included', async () => {
    const { app } = buildApp();
    for (const name of ['constructor', '__proto__', 'toString', 'hasOwnProperty', 'nope.js']) {
      expect(await problem(await app.request(`/docs/${name}`)), name).toMatchObject({ status: 404, code: 'ERR_NOT_FOUND' });
    }
    expect((await app.request('/docs/init.js')).status).toBe(200);
    expect((await app.request('/docs/init.js', { method: 'POST' })).status).toBe(405);
  });

  it('lists at most 50 field errors of a 422 and counts the rest', async () => {
    const { app } = buildApp();
    const body = `{${Array.from({ length: 60_000 }, (_, i) => `"k${i}":1`).join(',')}}`;
    const response = await post(app, '/t/X', 'application/json', body);
    const text = await response.text();
    expect(response.status).toBe(422);
    expect(text.length).toBeLessThan(10_000);
    const refused = JSON.parse(text) as { errors: unknown[]; errorsOmitted: number };
    expect(refused.errors).toHaveLength(50);
    expect(refused.errorsOmitted).toBe(59_950);
  });
});

describe('serving from @hono/node-server', () => {
  let server: ServerType | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  // @hono/node-server hands the app a lightweight request and builds a whole web Request (abort
  // signal, web stream over the socket) only when something asks for one; it keeps that under a
  // symbol named `requestCache`. A JSON body with a declared length must be read without it.
  it('reads a body of declared length without building a web Request', async () => {
    const { app, seen } = buildApp();
    const built: boolean[] = [];
    const port = await new Promise<number>((resolve) => {
      server = serve(
        {
          fetch: async (request: Request) => {
            const response = await app.fetch(request);
            built.push(Object.getOwnPropertySymbols(request).some((s) => s.description === 'requestCache'));
            return response;
          },
          hostname: '127.0.0.1',
          port: 0,
        },
        (info) => resolve(info.port),
      );
    });
    const response = await fetch(`http://127.0.0.1:${port}/t/X`, {
      method: 'POST',
      headers: { ...admin, 'content-type': 'application/json' },
      body: '{"name":"新化县"}',
    });
    expect(response.status).toBe(200);
    expect(seen.reached).toBe(1);
    expect(built).toEqual([false]);
  });
});

describe('a 413 on a kept-alive connection', () => {
  let server: ServerType | undefined;
  afterEach(() => new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve())));

  /** Writes `head` (and `body`) on a raw socket; resolves with everything read until the server closes it. */
  async function exchange(head: string, body: Buffer): Promise<string> {
    const { app } = buildApp();
    const port = await new Promise<number>((resolve) => {
      server = serve({ fetch: app.fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
    });
    return new Promise((resolve, reject) => {
      const socket = connect(port, '127.0.0.1', () => {
        socket.write(head);
        socket.write(body, () => undefined);
      });
      let received = '';
      socket.on('data', (chunk) => (received += chunk.toString('latin1')));
      socket.on('error', (error) => (received ? resolve(received) : reject(error)));
      socket.on('close', () => resolve(received));
    });
  }

  it('says Connection: close and closes, for a declared length over the limit', async () => {
    const size = 2 * 1024 * 1024;
    const answer = await exchange(
      `POST /t/X HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\nAuthorization: Bearer admin\r\nContent-Type: application/json\r\nContent-Length: ${size}\r\n\r\n`,
      Buffer.alloc(64 * 1024, 0x20),
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
    expect(answer).not.toMatch(/keep-alive/i);
  });

  it('says Connection: close and closes, for a chunked body that grows over the limit', async () => {
    const chunk = Buffer.alloc(256 * 1024, 0x20);
    const chunked = Buffer.concat(
      Array.from({ length: 6 }, () => Buffer.concat([Buffer.from(`${chunk.length.toString(16)}\r\n`), chunk, Buffer.from('\r\n')])),
    );
    const answer = await exchange(
      `POST /t/X HTTP/1.1\r\nHost: hub\r\nConnection: keep-alive\r\nAuthorization: Bearer admin\r\nContent-Type: application/json\r\nTransfer-Encoding: chunked\r\n\r\n`,
      chunked,
    );
    expect(answer).toMatch(/^HTTP\/1\.1 413 /);
    expect(answer).toMatch(/\r\nconnection: close\r\n/i);
  });
});
