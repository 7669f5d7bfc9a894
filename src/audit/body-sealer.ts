/**
 * @module audit/body-sealer
 * The `BodySealer` of the hub: AES-256-GCM (node:crypto) under a random 256-bit hub key kept in the
 * CA material store like the audit HMAC key (encrypted with the operator's passphrase, shared by
 * every instance). A fresh 96-bit nonce per body; the context (exchange id and part) is the
 * additional data, so a body copied to another row or part fails to open. The key id is a digest
 * of the key: it names the key without revealing it, and a body sealed under another key is
 * refused by name before any decryption is tried.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';
import { KeyDecryptError } from '../core/pki-errors.js';
import type { BodySealer } from '../core/ports/body-sealer.js';
import type { CaMaterialStore } from '../core/ports/ca-material-store.js';
import { openWithPassphrase, sealWithPassphrase } from '../core/secrets/passphrase-sealing.js';

export const BODY_KEY_NAME = 'data-body.key';
const NONCE_BYTES = 12;
const TAG_BYTES = 16;

export function createBodySealer(key: Uint8Array): BodySealer {
  if (key.length !== 32) throw new TypeError('the body key is 256 bits');
  const secret = Buffer.from(key);
  const keyId = `body-${createHash('sha256').update('zz-body-key-id\0').update(secret).digest('hex').slice(0, 16)}`;
  return {
    seal(plain, context) {
      const nonce = randomBytes(NONCE_BYTES);
      const cipher = createCipheriv('aes-256-gcm', secret, nonce, { authTagLength: TAG_BYTES });
      cipher.setAAD(Buffer.from(context, 'utf8'));
      const data = Buffer.concat([cipher.update(plain, 'utf8'), cipher.final()]);
      return { keyId, sealed: Buffer.concat([nonce, cipher.getAuthTag(), data]).toString('base64') };
    },
    open(sealed, context) {
      if (sealed.keyId !== keyId) throw new KeyDecryptError(`存档正文由密钥 ${sealed.keyId} 加密，本枢纽没有该密钥`);
      const raw = Buffer.from(sealed.sealed, 'base64');
      const decipher = createDecipheriv('aes-256-gcm', secret, raw.subarray(0, NONCE_BYTES), { authTagLength: TAG_BYTES });
      decipher.setAAD(Buffer.from(context, 'utf8'));
      decipher.setAuthTag(raw.subarray(NONCE_BYTES, NONCE_BYTES + TAG_BYTES));
      try {
        return Buffer.concat([decipher.update(raw.subarray(NONCE_BYTES + TAG_BYTES)), decipher.final()]).toString('utf8');
      } catch (cause) {
        throw new KeyDecryptError('存档正文无法解密：内容或其归属已被改动', { cause });
      }
    },
  };
}

/** The hub's body sealer, its key made on first use (call under the CA lock). */
export async function loadOrCreateBodySealer(store: CaMaterialStore, passphrase: string): Promise<BodySealer> {
  const stored = await store.read(BODY_KEY_NAME);
  if (stored) return createBodySealer(openWithPassphrase(stored, passphrase, '正文留存密钥无法解密：口令错误或存储已损坏'));
  const key = randomBytes(32);
  await store.write(BODY_KEY_NAME, sealWithPassphrase(key, passphrase), { secret: true });
  return createBodySealer(key);
}
