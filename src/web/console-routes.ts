/**
 * @module web/console-routes
 * The console's sign-in, landing page and sign-out, registered through the route registry like
 * every other route (tag `console` in /openapi.json).
 *
 * The login form itself is protected against login CSRF (a foreign page signing the browser in to
 * an attacker's account) by a double-submit token: GET /console/login sets a random token in an
 * HttpOnly, SameSite=Strict cookie scoped to /console/login and puts the same value in the form;
 * POST /console/login accepts only when both are present and equal. Another site can neither read
 * the token nor make the browser send that cookie with its POST. This was preferred over an Origin
 * check because it does not depend on ZZ_PUBLIC_URL matching what a reverse proxy forwards.
 */
import type { Context } from 'hono';
import { getCookie, setCookie } from 'hono/cookie';
import { requestClientAddress, type ClientAddressResolver } from '../http/client-address.js';
import type { LoginService } from '../core/users/login-service.js';
import type { SessionAuthenticator } from '../core/users/session-authenticator.js';
import { generateSessionSecret, tokensMatch } from '../core/users/session-token.js';
import { LoginFailedError, LoginLockedError } from '../core/users/user-errors.js';
import type { HubEnv } from '../http/hub-env.js';
import type { CalendarGap } from '../core/cases/calendar-watch.js';
import { roleMay } from '../http/authorization.js';
import type { RouteRegistry } from '../http/route.js';
import { clearSessionCookie, CSRF_FIELD, readSessionCookie, setSessionCookie } from '../http/session-cookie.js';
import { homePage, loginPage } from './console-pages.js';
import { languageOf, messagesFor } from './i18n.js';
import { viewOf } from './console-shell.js';
import { sendPage } from './page-kit.js';

export interface ConsoleRouteDeps {
  login: LoginService;
  sessions: SessionAuthenticator;
  /** Cookies get `Secure` when the hub is reached over https (ZZ_PUBLIC_URL). */
  secureCookies: boolean;
  /** The department's name for display; undefined when it cannot be found. */
  departmentName(uscc: string): Promise<string | undefined>;
  /** The real client behind a trusted proxy (http/client-address), for the per-address sign-in lock. */
  clientAddress: ClientAddressResolver;
  /** Working calendar years to enter now, shown to those who may enter them. */
  calendarGap(): Promise<CalendarGap>;
}

const LOGIN_CSRF_COOKIE = 'zz_login_csrf';
const LOGIN_PATH = '/console/login';
const HTML = { description: 'HTML page', contentType: 'text/html' };
/** Fields are checked by the sign-in itself: any wrong value gets the same one message. */
const LOGIN_FORM = {
  type: 'object',
  properties: { username: { type: 'string' }, password: { type: 'string', format: 'password' }, [CSRF_FIELD]: { type: 'string' } },
} as const;
type LoginForm = { username?: string; password?: string; [CSRF_FIELD]?: string };
export const CONSOLE_PAGE = { mode: 'console' } as const;

