/**
 * @module core/users/password-hash
 * Staff passwords are stored as scrypt hashes in a self-describing string
 * `scrypt$N$r$p$salt$hash` (salt and hash base64, no padding), so the cost can be raised later
 * without losing the ability to check existing hashes. Hashing runs on libuv's thread pool
 * (async `scrypt`), never on the event loop.
 */
import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/** N = 2^15, r = 8, p = 1: OWASP's scrypt baseline; about 32 MiB and tens of milliseconds per hash. */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const SALT_BYTES = 16;
const KEY_BYTES = 32;

// A tampered hash string must not make the hub burn unbounded memory or CPU: stored parameters are
// accepted only within these bounds (scrypt needs about 128·N·r bytes).
const MAX_MEMORY_BYTES = 256 * 1024 * 1024;
const MAX_P = 16;

const B64 = /^[A-Za-z0-9+/]+$/;

interface ParsedHash {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(password, salt, KEY_BYTES, SCRYPT_PARAMS);
  const { N, r, p } = SCRYPT_PARAMS;
  return ['scrypt', N, r, p, b64(salt), b64(hash)].join('$');
}

/**
 * Whether the password matches the stored hash. The comparison is constant-time; a stored string
 * that is not a well-formed scrypt hash throws `TypeError` (a corrupt store, not a wrong password).
 */
export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const parsed = parseHash(stored);
  const candidate = await derive(password, parsed.salt, parsed.hash.length, parsed);
  return timingSafeEqual(candidate, parsed.hash);
}

function parseHash(stored: string): ParsedHash {
  const parts = stored.split('$');
  const [scheme, n, r, p, salt, hash] = parts;
  const numbers = [n, r, p].map((v) => (v !== undefined && /^[1-9]\d{0,7}$/.test(v) ? Number(v) : NaN));
  const [N, R, P] = numbers as [number, number, number];
  const ok =
    parts.length === 6 &&
    scheme === 'scrypt' &&
    Number.isInteger(Math.log2(N)) &&
    N >= 2 &&
    R >= 1 &&
    128 * N * R <= MAX_MEMORY_BYTES &&
    P >= 1 &&
    P <= MAX_P &&
    B64.test(salt ?? '') &&
    B64.test(hash ?? '');
  if (!ok) throw new TypeError('the stored password hash is not a well-formed scrypt hash');
  const saltBytes = Buffer.from(salt as string, 'base64');
  const hashBytes = Buffer.from(hash as string, 'base64');
  if (saltBytes.length < SALT_BYTES || hashBytes.length < 16 || hashBytes.length > 64) {
    throw new TypeError('the stored password hash has a short salt or a bad key length');
  }
  return { N, r: R, p: P, salt: saltBytes, hash: hashBytes };
}

function derive(password: string, salt: Buffer, length: number, params: { N: number; r: number; p: number }): Promise<Buffer> {
  const options: ScryptOptions = {
    N: params.N,
    r: params.r,
    p: params.p,
    // Node's default limit (32 MiB) is exactly what N = 2^15, r = 8 needs, and scrypt needs a bit
    // more than 128·N·r; allow twice that.
    maxmem: 256 * params.N * params.r,
  };
  return new Promise((resolve, reject) => {
    scrypt(password.normalize('NFC'), salt, length, options, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

function b64(bytes: Buffer): string {
  return bytes.toString('base64').replace(/=+$/, '');
}
