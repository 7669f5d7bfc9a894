/**
 * @module pki/keys/row-mac-key-ring
 * The licence-row MAC keys (`RowMacKeyRing`): random 256-bit HMAC-SHA-256 keys kept together, sealed
 * with the operator's passphrase, in the CA material store — every instance shares them. Rotation
 * adds a key and makes it current; no key is ever dropped, because rows MACed under it must keep
 * verifying until the seal sweep has re-MACed them under the current one. Loading and rotating run
 * under the caller's store lock (`withStore`), so two instances never create or rotate at once;
 * `reload` picks up a rotation another instance made.
 */
import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import type { CaMaterialStore } from '../../core/ports/ca-material-store.js';
import type { RowMacKeyRing, RowMacTag } from '../../core/ports/row-mac-keys.js';
import { openWithPassphrase, sealWithPassphrase } from '../../core/secrets/passphrase-sealing.js';

export const ROW_MAC_KEYS = 'license-row-mac.keys';
const REFUSAL = '证照记录完整性密钥无法解密：口令错误或存储已损坏';

interface StoredKeys {
  current: string;
  keys: Record<string, string>;
}

export interface RowMacKeyRingOptions {
  /** Runs `work` with the store under a lock held by one instance at a time. */
  withStore<T>(work: (store: CaMaterialStore) => Promise<T>): Promise<T>;
  passphrase: string;
}

export async function openRowMacKeyRing({ withStore, passphrase }: RowMacKeyRingOptions): Promise<RowMacKeyRing> {
  const read = async (store: CaMaterialStore): Promise<StoredKeys | undefined> => {
    const stored = await store.read(ROW_MAC_KEYS);
    return stored && (JSON.parse(Buffer.from(openWithPassphrase(stored, passphrase, REFUSAL)).toString('utf8')) as StoredKeys);
  };
  const write = (store: CaMaterialStore, keys: StoredKeys) =>
    store.write(ROW_MAC_KEYS, sealWithPassphrase(Buffer.from(JSON.stringify(keys)), passphrase), { secret: true });
  const withNewKey = (keys: StoredKeys | undefined): StoredKeys => {
    let kid: string;
    do kid = randomBytes(4).toString('hex');
    while (keys?.keys[kid] !== undefined);
    return { current: kid, keys: { ...keys?.keys, [kid]: randomBytes(32).toString('base64') } };
  };
  const load = () =>
    withStore(async (store) => {
      const existing = await read(store);
      if (existing) return existing;
      const created = withNewKey(undefined);
      await write(store, created);
      return created;
    });

  let ring = toRing(await load());
  // Reads on behalf of `learn`: at most one a second.
  let lastLearnt = 0;
  let reading: Promise<void> | undefined;
  const reload = async () => {
    ring = toRing(await load());
  };
  return {
    get currentKid() {
      return ring.current;
    },
    sign: (message) => ({ kid: ring.current, mac: hmac(ring.secrets.get(ring.current) as Buffer, message) }),
    check(message, tag: RowMacTag) {
      const key = ring.secrets.get(tag.kid);
      if (!key || !/^[0-9a-f]{64}$/.test(tag.mac)) return false;
      return timingSafeEqual(Buffer.from(hmac(key, message), 'hex'), Buffer.from(tag.mac, 'hex'));
    },
    async rotate() {
      const rotated = await withStore(async (store) => {
        const next = withNewKey(await read(store));
        await write(store, next);
        return next;
      });
      ring = toRing(rotated);
      return { kid: ring.current };
    },
    reload,
    async learn(kid) {
      if (ring.secrets.has(kid)) return;
      if (!reading && Date.now() - lastLearnt >= 1_000) {
        lastLearnt = Date.now();
        reading = reload().finally(() => (reading = undefined));
      }
      await reading;
    },
  };
}

function toRing(stored: StoredKeys) {
  const secrets = new Map(Object.entries(stored.keys).map(([kid, key]) => [kid, Buffer.from(key, 'base64')]));
  if (!secrets.has(stored.current)) throw new TypeError('the row MAC key store names a current key it does not hold');
  return { current: stored.current, secrets };
}

function hmac(key: Buffer, message: string): string {
  return createHmac('sha256', key).update(message, 'utf8').digest('hex');
}
