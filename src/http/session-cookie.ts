/**
 * @module http/session-cookie
 * The console session cookie and the anti-CSRF check shared by the route registry (API calls made
 * from the console) and the console pages.
 *
 * The session cookie is HttpOnly (scripts cannot read it), SameSite=Strict (other sites cannot make
 * the browser send it) and, behind https, Secure. SameSite alone is not the whole defence — older
 * browsers, and same-site pages of other origins — so every unsafe request authenticated by the
 * cookie must also present the session's synchronizer token, as the form field `_csrf` or the
 * `X-CSRF-Token` header.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';
import { tokensMatch } from '../core/users/session-token.js';
import { CsrfError } from '../core/users/user-errors.js';

export const SESSION_COOKIE = 'zz_session';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);
const FORM_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

export function isUnsafeMethod(method: string): boolean {
  return !SAFE_METHODS.has(method.toUpperCase());
}

export function readSessionCookie(c: Context): string | undefined {
  return getCookie(c, SESSION_COOKIE) || undefined;
}

/** No Max-Age: the cookie dies with the browser; the server enforces the 8 h / 30 min limits. */
export function setSessionCookie(c: Context, sessionId: string, secure: boolean): void {
  setCookie(c, SESSION_COOKIE, sessionId, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
}

export function clearSessionCookie(c: Context, secure: boolean): void {
  deleteCookie(c, SESSION_COOKIE, { httpOnly: true, sameSite: 'Strict', path: '/', secure });
}

/** The token a request presents: the header, else the `_csrf` field of a form body. */
export async function presentedCsrfToken(c: Context): Promise<string | undefined> {
  const header = c.req.header(CSRF_HEADER);
  if (header) return header;
  const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
  if (!FORM_TYPES.has(type)) return undefined;
  // Hono caches the parsed body, so the handler can still read the form afterwards.
  const field = (await c.req.parseBody())[CSRF_FIELD];
  return typeof field === 'string' ? field : undefined;
}

/** Throws `CsrfError` unless the request presents `expected`. */
export async function assertCsrf(c: Context, expected: string): Promise<void> {
  if (!tokensMatch(expected, await presentedCsrfToken(c))) {
    throw new CsrfError(`this request needs the anti-CSRF token of your session (field ${CSRF_FIELD} or header ${CSRF_HEADER})`);
  }
}
