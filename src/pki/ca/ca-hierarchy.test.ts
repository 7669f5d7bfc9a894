import { mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CaMaterialInvalidError, KeyDecryptError } from '../../core/pki-errors.js';
import { CA_MATERIAL, createHubCa } from './ca-hierarchy.js';
import { InMemoryCaMaterialStore } from './in-memory-ca-material-store.js';
import { FIXTURE_PASSPHRASE } from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const NOW = new Date('2025-06-01T00:00:00Z');
let dir: string;
beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'zz-ca-'));
});
afterAll(async () => {
  await rm(dir, { recursive: true, force: true });
});

describe('createHubCa', () => {
  it('creates a P-384 root and a pathLen-0 issuing CA on first use, then loads them', async () => {
    const ca = await createHubCa({ dir, passphrase: FIXTURE_PASSPHRASE, clock: () => NOW, organization: '新化县数据局' });
    expect(ca.created).toBe(true);
    const { root, issuing } = ca;

    expect(root.certificate.publicKey.algorithm).toMatchObject({ name: 'ECDSA', namedCurve: 'P-384' });
    expect(root.certificate.signatureAlgorithm).toMatchObject({ name: 'ECDSA', hash: { name: 'SHA-384' } });
    expect(root.certificate.subject).toBe('C=CN, O=新化县数据局, CN=新化县数据局 Root CA');
    expect(root.certificate.notAfter.getUTCFullYear() - root.certificate.notBefore.getUTCFullYear()).toBe(20);
    expect(await root.certificate.isSelfSigned()).toBe(true);
    const rootBc = root.certificate.getExtension(x509.BasicConstraintsExtension);
    expect(rootBc).toMatchObject({ ca: true, critical: true });
    expect(rootBc?.pathLength).toBeUndefined();
    expect(root.certificate.getExtension(x509.KeyUsagesExtension)?.usages).toBe(
      x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign,
    );

    expect(issuing.certificate.issuer).toBe(root.certificate.subject);
    expect(issuing.certificate.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: true, pathLength: 0 });
    expect(issuing.certificate.notAfter.getUTCFullYear() - issuing.certificate.notBefore.getUTCFullYear()).toBe(10);
    expect(await issuing.certificate.verify({ publicKey: root.certificate, signatureOnly: true })).toBe(true);
    const ski = root.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId;
    expect(issuing.certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(ski);
    expect(issuing.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId).toMatch(/^[0-9a-f]{40}$/);

    const pems = x509.PemConverter.decode(ca.caChainPem());
    expect(pems.map((der) => new x509.X509Certificate(der).subject)).toEqual([issuing.certificate.subject, root.certificate.subject]);
    for (const name of [CA_MATERIAL.rootKey, CA_MATERIAL.issuingKey]) {
      expect((await stat(join(dir, name))).mode & 0o777).toBe(0o600);
    }

    const again = await createHubCa({ dir, passphrase: FIXTURE_PASSPHRASE, clock: () => new Date() });
    expect(again.created).toBe(false);
    expect(again.caChainPem()).toBe(ca.caChainPem());
    const data = new Uint8Array([1, 2, 3]);
    expect((await again.issuing.signer.sign(data)).byteLength).toBe(96);
  });

  it('refuses to load with a wrong passphrase', async () => {
    await expect(createHubCa({ dir, passphrase: 'wrong passphrase!' })).rejects.toBeInstanceOf(KeyDecryptError);
  });

  it('resumes after a crash between writing a key and its certificate', async () => {
    const store = new InMemoryCaMaterialStore();
    const first = await createHubCa({ store, passphrase: FIXTURE_PASSPHRASE });
    store.entries.delete(CA_MATERIAL.issuingCertificate);
    const resumed = await createHubCa({ store, passphrase: FIXTURE_PASSPHRASE });
    expect(resumed.created).toBe(true);
    expect(resumed.root.certificate.equal(first.root.certificate)).toBe(true);
    expect(resumed.issuing.certificate.equal(first.issuing.certificate)).toBe(false);
    expect(store.entries.get(CA_MATERIAL.issuingKey)?.secret).toBe(true);
    expect(store.entries.get(CA_MATERIAL.issuingCertificate)?.secret).toBe(false);
  });

  it('refuses inconsistent material', async () => {
    const store = new InMemoryCaMaterialStore();
    await createHubCa({ store, passphrase: FIXTURE_PASSPHRASE });
    const other = new InMemoryCaMaterialStore();
    await createHubCa({ store: other, passphrase: FIXTURE_PASSPHRASE });

    const swappedKey = new InMemoryCaMaterialStore();
    for (const [name, entry] of store.entries) swappedKey.entries.set(name, entry);
    swappedKey.entries.set(CA_MATERIAL.issuingKey, other.entries.get(CA_MATERIAL.issuingKey)!);
    await expect(createHubCa({ store: swappedKey, passphrase: FIXTURE_PASSPHRASE })).rejects.toBeInstanceOf(CaMaterialInvalidError);

    const foreignIssuing = new InMemoryCaMaterialStore();
    for (const [name, entry] of store.entries) foreignIssuing.entries.set(name, entry);
    foreignIssuing.entries.set(CA_MATERIAL.issuingKey, other.entries.get(CA_MATERIAL.issuingKey)!);
    foreignIssuing.entries.set(CA_MATERIAL.issuingCertificate, other.entries.get(CA_MATERIAL.issuingCertificate)!);
    await expect(createHubCa({ store: foreignIssuing, passphrase: FIXTURE_PASSPHRASE })).rejects.toMatchObject({
      code: 'ERR_CA_MATERIAL_INVALID',
    });

    const missingKey = new InMemoryCaMaterialStore();
    for (const [name, entry] of store.entries) missingKey.entries.set(name, entry);
    missingKey.entries.delete(CA_MATERIAL.rootKey);
    await expect(createHubCa({ store: missingKey, passphrase: FIXTURE_PASSPHRASE })).rejects.toMatchObject({
      code: 'ERR_CA_MATERIAL_INVALID',
    });
  });
});
