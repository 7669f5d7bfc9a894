import { createPrivateKey, createPublicKey, verify } from 'node:crypto';
import { mkdtemp, readFile, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyDecryptError } from '../../core/pki-errors.js';
import { FileCaMaterialStore } from '../ca/file-ca-material-store.js';
import { InMemoryCaMaterialStore } from '../ca/in-memory-ca-material-store.js';
import { FileSigner, loadFileSigner, loadOrCreateSigner, saveFileSigner } from './file-signer.js';
import { FIXTURE_PASSPHRASE } from '../../../test/fixtures/pki.js';

let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zz-signer-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('FileSigner', () => {
  it.each([
    ['ES256', 'sha256', 64],
    ['ES384', 'sha384', 96],
    ['EdDSA', null, 64],
  ] as const)('%s signs in JOSE format verifiable with the published SPKI', async (algorithm, hash, length) => {
    const signer = FileSigner.generate(algorithm);
    const data = new TextEncoder().encode('证照');
    const signature = await signer.sign(data);
    expect(signature.byteLength).toBe(length);
    const key = createPublicKey({ key: Buffer.from(signer.publicKeySpki), format: 'der', type: 'spki' });
    expect(verify(hash, data, { key, dsaEncoding: 'ieee-p1363' }, signature)).toBe(true);
  });

  it('stores the key encrypted, mode 0600, and loads it back', async () => {
    const store = new FileCaMaterialStore(join(dir, 'ca'));
    const signer = FileSigner.generate('ES384');
    await saveFileSigner(store, 'test.key.pem', signer, FIXTURE_PASSPHRASE);
    const file = join(dir, 'ca', 'test.key.pem');
    expect((await stat(file)).mode & 0o777).toBe(0o600);
    expect((await stat(join(dir, 'ca'))).mode & 0o777).toBe(0o700);
    const pem = await readFile(file, 'utf8');
    // Encrypted at rest: unusable without the passphrase, usable with it.
    expect(() => createPrivateKey(pem)).toThrow();
    expect(createPrivateKey({ key: pem, passphrase: FIXTURE_PASSPHRASE }).asymmetricKeyType).toBe('ec');
    const loaded = await loadFileSigner(store, 'test.key.pem', FIXTURE_PASSPHRASE);
    expect(loaded?.algorithm).toBe('ES384');
    expect(Buffer.from(loaded!.publicKeySpki)).toEqual(Buffer.from(signer.publicKeySpki));
    expect(await loadFileSigner(store, 'absent.key.pem', FIXTURE_PASSPHRASE)).toBeUndefined();
  });

  it('creates a key once and loads the same key afterwards', async () => {
    const store = new InMemoryCaMaterialStore();
    const created = await loadOrCreateSigner(store, 'once.key.pem', FIXTURE_PASSPHRASE, 'EdDSA');
    expect(store.entries.get('once.key.pem')?.secret).toBe(true);
    const again = await loadOrCreateSigner(store, 'once.key.pem', FIXTURE_PASSPHRASE, 'EdDSA');
    expect(Buffer.from(again.publicKeySpki)).toEqual(Buffer.from(created.publicKeySpki));
  });

  it('refuses a wrong passphrase with a code and short passphrases as a caller mistake', async () => {
    const pem = FileSigner.generate('ES256').toEncryptedPem(FIXTURE_PASSPHRASE);
    expect(() => FileSigner.fromEncryptedPem(pem, 'not the passphrase')).toThrow(KeyDecryptError);
    expect(() => FileSigner.fromEncryptedPem(pem, 'short')).toThrow(TypeError);
    expect(() => FileSigner.generate('ES256').toEncryptedPem('')).toThrow(TypeError);
  });

  it('refuses material names that could escape the directory', async () => {
    const store = new FileCaMaterialStore(dir);
    await expect(store.write('../x', new Uint8Array([1]))).rejects.toThrow(TypeError);
    await expect(store.read('.hidden')).rejects.toThrow(TypeError);
  });
});
