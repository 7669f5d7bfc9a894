import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE } from '../../../test/fixtures/pki.js';
import { KeyDecryptError } from '../../core/pki-errors.js';
import { InMemoryCaMaterialStore } from '../ca/in-memory-ca-material-store.js';
import { openRowMacKeyRing, ROW_MAC_KEYS } from './row-mac-key-ring.js';

describe('row MAC key ring', () => {
  it('MACs under the current key, keeps every earlier key checking after a rotation, and another instance loads the same keys', async () => {
    const store = new InMemoryCaMaterialStore();
    const withStore = <T>(work: (s: InMemoryCaMaterialStore) => Promise<T>) => work(store);
    const ring = await openRowMacKeyRing({ withStore, passphrase: FIXTURE_PASSPHRASE });
    const other = await openRowMacKeyRing({ withStore, passphrase: FIXTURE_PASSPHRASE });
    const before = ring.sign('row one');
    expect(before).toEqual({ kid: ring.currentKid, mac: expect.stringMatching(/^[0-9a-f]{64}$/) });
    expect(other.check('row one', before)).toBe(true);

    const { kid } = await ring.rotate();
    expect(kid).not.toBe(before.kid);
    const after = ring.sign('row two');
    expect(after.kid).toBe(kid);
    expect([ring.check('row one', before), ring.check('row two', after)]).toEqual([true, true]);
    // The other instance fails the new key's MACs until it reloads or learns the new key id.
    expect(other.check('row two', after)).toBe(false);
    await other.learn(kid);
    expect([other.check('row one', before), other.check('row two', after), other.currentKid]).toEqual([true, true, kid]);
    // Learning reads the store at most once a second: an unknown id planted in rows is no flood of reads.
    const { kid: third } = await ring.rotate();
    await other.learn(third);
    expect(other.check('row three', ring.sign('row three'))).toBe(false);
    await other.reload();
    expect(other.check('row three', ring.sign('row three'))).toBe(true);
  });

  it('refuses a changed message, a changed or foreign MAC and an unknown key id', async () => {
    const store = new InMemoryCaMaterialStore();
    const ring = await openRowMacKeyRing({ withStore: (work) => work(store), passphrase: FIXTURE_PASSPHRASE });
    const tag = ring.sign('status=revoked');
    expect(ring.check('status=valid', tag)).toBe(false);
    expect(ring.check('status=revoked', { ...tag, mac: tag.mac.replace(/^./, (c) => (c === '0' ? '1' : '0')) })).toBe(false);
    expect(ring.check('status=revoked', { ...tag, mac: 'zz' })).toBe(false);
    expect(ring.check('status=revoked', { ...tag, kid: 'unknown' })).toBe(false);
  });

  it('keeps the keys sealed under the passphrase: secret in the store, unreadable with another passphrase', async () => {
    const store = new InMemoryCaMaterialStore();
    await openRowMacKeyRing({ withStore: (work) => work(store), passphrase: FIXTURE_PASSPHRASE });
    expect(store.entries.get(ROW_MAC_KEYS)?.secret).toBe(true);
    await expect(openRowMacKeyRing({ withStore: (work) => work(store), passphrase: 'another passphrase entirely' })).rejects.toThrow(
      KeyDecryptError,
    );
  });
});
