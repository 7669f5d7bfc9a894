/**
 * @module audit/body-sealer
 * The `BodyKeyRing` of the hub: AES-256-GCM (node:crypto) under random 256-bit hub keys kept as a
 * sealed key ring in the CA material store (core/secrets/sealed-key-ring: encrypted with the
 * operator's passphrase, shared by every instance, rotated by a security admin, no key dropped). A
 * fresh 96-bit nonce per body; the context (exchange id and part) is the additional data, so a body
 * copied to another row or part fails to open. The key id is a digest of the key: it names the key
 * without revealing it, and a body sealed under a key the ring does not hold is refused by name
 * before any decryption is tried.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyDecryptError } from '../core/pki-errors.js';
import type { BodyKeyRing, BodySealer, SealedText } from '../core/ports/body-sealer.js';
import { openWithPassphrase } from '../core/secrets/passphrase-sealing.js';
import { openSealedKeyRing, type KeyRingStorage } from '../core/secrets/sealed-key-ring.js';

export const BODY_KEYS = 'data-body.keys';
/** The single body key of hubs from before rotation: imported as the ring's first key, its bodies still open. */
export const LEGACY_BODY_KEY = 'data-body.key';
const REFUSAL = '正文留存密钥无法解密：口令错误或存储已损坏';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

const bodyKeyId = (key: Buffer) => `body-${createHash('sha256').update('zz-body-key-id\0').update(key).digest('hex').slice(0, 16)}`;

function seal(key: Buffer, keyId: string, plain: string, context: string): SealedText {
  const nonce = randomBytes(NONCE_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, nonce, { authTagLength: TAG_BYTES });
  cipher.setAAD(Buffer.from(context, 'utf8'));
  const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
  return { keyId, sealed: Buffer.concat([nonce, cipher.getAuthTag(), data]).toString('base64') };
}

function open(key: Buffer | undefined, sealed: SealedText, context: string): string {
  if (!key) throw new KeyDecryptError(`存档正文由密钥 ${sealed.keyId} 加密，本枢纽没有该密钥`);
  const raw = Buffer.from(sealed.sealed, 'base64');
  const decipher = createDecipheriv('aes-256-gcm', key, raw.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
  decipher.setAAD(Buffer.from(context, 'utf8'));
  decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
  try {
    return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
  } catch (cause) {
    throw new KeyDecryptError('存档正文无法解密：内容或其归属已被改动', { cause });
  }
}

/** A sealer under one fixed key (unit tests, tools): it never learns another. */
export function createBodySealer(key: Uint8Array): BodySealer {
  if (key.length !== 32) throw new TypeError('the body key is 256 bits');
  const secret = Buffer.from(key);
  const keyId = bodyKeyId(secret);
  return {
    seal: (plain, context) => seal(secret, keyId, plain, context),
    open: (sealed, context) => open(sealed.keyId === keyId ? secret : undefined, sealed, context),
    learn: async () => {},
  };
}

/** The hub's body keys, made on first use; a pre-rotation single key becomes the first of the ring. */
export async function openBodyKeyRing({ withStore, passphrase }: KeyRingStorage): Promise<BodyKeyRing> {
  const ring = await openSealedKeyRing({
    withStore,
    passphrase,
    name: BODY_KEYS,
    refusal: REFUSAL,
    kidOf: bodyKeyId,
    async legacy(store) {
      const stored = await store.read(LEGACY_BODY_KEY);
      if (!stored) return undefined;
      const key = Buffer.from(openWithPassphrase(stored, passphrase, REFUSAL));
      return { kid: bodyKeyId(key), key };
    },
  });
  return {
    get currentKeyId() {
      return ring.current;
    },
    seal: (plain, context) => seal(ring.key(ring.current) as Buffer, ring.current, plain, context),
    open: (sealed, context) => open(ring.key(sealed.keyId), sealed, context),
    learn: ring.learn,
    rotate: async () => ({ keyId: await ring.rotate() }),
    reload: ring.reload,
  };
}