export function registerConsoleRoutes(routes: RouteRegistry, deps: ConsoleRouteDeps): void {
  /** A fresh form token, set in the cookie that must come back with the form. */
  const issueLoginToken = (c: Context<HubEnv>) => {
    const token = generateSessionSecret();
    setCookie(c, LOGIN_CSRF_COOKIE, token, {
      httpOnly: true,
      sameSite: 'Strict',
      path: LOGIN_PATH,
      secure: deps.secureCookies,
      maxAge: 3600,
    });
    return token;
  };

  routes.add(
    {
      operationId: 'getConsoleLogin',
      method: 'GET',
      path: LOGIN_PATH,
      summary: '工作人员登录 — the console sign-in form',
      tags: ['console'],
      auth: CONSOLE_PAGE,
      responses: { 200: HTML, 303: { description: 'Already signed in: to /console' } },
    },
    async ({ c, session }) => {
      if (session) return c.redirect('/console', 303);
      return sendPage(c, loginPage({ csrfToken: issueLoginToken(c), t: messagesFor(languageOf(c)) }));
    },
  );

  routes.add<{ body: LoginForm }>(
    {
      operationId: 'postConsoleLogin',
      method: 'POST',
      path: LOGIN_PATH,
      summary: 'Sign in with username and password (HTML form)',
      description:
        'Form body (`application/x-www-form-urlencoded`): `username`, `password`, `_csrf` (the token of the form, ' +
        'matching the `zz_login_csrf` cookie set by GET /console/login). Success sets the `zz_session` cookie and ' +
        'redirects to /console; a failure shows the form again with one message for any wrong username or password; ' +
        'after repeated failures the answer is 429 with Retry-After.',
      tags: ['console'],
      body: { 'application/x-www-form-urlencoded': LOGIN_FORM, 'multipart/form-data': LOGIN_FORM },
      responses: {
        303: { description: 'Signed in: `zz_session` cookie set, redirect to /console' },
        401: { ...HTML, description: 'Wrong username or password (the form again)' },
        403: { ...HTML, description: 'The form token is missing, stale or foreign (the form again)' },
        429: { ...HTML, description: 'Locked after repeated failures; Retry-After in seconds' },
      },
    },
    async ({ c, body }) => {
      const t = messagesFor(languageOf(c));
      const formToken = getCookie(c, LOGIN_CSRF_COOKIE);
      if (!formToken || !tokensMatch(formToken, body[CSRF_FIELD])) {
        return sendPage(c, loginPage({ csrfToken: issueLoginToken(c), error: t.login.expired, t }), 403);
      }

      // A new sign-in always gets a new session id (no fixation); the browser's old one ends.
      const previous = readSessionCookie(c);
      if (previous) await deps.sessions.end(previous);
      try {
        const session = await deps.login.logIn({
          username: body.username ?? '',
          password: body.password ?? '',
          clientAddress: requestClientAddress(c, deps.clientAddress),
        });
        setSessionCookie(c, session.sessionId, deps.secureCookies);
        setCookie(c, LOGIN_CSRF_COOKIE, '', {
          httpOnly: true,
          sameSite: 'Strict',
          path: LOGIN_PATH,
          secure: deps.secureCookies,
          maxAge: 0,
        });
        c.header('Cache-Control', 'no-store');
        return c.redirect('/console', 303);
      } catch (error) {
        if (error instanceof LoginFailedError) return sendPage(c, loginPage({ csrfToken: formToken, error: t.login.failed, t }), 401);
        if (error instanceof LoginLockedError) {
          c.header('Retry-After', String(error.retryAfterSeconds));
          return sendPage(c, loginPage({ csrfToken: formToken, error: t.login.locked(error.retryAfterSeconds), t }), 429);
        }
        throw error;
      }
    },
  );

  routes.page(
    {
      operationId: 'getConsole',
      method: 'GET',
      path: '/console',
      summary: '工作台 — the console landing page (signed in by the session cookie)',
      tags: ['console'],
      auth: CONSOLE_PAGE,
      responses: { 200: HTML, 303: { description: 'Not signed in: to /console/login' } },
    },
    async ({ c, session }) => {
      const uscc = session.principal.department;
      const view = viewOf(c, session);
      const calendar = roleMay('correctCalendar', view.role) ? await deps.calendarGap() : undefined;
      return sendPage(c, homePage(view, uscc ? { uscc, name: await deps.departmentName(uscc) } : undefined, calendar));
    },
  );

  routes.page(
    {
      operationId: 'postConsoleLogout',
      method: 'POST',
      path: '/console/logout',
      summary: 'Sign out: the session ends on the hub (form field `_csrf` or header X-CSRF-Token required)',
      tags: ['console'],
      auth: CONSOLE_PAGE,
      body: {
        'application/x-www-form-urlencoded': { type: 'object', properties: { [CSRF_FIELD]: { type: 'string' } } },
        'multipart/form-data': { type: 'object', properties: { [CSRF_FIELD]: { type: 'string' } } },
      },
      responses: {
        303: { description: 'Signed out (or not signed in): to /console/login' },
        403: { description: 'Anti-CSRF token missing or wrong (`ERR_CSRF`)' },
      },
    },
    async ({ c }) => {
      // The gate found the session by this cookie and checked the anti-CSRF token.
      const sessionId = readSessionCookie(c);
      if (sessionId) await deps.sessions.end(sessionId);
      clearSessionCookie(c, deps.secureCookies);
      return c.redirect(LOGIN_PATH, 303);
    },
  );
}

/** The peer address of the connection; 'unknown' where there is no socket (in-process requests). */
