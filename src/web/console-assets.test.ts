import { describe, expect, it } from 'vitest';
import { silentLogger } from '../core/ports/logger.js';
import { withSessions } from '../core/users/session-authenticator.js';
import { createAjvValidatorFactory } from '../contracts/ajv-validator-factory.js';
import { createApp } from '../http/app.js';
import { createHubMetrics } from '../http/metrics.js';
import { registerConsoleAssetRoutes } from './console-assets.js';

function buildApp() {
  const { app, routes } = createApp({
    logger: silentLogger,
    authenticator: withSessions(
      { accepts: () => false, authenticate: () => Promise.reject(new Error('none')) },
      {
        find: async () => undefined,
        end: async () => {},
      },
    ),
    validators: createAjvValidatorFactory(),
    metrics: createHubMetrics([]),
    bodyLimitBytes: 64 * 1024,
    console: { loginPath: '/console/login', secureCookies: false },
  });
  registerConsoleAssetRoutes(routes, { secureCookies: false });
  return app;
}

describe('the language switch', () => {
  const app = buildApp();
  const back = async (to: string) => {
    const response = await app.request(`/console/language?to=en&back=${encodeURIComponent(to)}`);
    expect(response.status).toBe(303);
    expect(response.headers.get('set-cookie')).toContain('zz_lang=en');
    return response.headers.get('location');
  };

  it('goes back to the console page with its query string', async () => {
    expect(await back('/console/admin/catalogue/item?code=XH-SC-0901')).toBe('/console/admin/catalogue/item?code=XH-SC-0901');
    expect(await back('/console/supervision?from=2026-01-01&to=')).toBe('/console/supervision?from=2026-01-01&to=');
  });

  it('goes to the landing page instead of another site, a header break or a raw query', async () => {
    for (const target of [
      'https://evil.example/console',
      '//evil.example/console',
      '/console//evil.example',
      '/consolex',
      '/console?a=1\r\nSet-Cookie: x=1',
      '/console?a=<b>',
    ]) {
      expect(await back(target)).toBe('/console');
    }
  });
});
