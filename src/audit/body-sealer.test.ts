import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyDecryptError } from '../core/pki-errors.js';
import { sealWithPassphrase } from '../core/secrets/passphrase-sealing.js';
import { InMemoryCaMaterialStore } from '../pki/ca/in-memory-ca-material-store.js';
import { BODY_KEYS, createBodySealer, LEGACY_BODY_KEY, openBodyKeyRing } from './body-sealer.js';

const PASSPHRASE = 'correct horse battery staple';
const BODY = '{"idNumber":"431322199203150030","name":"刘伟"}';
const CONTEXT = 'zz-data-body\0x-1\0request';

function ringOn(store: InMemoryCaMaterialStore, passphrase = PASSPHRASE) {
  return openBodyKeyRing({ withStore: (work) => work(store), passphrase });
}

describe('body key ring', () => {
  it('seals under the current key, and after a rotation opens what every earlier key sealed', async () => {
    const ring = await ringOn(new InMemoryCaMaterialStore());
    const before = ring.seal(BODY, CONTEXT);
    expect(before.keyId).toBe(ring.currentKeyId);
    expect(before.sealed).not.toContain('刘伟');
    const { keyId } = await ring.rotate();
    expect(keyId).toMatch(/^body-[0-9a-f]{16}$/);
    expect(keyId).not.toBe(before.keyId);
    const after = ring.seal(BODY, CONTEXT);
    expect(after.keyId).toBe(keyId);
    expect([ring.open(before, CONTEXT), ring.open(after, CONTEXT)]).toEqual([BODY, BODY]);
  });

  it('another instance opens bodies under a key rotated elsewhere once it learns or reloads, and then seals under it', async () => {
    const store = new InMemoryCaMaterialStore();
    const [a, b] = [await ringOn(store), await ringOn(store)];
    expect(b.currentKeyId).toBe(a.currentKeyId);
    const { keyId } = await b.rotate();
    const sealedOnB = b.seal(BODY, CONTEXT);
    expect(() => a.open(sealedOnB, CONTEXT)).toThrow(KeyDecryptError);
    await a.learn(keyId);
    expect(a.open(sealedOnB, CONTEXT)).toBe(BODY);
    expect(a.seal(BODY, CONTEXT).keyId).toBe(keyId);
    // The change notice makes an instance reload: it seals under the newest key without meeting it first.
    const { keyId: third } = await b.rotate();
    await a.reload();
    expect(a.currentKeyId).toBe(third);
  });

  it('refuses a body under an unknown key, a moved body and an altered one', async () => {
    const ring = await ringOn(new InMemoryCaMaterialStore());
    const sealed = ring.seal(BODY, CONTEXT);
    expect(() => ring.open({ ...sealed, keyId: 'body-0000000000000000' }, CONTEXT)).toThrow(KeyDecryptError);
    expect(() => ring.open(sealed, 'zz-data-body\0x-2\0request')).toThrow(KeyDecryptError);
    const raw = Buffer.from(sealed.sealed, 'base64');
    raw[raw.length - 1] = (raw.at(-1) as number) ^ 1;
    expect(() => ring.open({ ...sealed, sealed: raw.toString('base64') }, CONTEXT)).toThrow(KeyDecryptError);
  });

  it('takes the single key of a hub from before rotation as its first key: bodies it sealed keep opening', async () => {
    const store = new InMemoryCaMaterialStore();
    const legacyKey = randomBytes(32);
    await store.write(LEGACY_BODY_KEY, sealWithPassphrase(legacyKey, PASSPHRASE), { secret: true });
    const old = createBodySealer(legacyKey).seal(BODY, CONTEXT);
    const ring = await ringOn(store);
    expect(ring.currentKeyId).toBe(old.keyId);
    await ring.rotate();
    expect(ring.open(old, CONTEXT)).toBe(BODY);
    expect((await ringOn(store)).open(old, CONTEXT)).toBe(BODY);
  });

  it('keeps the ring sealed under the passphrase: secret in the store, unreadable with another passphrase', async () => {
    const store = new InMemoryCaMaterialStore();
    await ringOn(store);
    expect(store.entries.get(BODY_KEYS)?.secret).toBe(true);
    await expect(ringOn(store, 'another passphrase entirely')).rejects.toThrow(KeyDecryptError);
  });
});
