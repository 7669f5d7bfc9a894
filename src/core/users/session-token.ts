/**
 * @module core/users/session-token
 * The secrets of a console session: an opaque id (32 random bytes, base64url) that lives only in
 * the browser's HttpOnly cookie and as a SHA-256 digest in the store, and an anti-CSRF synchronizer
 * token of the same strength that pages embed in their forms.
 */
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

/** Absolute lifetime 8 h (a working day), idle limit 30 min (a clerk away from the counter). */
export const SESSION_POLICY = { absoluteMs: 8 * 3600_000, idleMs: 30 * 60_000 } as const;

const SHAPE = /^[A-Za-z0-9_-]{43}$/;

export function generateSessionSecret(): string {
  return randomBytes(32).toString('base64url');
}

export function sessionDigest(sessionId: string): Uint8Array {
  return createHash('sha256').update(sessionId, 'utf8').digest();
}

/** Cheap shape check, so a garbage cookie never costs a query. */
export function looksLikeSessionSecret(value: string): boolean {
  return SHAPE.test(value);
}

/** Constant-time comparison of an expected token with what a request presented. */
export function tokensMatch(expected: string, presented: string | undefined): boolean {
  if (presented === undefined) return false;
  // Hash both first: timingSafeEqual needs equal lengths, and the digest hides the length too.
  const a = createHash('sha256').update(expected, 'utf8').digest();
  const b = createHash('sha256').update(presented, 'utf8').digest();
  return timingSafeEqual(a, b);
}
