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
import { createCipheriv, createDecipheriv, createHmac, randomBytes, scryptSync } from 'node:crypto';
import { KeyDecryptError } from '../core/pki-errors.js';
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
  return createKeyedHasher(await loadOrCreateSecretKey(store, passphrase, name));
}

/**
 * A random 256-bit hub key kept under `name` in `store`, encrypted with the operator's passphrase;
 * made and stored on first use (call under the CA lock, so every instance shares one).
 */
export async function loadOrCreateSecretKey(store: CaMaterialStore, passphrase: string, name: string): Promise<Uint8Array> {
  const stored = await store.read(name);
  if (stored) return decryptKey(stored, passphrase);
  const key = randomBytes(32);
  await store.write(name, encryptKey(key, passphrase), { secret: true });
  return key;
}

interface SealedKey {
  v: 1;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

function encryptKey(key: Uint8Array, passphrase: string): Uint8Array {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(passphrase, salt, 32), iv);
  const data = Buffer.concat([cipher.update(key), cipher.final()]);
  const sealed: SealedKey = {
    v: 1,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return Buffer.from(JSON.stringify(sealed));
}

function decryptKey(stored: Uint8Array, passphrase: string): Uint8Array {
  const sealed = JSON.parse(Buffer.from(stored).toString('utf8')) as SealedKey;
  if (sealed.v !== 1) throw new TypeError(`unknown hub key format ${String(sealed.v)}`);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    scryptSync(passphrase, Buffer.from(sealed.salt, 'base64'), 32),
    Buffer.from(sealed.iv, 'base64'),
  );
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch (cause) {
    throw new KeyDecryptError('枢纽密钥无法解密：口令错误或存储已损坏', { cause });
  }
}
