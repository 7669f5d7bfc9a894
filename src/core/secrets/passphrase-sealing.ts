/**
 * @module core/secrets/passphrase-sealing
 * Symmetric secrets of the hub (the audit's keyed-hash key, the licence-row MAC keys) at rest in
 * the CA material store: sealed with AES-256-GCM under a key derived from the operator's passphrase
 * by scrypt, so a copy of the database alone reveals none of them and a bit flipped in storage is
 * refused rather than silently used. One format for every such secret.
 */
import { Buffer } from 'node:buffer';
import { createCipheriv, createDecipheriv, randomBytes, scryptSync } from 'node:crypto';
import { KeyDecryptError } from '../pki-errors.js';

interface SealedSecret {
  v: 1;
  salt: string;
  iv: string;
  tag: string;
  data: string;
}

export function sealWithPassphrase(secret: Uint8Array, passphrase: string): Uint8Array {
  const salt = randomBytes(16);
  const iv = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', scryptSync(passphrase, salt, 32), iv);
  const data = Buffer.concat([cipher.update(secret), cipher.final()]);
  const sealed: SealedSecret = {
    v: 1,
    salt: salt.toString('base64'),
    iv: iv.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    data: data.toString('base64'),
  };
  return Buffer.from(JSON.stringify(sealed));
}

/** The secret back; `KeyDecryptError` with `refusal` (shown to the operator) on a wrong passphrase or damaged storage. */
export function openWithPassphrase(stored: Uint8Array, passphrase: string, refusal: string): Uint8Array {
  const sealed = JSON.parse(Buffer.from(stored).toString('utf8')) as SealedSecret;
  if (sealed.v !== 1) throw new TypeError(`unknown sealed secret format ${String(sealed.v)}`);
  const decipher = createDecipheriv(
    'aes-256-gcm',
    scryptSync(passphrase, Buffer.from(sealed.salt, 'base64'), 32),
    Buffer.from(sealed.iv, 'base64'),
  );
  decipher.setAuthTag(Buffer.from(sealed.tag, 'base64'));
  try {
    return Buffer.concat([decipher.update(Buffer.from(sealed.data, 'base64')), decipher.final()]);
  } catch (cause) {
    throw new KeyDecryptError(refusal, { cause });
  }
}
