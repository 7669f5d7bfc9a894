import type { webcrypto } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { FileSigner } from '../keys/file-signer.js';
import { validateCertificatePath, type ValidateCertificatePathOptions } from './validate-path.js';
import { x509SigningParams } from '../keys/signer-crypto.js';
import type { CertificateIssuer } from '../ca/sign-certificate.js';
import { failure, makeCa, makeCrl, makeLeaf, makePki, pathOptions, type LeafFixture, type Pki } from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const DAY = 24 * 60 * 60_000;
let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
});

function options(leaf: LeafFixture | x509.X509Certificate, extra: Partial<ValidateCertificatePathOptions> = {}) {
  return pathOptions(pki, leaf, extra);
}

describe('validateCertificatePath — happy paths', () => {
  it('accepts a seal certificate chained to the root with a fresh CRL', async () => {
    const result = await validateCertificatePath(options(pki.seal));
    expect(result.chain.map((c) => c.subject)).toEqual([
      pki.seal.certificate.subject,
      pki.issuing.certificate.subject,
      pki.root.certificate.subject,
    ]);
    expect(result.trustAnchor.equal(pki.root.certificate)).toBe(true);
    expect(result.revocationChecked).toBe(true);
    expect(result.validUntil.getTime()).toBe(pki.crl.nextUpdate?.getTime());
  });

  it('accepts a system certificate for purpose system, and both for purpose any', async () => {
    await expect(validateCertificatePath(options(pki.system, { purpose: 'system' }))).resolves.toBeDefined();
    await expect(validateCertificatePath(options(pki.system, { purpose: 'any' }))).resolves.toBeDefined();
    await expect(validateCertificatePath(options(pki.seal, { purpose: 'any' }))).resolves.toBeDefined();
  });

  it('accepts inputs as PEM, base64 DER (x5c) and DER bytes', async () => {
    const result = await validateCertificatePath(
      options(pki.seal, {
        leaf: pki.seal.certificate.toString('base64'),
        intermediates: [pki.issuing.certificate.toString('pem')],
        trustAnchors: [new Uint8Array(pki.root.certificate.rawData)],
        crls: [new Uint8Array(pki.crl.rawData)],
      }),
    );
    expect(result.chain).toHaveLength(3);
  });

  it('without a CRL passes only when revocation checking is not required', async () => {
    const result = await validateCertificatePath(options(pki.seal, { crls: [], requireRevocationCheck: false }));
    expect(result.revocationChecked).toBe(false);
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [] })))).toMatchObject({
      code: 'ERR_CRL_MISSING',
    });
  });

  it('trusts an anchor by key and name, so a re-issued root with the same key still anchors', async () => {
    const reissued = await makeCa({ name: 'Fixture Root CA', signer: pki.root.signer as FileSigner });
    expect(reissued.certificate.equal(pki.root.certificate)).toBe(false);
    const result = await validateCertificatePath(options(pki.seal, { trustAnchors: [reissued.certificate] }));
    expect(result.trustAnchor.equal(reissued.certificate)).toBe(true);
  });
});

