/**
 * @module core/tokens/api-token
 * Opaque bearer tokens for automation and the bootstrap admin: `zz_` + 32 random bytes (base64url),
 * identified at rest by their SHA-256 digest only.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';

const PREFIX = 'zz_';
const SHAPE = /^zz_[A-Za-z0-9_-]{43}$/;

export function generateApiToken(): { id: string; token: string; tokenHash: Uint8Array } {
  const token = PREFIX + randomBytes(32).toString('base64url');
  return { id: randomUUID(), token, tokenHash: hashApiToken(token) };
}

export function hashApiToken(token: string): Uint8Array {
  return createHash('sha256').update(token, 'utf8').digest();
}

/** Cheap shape check before any lookup, so garbage never reaches the store. */
export function looksLikeApiToken(value: string): boolean {
  return SHAPE.test(value);
}
