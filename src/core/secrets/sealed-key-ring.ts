/**
 * @module core/secrets/sealed-key-ring
 * A ring of the hub's random 256-bit symmetric keys (the licence-row MAC keys, the exchange-body
 * keys), kept together under one name in the CA material store, sealed with the operator's
 * passphrase, so every instance shares them. Rotation adds a key and makes it current; no key is
 * ever dropped, because what was made under it must keep opening or verifying. Loading and rotating
 * run under the caller's store lock (`withStore`), so two instances never create or rotate at once;
 * `reload` picks up a rotation another instance made, and `learn` a key id met in a row before the
 * change notice arrived — at most one store read a second, so planted ids cannot flood the store.
 */
import { Buffer } from 'node:buffer';
import { randomBytes } from 'node:crypto';
import type { CaMaterialStore } from '../ports/ca-material-store.js';
import { openWithPassphrase, sealWithPassphrase } from './passphrase-sealing.js';

interface StoredKeys {
  current: string;
  keys: Record<string, string>;
}

/** Where a ring is kept: what every ring of the hub's keys is opened with. */
export interface KeyRingStorage {
  /** Runs `work` with the store under a lock held by one instance at a time. */
  withStore<T>(work: (store: CaMaterialStore) => Promise<T>): Promise<T>;
  passphrase: string;
}

export interface SealedKeyRingOptions extends KeyRingStorage {
  /** The store entry holding the ring. */
  name: string;
  /** The refusal when the entry does not open (wrong passphrase, damaged store). */
  refusal: string;
  /** The id a new key is known by. */
  kidOf(key: Buffer): string;
  /** A single key stored before the ring existed: it becomes the ring's first key, its id kept. */
  legacy?(store: CaMaterialStore): Promise<{ kid: string; key: Buffer } | undefined>;
}

export interface SealedKeyRing {
  /** The id of the key new work is done under. */
  readonly current: string;
  /** The key named `kid`, if the ring holds it. */
  key(kid: string): Buffer | undefined;
  /** A new current key; every earlier key stays. */
  rotate(): Promise<string>;
  /** Re-reads the keys from the store: another instance rotated them. */
  reload(): Promise<void>;
  /** Makes sure the ring holds `kid` if the store does (another instance may have rotated a moment ago). */
  learn(kid: string): Promise<void>;
}

export async function openSealedKeyRing(options: SealedKeyRingOptions): Promise<SealedKeyRing> {
  const { withStore, passphrase, name, refusal } = options;
  const read = async (store: CaMaterialStore): Promise<StoredKeys | undefined> => {
    const stored = await store.read(name);
    return stored && (JSON.parse(Buffer.from(openWithPassphrase(stored, passphrase, refusal)).toString('utf8')) as StoredKeys);
  };
  const write = (store: CaMaterialStore, keys: StoredKeys) =>
    store.write(name, sealWithPassphrase(Buffer.from(JSON.stringify(keys)), passphrase), { secret: true });
  const withKey = (keys: StoredKeys | undefined, kid: string, key: Buffer): StoredKeys => ({
    current: kid,
    keys: { ...keys?.keys, [kid]: key.toString('base64') },
  });
  const withNewKey = (keys: StoredKeys | undefined): StoredKeys => {
    let key: Buffer;
    let kid: string;
    do {
      key = randomBytes(32);
      kid = options.kidOf(key);
    } while (keys?.keys[kid] !== undefined);
    return withKey(keys, kid, key);
  };
  const load = () =>
    withStore(async (store) => {
      const existing = await read(store);
      if (existing) return existing;
      const legacy = await options.legacy?.(store);
      const created = legacy ? withKey(undefined, legacy.kid, legacy.key) : withNewKey(undefined);
      await write(store, created);
      return created;
    });

  let ring = toRing(await load());
  let lastLearnt = 0;
  let reading: Promise<void> | undefined;
  const reload = async () => {
    ring = toRing(await load());
  };
  return {
    get current() {
      return ring.current;
    },
    key: (kid) => ring.secrets.get(kid),
    async rotate() {
      ring = toRing(
        await withStore(async (store) => {
          const next = withNewKey(await read(store));
          await write(store, next);
          return next;
        }),
      );
      return ring.current;
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
  if (!secrets.has(stored.current)) throw new TypeError('the key ring names a current key it does not hold');
  return { current: stored.current, secrets };
}
