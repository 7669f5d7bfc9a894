/**
 * @module http/session-cookie
 * The console session cookie and the names of its anti-CSRF token, which the route gate
 * (http/route-auth) checks for every unsafe request a session makes.
 *
 * The session cookie is HttpOnly (scripts cannot read it), SameSite=Strict (other sites cannot make
 * the browser send it) and, behind https, Secure. SameSite alone is not the whole defence — older
 * browsers, and same-site pages of other origins — so every unsafe request authenticated by the
 * cookie must also present the session's synchronizer token, as the form field `_csrf` or the
 * `X-CSRF-Token` header.
 */
import type { Context } from 'hono';
import { deleteCookie, getCookie, setCookie } from 'hono/cookie';

export const SESSION_COOKIE = 'zz_session';
export const CSRF_FIELD = '_csrf';
export const CSRF_HEADER = 'X-CSRF-Token';

const SAFE_METHODS: ReadonlySet<string> = new Set(['GET', 'HEAD', 'OPTIONS']);

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
