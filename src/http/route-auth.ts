/**
 * @module http/route-auth
 * Who is calling, as a route's declaration says to find out (http/route): a bearer token or a
 * console session for the API, the session alone for console pages. Then whether the
 * authorisation table lets them, and — for a session, on an unsafe method — whether the request
 * carries the session's anti-CSRF token (http/session-cookie), checked once the body is parsed so a
 * form's `_csrf` field counts.
 *
 * API callers get problem documents (401 with `WWW-Authenticate`, 403); console pages send a
 * visitor without a session to the sign-in form and let the page answer a signed-in user itself.
 */
import type { Context } from 'hono';
import type { Authenticator } from '../core/auth/authenticator.js';
import type { Principal } from '../core/auth/principal.js';
import { ForbiddenError, UnauthenticatedError } from '../core/errors.js';
import { sessionsOf, type AuthenticatedSession, type SessionAuthenticator } from '../core/users/session-authenticator.js';
import { CsrfError, SessionInvalidError } from '../core/users/user-errors.js';
import { tokensMatch } from '../core/users/session-token.js';
import type { Access } from './authorization.js';
import type { HubEnv } from './hub-env.js';
import type { RouteAuth } from './route-spec.js';
import { isFormBody } from './route-input.js';
import { clearSessionCookie, CSRF_FIELD, CSRF_HEADER, isUnsafeMethod, readSessionCookie } from './session-cookie.js';

export interface Caller {
  principal: Principal | undefined;
  session: AuthenticatedSession | undefined;
}

export interface RouteGateDeps {
  authenticator: Authenticator;
  loginPath: string;
  secureCookies: boolean;
}

export interface RouteGate {
  /** The caller, or the answer instead (a redirect to the sign-in form, a page). Throws problems. */
  admit(c: Context<HubEnv>, auth: RouteAuth, access: Access): Promise<Caller | Response>;
  /** Undefined when the request may go on; a page to answer instead; throws `CsrfError` otherwise. */
  checkCsrf(c: Context<HubEnv>, auth: RouteAuth, caller: Caller, body: unknown): Promise<Response | undefined>;
}

const NOBODY: Caller = { principal: undefined, session: undefined };

export function createRouteGate(deps: RouteGateDeps): RouteGate {
  const sessions = sessionsOf(deps.authenticator);

  async function consoleSession(c: Context<HubEnv>, store: SessionAuthenticator | undefined): Promise<AuthenticatedSession | undefined> {
    const sessionId = readSessionCookie(c);
    const session = sessionId && store ? await store.find(sessionId) : undefined;
    if (!session && sessionId) clearSessionCookie(c, deps.secureCookies);
    return session;
  }

  return {
    async admit(c, auth, access) {
      if (auth !== 'bearer') {
        const session = await consoleSession(c, sessions);
        if (session) c.set('principal', session.principal);
        if (access === 'public') return session ? { principal: session.principal, session } : NOBODY;
        if (!session) return c.redirect(deps.loginPath, 303);
        if (!permits(access, session.principal)) {
          if (auth.forbidden) return auth.forbidden(c, session);
          throw new ForbiddenError('your role may not perform this operation');
        }
        return { principal: session.principal, session };
      }
      if (access === 'public') return NOBODY;
      const caller = await bearerOrSession(c, deps.authenticator, sessions);
      c.set('principal', caller.principal);
      if (!permits(access, caller.principal)) throw new ForbiddenError('your role may not perform this operation');
      return caller;
    },

    async checkCsrf(c, auth, caller, body) {
      const session = caller.session;
      if (!session || !isUnsafeMethod(c.req.method)) return undefined;
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
      const field =
        isFormBody(type) && body !== null && typeof body === 'object' ? (body as Record<string, unknown>)[CSRF_FIELD] : undefined;
      const presented = c.req.header(CSRF_HEADER) ?? (typeof field === 'string' ? field : undefined);
      if (tokensMatch(session.csrfToken, presented)) return undefined;
      if (auth !== 'bearer' && auth.csrfRefused) return auth.csrfRefused(c, session);
      throw new CsrfError(`this request needs the anti-CSRF token of your session (field ${CSRF_FIELD} or header ${CSRF_HEADER})`);
    },
  };
}

function permits(access: Access, principal: Principal | undefined): boolean {
  if (access === 'public') return true;
  if (!principal) return false;
  return access === 'authenticated' || access.includes(principal.role);
}

/**
 * Bearer first; without an Authorization header a console session cookie may authenticate (the
 * console's own API calls), and then every unsafe method must carry the anti-CSRF token too.
 */
async function bearerOrSession(
  c: Context<HubEnv>,
  authenticator: Authenticator,
  sessions: SessionAuthenticator | undefined,
): Promise<Caller> {
  const header = c.req.header('authorization');
  const sessionId = header === undefined && sessions ? readSessionCookie(c) : undefined;
  if (sessions && sessionId !== undefined) {
    const session = await sessions.find(sessionId);
    if (!session) {
      c.header('WWW-Authenticate', 'Bearer realm="zhengzhao"');
      throw new SessionInvalidError('the console session has ended; sign in again');
    }
    return { principal: session.principal, session };
  }
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header('WWW-Authenticate', 'Bearer realm="zhengzhao"');
    throw new UnauthenticatedError('this operation needs a bearer token');
  }
  return { principal: await authenticator.authenticate(match[1] as string), session: undefined };
}
