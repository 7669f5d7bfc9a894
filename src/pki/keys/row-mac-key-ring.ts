/**
 * @module pki/keys/row-mac-key-ring
 * The licence-row MAC keys (`RowMacKeyRing`): HMAC-SHA-256 under the keys of a sealed key ring
 * (core/secrets/sealed-key-ring: random 256-bit keys, sealed with the operator's passphrase in the
 * CA material store, shared by every instance, none ever dropped — rows MACed under an earlier key
 * must keep verifying until the seal sweep has re-MACed them under the current one).
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { RowMacKeyRing, RowMacTag } from '../../core/ports/row-mac-keys.js';
import { openSealedKeyRing, type KeyRingStorage } from '../../core/secrets/sealed-key-ring.js';

export const ROW_MAC_KEYS = 'license-row-mac.keys';

export async function openRowMacKeyRing({ withStore, passphrase }: KeyRingStorage): Promise<RowMacKeyRing> {
  const ring = await openSealedKeyRing({
    withStore,
    passphrase,
    name: ROW_MAC_KEYS,
    refusal: '证照记录完整性密钥无法解密：口令错误或存储已损坏',
    kidOf: () => randomBytes(4).toString('hex'),
  });
  return {
    get currentKid() {
      return ring.current;
    },
    sign: (message) => ({ kid: ring.current, mac: hmac(ring.key(ring.current) as Buffer, message) }),
    check(message, tag: RowMacTag) {
      const key = ring.key(tag.kid);
      if (!key || !/^[0-9a-f]{64}$/.test(tag.mac)) return false;
      return timingSafeEqual(Buffer.from(hmac(key, message), 'hex'), Buffer.from(tag.mac, 'hex'));
    },
    rotate: async () => ({ kid: await ring.rotate() }),
    reload: ring.reload,
    learn: ring.learn,
  };
}

function hmac(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}
