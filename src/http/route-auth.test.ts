import { describe, expect, it } from 'vitest';
import type { Authenticator } from '../core/auth/authenticator.js';
import { InvalidTokenError } from '../core/errors.js';
import { silentLogger } from '../core/ports/logger.js';
import { withSessions, type AuthenticatedSession, type SessionAuthenticator } from '../core/users/session-authenticator.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { createApp } from './app.js';
import { createHubMetrics } from './metrics.js';
import { registerTokenRoutes } from './routes/token-routes.js';

const SESSION_ID = 'S'.repeat(43);
const CSRF = 'c'.repeat(43);

const bearer: Authenticator = {
  accepts: () => true,
  async authenticate(credential) {
    if (credential !== 'admin-token') throw new InvalidTokenError('unknown');
    return { actor: 'token:admin', role: 'security-admin', department: undefined };
  },
};

const sessions: SessionAuthenticator = {
  async find(id): Promise<AuthenticatedSession | undefined> {
    if (id !== SESSION_ID) return undefined;
    return { principal: { actor: 'user:li.si', role: 'security-admin', department: undefined }, username: 'li.si', csrfToken: CSRF };
  },
  async end() {},
};

function buildApp(authenticator: Authenticator = withSessions(bearer, sessions)) {
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator,
    validators: createAjvValidatorFactory(),
    metrics: createHubMetrics([]),
    bodyLimitBytes: 64 * 1024,
  });
  registerTokenRoutes(routes, {
    async createApiToken(caller, input) {
      return {
        id: '00000000-0000-4000-8000-000000000000',
        token: `zz_for_${caller.actor}`,
        role: input.role as 'auditor',
        department: undefined,
        expiresAt: new Date('2030-01-01T00:00:00Z'),
      };
    },
  });
  // A form route, to show the `_csrf` field is read without consuming the body the handler needs.
  routes.add<{ body: Record<string, unknown> }>(
    {
      operationId: 'createDepartment', // borrowed: a security-admin operation not otherwise registered here
      method: 'POST',
      path: '/test/form',
      summary: 'test',
      tags: ['test'],
      body: { 'multipart/form-data': { type: 'object' } },
      responses: { 200: { description: 'echo' } },
    },
    ({ c, body, principal }) => c.json({ note: body.note, actor: principal?.actor }),
  );
  return app;
}

const json = async (response: Response) => (await response.json()) as Record<string, unknown>;

const postToken = (app: ReturnType<typeof buildApp>, headers: Record<string, string>) =>
  app.request('/v1/tokens', {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...headers },
    body: JSON.stringify({ role: 'auditor' }),
  });

describe('route registry: console session cookie', () => {
  it('authenticates an unsafe API call by cookie only with the session CSRF token in X-CSRF-Token', async () => {
    const app = buildApp();
    const missing = await postToken(app, { cookie: `zz_session=${SESSION_ID}` });
    expect(missing.status).toBe(403);
    expect(await json(missing)).toMatchObject({ code: 'ERR_CSRF', status: 403 });
    const wrong = await postToken(app, { cookie: `zz_session=${SESSION_ID}`, 'x-csrf-token': 'd'.repeat(43) });
    expect((await json(wrong)).code).toBe('ERR_CSRF');
    const ok = await postToken(app, { cookie: `zz_session=${SESSION_ID}`, 'x-csrf-token': CSRF });
    expect(ok.status).toBe(201);
    expect((await json(ok)).token).toBe('zz_for_user:li.si');
  });

  it('accepts the token as the _csrf form field and leaves the form readable for the handler', async () => {
    const app = buildApp();
    const form = (csrf?: string) => {
      const data = new FormData();
      data.set('note', '办件');
      if (csrf) data.set('_csrf', csrf);
      return app.request('/test/form', { method: 'POST', headers: { cookie: `zz_session=${SESSION_ID}` }, body: data });
    };
    expect((await json(await form())).code).toBe('ERR_CSRF');
    const ok = await form(CSRF);
    expect(ok.status).toBe(200);
    expect(await json(ok)).toEqual({ note: '办件', actor: 'user:li.si' });
  });

  it('prefers the bearer token when both are sent, and then asks for no CSRF token', async () => {
    const response = await postToken(buildApp(), { authorization: 'Bearer admin-token', cookie: `zz_session=${SESSION_ID}` });
    expect(response.status).toBe(201);
    expect((await json(response)).token).toBe('zz_for_token:admin');
  });

  it('answers 401 ERR_SESSION_INVALID for an ended or forged session', async () => {
    const response = await postToken(buildApp(), { cookie: `zz_session=${'X'.repeat(43)}`, 'x-csrf-token': CSRF });
    expect(response.status).toBe(401);
    expect(await json(response)).toMatchObject({ code: 'ERR_SESSION_INVALID' });
  });

  it('ignores the cookie when the hub was not wired with sessions', async () => {
    const response = await postToken(buildApp(bearer), { cookie: `zz_session=${SESSION_ID}`, 'x-csrf-token': CSRF });
    expect(response.status).toBe(401);
    expect((await json(response)).code).toBe('ERR_UNAUTHENTICATED');
  });
});
