import { describe, expect, it, vi } from 'vitest';
import * as authErrors from '../../core/auth/auth-errors.js';
import type { SystemTokenRequest } from '../../core/auth/issue-system-token.js';
import { DependencyUnavailableError, HubError, InvalidTokenError } from '../../core/errors.js';
import { CertificateRevokedError } from '../../core/pki-errors.js';
import { silentLogger } from '../../core/ports/logger.js';
import { createAjvValidatorFactory } from '../../contracts/ajv-validator-factory.js';
import { createApp } from '../app.js';
import { createHubMetrics } from '../metrics.js';
import { STATUS_BY_CODE } from '../problem.js';
import { registerAuthRoutes } from './auth-routes.js';

const FORM = 'application/x-www-form-urlencoded';
const ASSERTION_TYPE = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

function buildApp(issue: (request: SystemTokenRequest) => Promise<{ token: string; expiresIn: number; expiresAt: Date }>) {
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator: { accepts: () => true, authenticate: () => Promise.reject(new InvalidTokenError('no')) },
    validators: createAjvValidatorFactory(),
    metrics: createHubMetrics([]),
    bodyLimitBytes: 1024 * 1024,
  });
  registerAuthRoutes(routes, { issueSystemToken: issue });
  return app;
}

const post = (app: ReturnType<typeof buildApp>, body: string, contentType = FORM) =>
  app.request('/v1/auth/token', { method: 'POST', headers: { 'content-type': contentType }, body });

const form = (fields: Record<string, string>) => new URLSearchParams(fields).toString();

describe('POST /v1/auth/token', () => {
  it('passes the form fields to the use case and answers an uncacheable OAuth token response', async () => {
    const issue = vi.fn(async () => ({ token: 'eyJ.eyJ.sig', expiresIn: 900, expiresAt: new Date() }));
    const response = await post(
      buildApp(issue),
      form({ grant_type: 'client_credentials', client_assertion_type: ASSERTION_TYPE, client_assertion: 'a.b.c', scope: 'ignored' }),
    );
    expect(response.status).toBe(200);
    expect(response.headers.get('cache-control')).toBe('no-store');
    expect(response.headers.get('pragma')).toBe('no-cache');
    expect(await response.json()).toEqual({ access_token: 'eyJ.eyJ.sig', token_type: 'Bearer', expires_in: 900 });
    expect(issue).toHaveBeenCalledWith({
      grant_type: 'client_credentials',
      client_assertion_type: ASSERTION_TYPE,
      client_assertion: 'a.b.c',
      scope: 'ignored',
    });
  });

  it('takes form bodies only, and refuses a repeated parameter', async () => {
    const issue = vi.fn();
    const app = buildApp(issue);
    const json = await post(app, JSON.stringify({ grant_type: 'client_credentials' }), 'application/json');
    expect(json.status).toBe(415);
    expect(await json.json()).toMatchObject({ code: 'ERR_UNSUPPORTED_MEDIA_TYPE' });
    const repeated = await post(app, 'grant_type=client_credentials&client_assertion=a&client_assertion=b');
    expect(repeated.status).toBe(400);
    expect(await repeated.json()).toMatchObject({ code: 'ERR_MALFORMED_REQUEST', detail: 'the form field client_assertion is repeated' });
    expect(issue).not.toHaveBeenCalled();
  });

  const oauthErrors: Record<string, string> = {
    ERR_TOKEN_REQUEST_INVALID: 'invalid_request',
    ERR_GRANT_TYPE_UNSUPPORTED: 'unsupported_grant_type',
  };
  const classes = Object.values(authErrors).filter((e): e is typeof HubError => typeof e === 'function' && e.prototype instanceof HubError);

  it.each(classes.map((c) => [c.code, c] as const))(
    'answers %s as problem+json with its status and OAuth error',
    async (code, ErrorClass) => {
      const app = buildApp(() => Promise.reject(new ErrorClass('refused', { extra: { claim: 'exp' } })));
      const response = await post(app, form({ grant_type: 'client_credentials' }));
      expect(response.status).toBe(STATUS_BY_CODE[code]);
      expect(response.status).toBeLessThan(500);
      expect(response.headers.get('content-type')).toBe('application/problem+json');
      expect(response.headers.get('cache-control')).toBe('no-store');
      expect(await response.json()).toMatchObject({
        type: `urn:zhengzhao:problem:${code}`,
        status: STATUS_BY_CODE[code],
        code,
        detail: 'refused',
        claim: 'exp',
        error: oauthErrors[code] ?? 'invalid_client',
        instance: '/v1/auth/token',
      });
    },
  );

  it('keeps the validator’s certificate codes, as invalid_client', async () => {
    const response = await post(
      buildApp(() => Promise.reject(new CertificateRevokedError('吊销'))),
      form({}),
    );
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'ERR_CERT_REVOKED', error: 'invalid_client' });
  });

  it('does not blame the client for a server-side failure', async () => {
    const response = await post(
      buildApp(() => Promise.reject(new DependencyUnavailableError('db down'))),
      form({}),
    );
    expect(response.status).toBe(503);
    expect(await response.json()).not.toHaveProperty('error');
  });
});
