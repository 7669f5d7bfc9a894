/**
 * @module web/page-kit
 * What every console route shares: how a page is sent (no caching, the console's CSP), and the
 * console auth of a page for signed-in staff — another role gets a 403 page naming who may (never
 * an empty page), a POST without the session's anti-CSRF token gets a 403 page asking to submit
 * again (the route gate checks the token; web never reads it itself).
 */
import type { Context } from 'hono';
import type { HubEnv } from '../http/hub-env.js';
import type { ConsolePageAuth } from '../http/route.js';
import { CONSOLE_CSP, rolesMay } from './console-pages.js';
import { shell, viewOf } from './console-shell.js';
import { html, type SafeHtml } from './html.js';

export const HTML_PAGE = { description: 'HTML page', contentType: 'text/html' } as const;
export const PAGE_RESPONSES = {
  200: HTML_PAGE,
  303: { description: 'Not signed in: to /console/login' },
  403: { ...HTML_PAGE, description: 'Another role’s page, or a form without the session’s anti-CSRF token' },
} as const;

export type PageStatus = 200 | 201 | 400 | 401 | 403 | 404 | 409 | 422 | 429;

export function sendPage(c: Context<HubEnv>, body: SafeHtml, status: PageStatus = 200): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Security-Policy', CONSOLE_CSP);
  return c.html(body.value, status);
}

/** Console auth for a staff page of `operationId` (its roles come from the authorisation table). */
export function staffPage(operationId: string): ConsolePageAuth {
  return {
    mode: 'console',
    forbidden(c, session) {
      const view = viewOf(c, session);
      const who = rolesMay(operationId, view.t);
      const body = html`<h1>${view.t.common.forbiddenTitle}</h1>
<p class="error" role="alert">${view.t.common.forbidden(who, view.t.roles[view.role])}</p>
<p><a href="/console">${view.t.common.backHome}</a></p>`;
      return sendPage(c, shell(view, view.t.common.forbiddenTitle, body), 403);
    },
    csrfRefused(c, session) {
      const view = viewOf(c, session);
      const body = html`<h1>${view.t.common.forbiddenTitle}</h1>
<p class="error" role="alert">${view.t.common.expired}</p>
<p><a href="/console">${view.t.common.backHome}</a></p>`;
      return sendPage(c, shell(view, view.t.common.forbiddenTitle, body), 403);
    },
  };
}