describe('validateCertificatePath — self-issued intermediates (key rollover)', () => {
  it('follows a self-issued certificate of the CA’s new key, not counting it against pathLen', async () => {
    // root → issuing (pathLen 0) → issuing under its new key, signed by the old (self-issued) → leaf.
    const renewed = await makeCa({ name: 'unused', subject: pki.issuing.certificate.subjectName, issuer: pki.issuing });
    const leaf = await makeLeaf({ issuer: renewed, profile: 'seal' });
    const result = await validateCertificatePath(
      options(leaf, { intermediates: [renewed.certificate, pki.issuing.certificate], crls: [await makeCrl(renewed), pki.crl] }),
    );
    expect(result.chain.map((c) => c.serialNumber)).toEqual([
      leaf.certificate.serialNumber,
      renewed.certificate.serialNumber,
      pki.issuing.certificate.serialNumber,
      pki.root.certificate.serialNumber,
    ]);
    // A second, non-self-issued CA below pathLen 0 still breaks it.
    const sub = await makeCa({ name: 'Sub CA', issuer: renewed });
    const subLeaf = await makeLeaf({ issuer: sub, profile: 'seal' });
    expect(
      await failure(
        validateCertificatePath(
          options(subLeaf, {
            intermediates: [sub.certificate, renewed.certificate, pki.issuing.certificate],
            requireRevocationCheck: false,
          }),
        ),
      ),
    ).toMatchObject({ code: 'ERR_CERT_PATH_LEN_EXCEEDED' });
  });

  it('a self-signed certificate that is not an anchor is still an untrusted root', async () => {
    const stray = await makeCa({ name: 'Fixture Issuing CA' });
    const leaf = await makeLeaf({ issuer: stray, profile: 'seal' });
    expect(
      await failure(validateCertificatePath(options(leaf, { intermediates: [stray.certificate], requireRevocationCheck: false }))),
    ).toMatchObject({ code: 'ERR_CERT_UNTRUSTED_ROOT' });
  });
});

