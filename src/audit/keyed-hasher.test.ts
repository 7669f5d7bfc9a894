import { createHmac } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyDecryptError } from '../core/pki-errors.js';
import { InMemoryCaMaterialStore } from '../pki/ca/in-memory-ca-material-store.js';
import { AUDIT_HMAC_KEY_NAME, createKeyedHasher, loadOrCreateKeyedHasher } from './keyed-hasher.js';

const PASSPHRASE = 'correct horse battery staple';
const ID = '11010519491231002X';

describe('keyed hash of personal ID numbers', () => {
  it('is HMAC-SHA-256 in hex over the trimmed, upper-cased value', () => {
    const key = new Uint8Array(32).fill(7);
    const hasher = createKeyedHasher(key);
    expect(hasher.keyedHash(' 11010519491231002x ')).toBe(createHmac('sha256', key).update(ID).digest('hex'));
    expect(hasher.keyedHash(ID)).toMatch(/^[0-9a-f]{64}$/);
    expect(createKeyedHasher(new Uint8Array(32).fill(8)).keyedHash(ID)).not.toBe(hasher.keyedHash(ID));
  });

  it('digests a body over its exact text, apart from the ID-number hashes', () => {
    const hasher = createKeyedHasher(new Uint8Array(32).fill(7));
    const body = '{"idNumber":"11010519491231002x","name":"张三"}';
    expect(hasher.keyedDigest(body)).toMatch(/^[0-9a-f]{64}$/);
    expect(hasher.keyedDigest(body)).not.toBe(hasher.keyedDigest(body.toUpperCase()));
    expect(hasher.keyedDigest(` ${body}`)).not.toBe(hasher.keyedDigest(body));
    expect(hasher.keyedDigest(ID)).not.toBe(hasher.keyedHash(ID));
    expect(createKeyedHasher(new Uint8Array(32).fill(8)).keyedDigest(body)).not.toBe(hasher.keyedDigest(body));
  });

  it('creates one random key, stores it encrypted, and finds it again with the passphrase only', async () => {
    const store = new InMemoryCaMaterialStore();
    const first = await loadOrCreateKeyedHasher(store, PASSPHRASE);
    const stored = Buffer.from((await store.read(AUDIT_HMAC_KEY_NAME)) as Uint8Array).toString('utf8');
    expect(stored).not.toContain(ID);
    expect(JSON.parse(stored)).toMatchObject({ v: 1 });
    const again = await loadOrCreateKeyedHasher(store, PASSPHRASE);
    expect(again.keyedHash(ID)).toBe(first.keyedHash(ID));
    expect((await loadOrCreateKeyedHasher(new InMemoryCaMaterialStore(), PASSPHRASE)).keyedHash(ID)).not.toBe(first.keyedHash(ID));
    await expect(loadOrCreateKeyedHasher(store, 'another passphrase')).rejects.toBeInstanceOf(KeyDecryptError);
  });

  it('refuses short keys', () => {
    expect(() => createKeyedHasher(new Uint8Array(16))).toThrow(TypeError);
  });
});
