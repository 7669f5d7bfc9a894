/**
 * @module audit/keyed-hasher
 * `keyedHash` for personal ID numbers: HMAC-SHA-256 under a random 256-bit key. The key is made once
 * and kept in the CA material store (so every instance shares it), encrypted with the operator's
 * passphrase (scrypt → AES-256-GCM). Why not derive it from the passphrase with HKDF: HKDF adds no
 * work factor, so the key would be no stronger than the passphrase, and rotating the passphrase
 * would silently change every hash — old entries could no longer be found by ID number. A random
 * key re-encrypted under a new passphrase keeps its hashes.
 */
import { Buffer } from 'node:buffer';
import { createHmac, randomBytes } from 'node:crypto';
import { openWithPassphrase, sealWithPassphrase } from '../core/secrets/passphrase-sealing.js';
import type { CaMaterialStore } from '../core/ports/ca-material-store.js';
import type { PersonalIdHasher } from '../core/ports/personal-id-hasher.js';

export const AUDIT_HMAC_KEY_NAME = 'audit-id-hmac.key';
/** Prefixes body digests: an ID-number hash and a body digest never share an input space. */
const BODY_DIGEST_DOMAIN = 'zz-body-digest\0';

export function createKeyedHasher(key: Uint8Array): PersonalIdHasher {
  if (key.length < 32) throw new TypeError('the audit HMAC key needs at least 32 bytes');
  const secret = Buffer.from(key);
  return {
    keyedHash: (value) => createHmac('sha256', secret).update(value.trim().toUpperCase(), 'utf8').digest('hex'),
    keyedDigest: (text) => createHmac('sha256', secret).update(BODY_DIGEST_DOMAIN).update(text, 'utf8').digest('hex'),
  };
}

/** Loads the hasher's key from `store`, creating and storing one on first use (call under the CA lock). */
export async function loadOrCreateKeyedHasher(
  store: CaMaterialStore,
  passphrase: string,
  name = AUDIT_HMAC_KEY_NAME,
): Promise<PersonalIdHasher> {
  const stored = await store.read(name);
  if (stored) return createKeyedHasher(openWithPassphrase(stored, passphrase, '审计密钥无法解密：口令错误或存储已损坏'));
  const key = randomBytes(32);
  await store.write(name, sealWithPassphrase(key, passphrase), { secret: true });
  return createKeyedHasher(key);
}