describe('validateCertificatePath — each failure has its code', () => {
  it('expired leaf', async () => {
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      notBefore: new Date(Date.now() - 10 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    expect(await failure(validateCertificatePath(options(leaf)))).toMatchObject({
      code: 'ERR_CERT_EXPIRED',
      extra: { serial: leaf.certificate.serialNumber },
    });
  });

  it('leaf not yet valid', async () => {
    const leaf = await makeLeaf({ issuer: pki.issuing, profile: 'seal', notBefore: new Date(Date.now() + DAY) });
    expect(await failure(validateCertificatePath(options(leaf)))).toMatchObject({ code: 'ERR_CERT_NOT_YET_VALID' });
  });

  it('expired intermediate', async () => {
    const issuing = await makeCa({
      name: 'Expired Issuing CA',
      issuer: pki.root,
      notBefore: new Date(Date.now() - 30 * DAY),
      notAfter: new Date(Date.now() - DAY),
    });
    const leaf = await makeLeaf({ issuer: issuing, profile: 'seal' });
    const error = await failure(
      validateCertificatePath(options(leaf, { intermediates: [issuing.certificate], crls: [await makeCrl(issuing)] })),
    );
    expect(error).toMatchObject({ code: 'ERR_CERT_EXPIRED', extra: { subject: issuing.certificate.subject } });
  });

  it.each([
    ['CA:FALSE', { ca: false }],
    ['no basicConstraints', { noBasicConstraints: true }],
  ])('issuer with %s', async (_label, flags) => {
    const notCa = await makeCa({ name: 'Not A CA', issuer: pki.issuing, ...flags });
    const leaf = await makeLeaf({ issuer: notCa, profile: 'seal' });
    const error = await failure(
      validateCertificatePath(
        options(leaf, { intermediates: [notCa.certificate, pki.issuing.certificate], requireRevocationCheck: false }),
      ),
    );
    expect(error).toMatchObject({ code: 'ERR_CERT_ISSUER_NOT_CA', extra: { subject: notCa.certificate.subject } });
  });

  it('pathLen exceeded', async () => {
    const sub = await makeCa({ name: 'Sub CA under pathLen 0', issuer: pki.issuing });
    const leaf = await makeLeaf({ issuer: sub, profile: 'seal' });
    const error = await failure(
      validateCertificatePath(options(leaf, { intermediates: [sub.certificate, pki.issuing.certificate], crls: [await makeCrl(sub)] })),
    );
    expect(error).toMatchObject({
      code: 'ERR_CERT_PATH_LEN_EXCEEDED',
      extra: { subject: pki.issuing.certificate.subject, pathLength: 0 },
    });
  });

  it('issuer without keyCertSign', async () => {
    const issuing = await makeCa({ name: 'CRL-only CA', issuer: pki.root, keyUsage: x509.KeyUsageFlags.cRLSign });
    const leaf = await makeLeaf({ issuer: issuing, profile: 'seal' });
    const error = await failure(
      validateCertificatePath(options(leaf, { intermediates: [issuing.certificate], crls: [await makeCrl(issuing)] })),
    );
    expect(error).toMatchObject({ code: 'ERR_CERT_ISSUER_KEY_USAGE' });
  });

  it('wrong key usage: a system certificate used as a seal', async () => {
    expect(await failure(validateCertificatePath(options(pki.system, { purpose: 'seal' })))).toMatchObject({
      code: 'ERR_CERT_KEY_USAGE',
      extra: { purpose: 'seal' },
    });
  });

  it('wrong extended key usage: a seal certificate used for client authentication', async () => {
    expect(await failure(validateCertificatePath(options(pki.seal, { purpose: 'system' })))).toMatchObject({
      code: 'ERR_CERT_EXTENDED_KEY_USAGE',
    });
  });

  it('a CA certificate used as a seal', async () => {
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation, true),
      ],
    });
    expect(await failure(validateCertificatePath(options(leaf)))).toMatchObject({ code: 'ERR_CERT_LEAF_IS_CA' });
  });

  it('unknown critical extension on the leaf', async () => {
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      extraExtensions: [new x509.Extension('1.2.156.99999.1', true, new Uint8Array([0x05, 0x00]))],
    });
    expect(await failure(validateCertificatePath(options(leaf)))).toMatchObject({
      code: 'ERR_CERT_UNKNOWN_CRITICAL_EXTENSION',
      extra: { oid: '1.2.156.99999.1' },
    });
  });

  it('untrusted root, even when it copies the trusted root’s name', async () => {
    const evilRoot = await makeCa({ name: 'Fixture Root CA' });
    const evilIssuing = await makeCa({ name: 'Fixture Issuing CA', issuer: evilRoot, pathLen: 0 });
    const leaf = await makeLeaf({ issuer: evilIssuing, profile: 'seal' });
    const withRoot = options(leaf, {
      intermediates: [evilIssuing.certificate, evilRoot.certificate],
      crls: [await makeCrl(evilIssuing)],
    });
    expect(await failure(validateCertificatePath(withRoot))).toMatchObject({
      code: 'ERR_CERT_UNTRUSTED_ROOT',
      extra: { subject: evilRoot.certificate.subject },
    });
    const withoutRoot = { ...withRoot, intermediates: [evilIssuing.certificate] };
    expect(await failure(validateCertificatePath(withoutRoot))).toMatchObject({ code: 'ERR_CERT_ISSUER_NOT_FOUND' });
  });

  it('missing intermediate', async () => {
    expect(await failure(validateCertificatePath(options(pki.seal, { intermediates: [] })))).toMatchObject({
      code: 'ERR_CERT_ISSUER_NOT_FOUND',
      extra: { serial: pki.seal.certificate.serialNumber },
    });
  });

  it('signature by another key under the issuer’s name and key id', async () => {
    const forger: CertificateIssuer = { ...pki.issuing, signer: FileSigner.generate('ES256') };
    const leaf = await makeLeaf({ issuer: forger, profile: 'seal' });
    expect(await failure(validateCertificatePath(options(leaf)))).toMatchObject({ code: 'ERR_CERT_SIGNATURE_INVALID' });
  });

  it('SHA-1 signature', async () => {
    const { signingKey, crypto } = await x509SigningParams(pki.issuing.signer);
    const key = FileSigner.generate('ES256');
    const leaf = await x509.X509CertificateGenerator.create(
      {
        subject: 'CN=sha1',
        issuer: pki.issuing.certificate.subjectName,
        publicKey: key.publicKeySpki.slice().buffer,
        signingKey,
        signingAlgorithm: { name: 'ECDSA', hash: 'SHA-1' } as webcrypto.Algorithm,
        notBefore: new Date(Date.now() - DAY),
        notAfter: new Date(Date.now() + DAY),
      },
      crypto,
    );
    expect(await failure(validateCertificatePath(options(leaf, { purpose: 'any' })))).toMatchObject({
      code: 'ERR_CERT_WEAK_ALGORITHM',
    });
  });

  it('malformed certificate, or one with an empty extendedKeyUsage', async () => {
    expect(await failure(validateCertificatePath(options(pki.seal, { leaf: 'not a certificate' })))).toMatchObject({
      code: 'ERR_CERT_MALFORMED',
    });
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      extraExtensions: [new x509.Extension('2.5.29.37', false, new Uint8Array([0x30, 0x00]))],
    });
    expect(await failure(validateCertificatePath(options(leaf, { purpose: 'any' })))).toMatchObject({ code: 'ERR_CERT_MALFORMED' });
  });

  it('cycle between two cross-certified CAs', async () => {
    const keyA = FileSigner.generate('ES256');
    const keyB = FileSigner.generate('ES256');
    const a0 = await makeCa({ name: 'Cycle A', signer: keyA });
    const b0 = await makeCa({ name: 'Cycle B', signer: keyB });
    const aByB = await makeCa({ name: 'Cycle A', signer: keyA, issuer: b0 });
    const bByA = await makeCa({ name: 'Cycle B', signer: keyB, issuer: a0 });
    const leaf = await makeLeaf({ issuer: a0, profile: 'seal' });
    const error = await failure(validateCertificatePath(options(leaf, { intermediates: [aByB.certificate, bByA.certificate] })));
    expect(error).toMatchObject({ code: 'ERR_CERT_CHAIN_CYCLE' });
  });

  it('chain too long', async () => {
    let issuer = pki.root;
    const intermediates: x509.X509Certificate[] = [];
    for (let level = 1; level <= 4; level += 1) {
      issuer = await makeCa({ name: `Level ${level} CA`, issuer });
      intermediates.unshift(issuer.certificate);
    }
    const leaf = await makeLeaf({ issuer, profile: 'seal' });
    const base = options(leaf, { intermediates, requireRevocationCheck: false });
    await expect(validateCertificatePath(base)).rejects.toMatchObject({ code: 'ERR_CERT_CHAIN_TOO_LONG' });
    await expect(validateCertificatePath({ ...base, maxChainLength: 6 })).resolves.toBeDefined();
    await expect(validateCertificatePath({ ...base, maxChainLength: 5 })).rejects.toMatchObject({
      code: 'ERR_CERT_CHAIN_TOO_LONG',
      extra: { maxChainLength: 5 },
    });
  });

  it('bounded work: a dense mesh of cross-certificates, or too many intermediates', async () => {
    const key = FileSigner.generate('ES256');
    const x0 = await makeCa({ name: 'Mesh X', signer: key });
    const y0 = await makeCa({ name: 'Mesh Y', signer: key });
    const mesh: x509.X509Certificate[] = [];
    for (let i = 0; i < 6; i += 1) {
      mesh.push((await makeCa({ name: 'Mesh X', signer: key, issuer: y0 })).certificate);
      mesh.push((await makeCa({ name: 'Mesh Y', signer: key, issuer: x0 })).certificate);
    }
    const leaf = await makeLeaf({ issuer: x0, profile: 'seal' });
    const base = options(leaf, { intermediates: mesh, requireRevocationCheck: false, maxChainLength: 8 });
    await expect(validateCertificatePath(base)).rejects.toMatchObject({ code: 'ERR_CERT_PATH_WORK_EXCEEDED' });
    const many = Array.from({ length: 17 }, () => pki.issuing.certificate);
    await expect(validateCertificatePath({ ...base, intermediates: many })).rejects.toMatchObject({
      code: 'ERR_CERT_PATH_WORK_EXCEEDED',
    });
  });
});
