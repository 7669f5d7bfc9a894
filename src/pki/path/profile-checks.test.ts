import { beforeAll, describe, expect, it } from 'vitest';
import { FileSigner } from '../keys/file-signer.js';
import { validateCertificatePath } from './validate-path.js';
import type { CertificateIssuer } from '../ca/sign-certificate.js';
import {
  failure,
  keyIdExtensions,
  makeCa,
  makeLeaf,
  makePki,
  makeRawCertificate,
  pathOptions,
  type Pki,
} from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const SEAL_USAGES = x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation;
const CA_USAGES = x509.KeyUsageFlags.keyCertSign | x509.KeyUsageFlags.cRLSign;
let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
});

/** A seal leaf under `issuer` with exactly the given extensions (no SKI/AKI unless listed). */
async function rawLeaf(issuer: CertificateIssuer, extensions: x509.Extension[]): Promise<x509.X509Certificate> {
  return (await makeRawCertificate({ subject: 'CN=leaf', issuer, extensions })).certificate;
}

async function leafKeyIds(issuer: CertificateIssuer): Promise<{ signer: FileSigner; extensions: x509.Extension[] }> {
  const signer = FileSigner.generate('ES256');
  return { signer, extensions: await keyIdExtensions(signer, issuer.signer as FileSigner) };
}

/** A CA under the fixture root with the given basicConstraints, keyCertSign + cRLSign, SKI and AKI. */
async function rawCaUnderRoot(subject: string, basicConstraints: x509.BasicConstraintsExtension): Promise<CertificateIssuer> {
  const signer = FileSigner.generate('ES256');
  const keyIds = await keyIdExtensions(signer, pki.root.signer as FileSigner);
  const extensions = [basicConstraints, new x509.KeyUsagesExtension(CA_USAGES, true), ...keyIds];
  return makeRawCertificate({ subject, issuer: pki.root, signer, extensions });
}

function leafProfile(ca = false, usages = SEAL_USAGES): x509.Extension[] {
  return [new x509.BasicConstraintsExtension(ca, undefined, true), new x509.KeyUsagesExtension(usages, true)];
}

async function validate(leaf: x509.X509Certificate, extra: Parameters<typeof pathOptions>[2] = {}) {
  return validateCertificatePath(pathOptions(pki, leaf, { requireRevocationCheck: false, crls: [], ...extra }));
}

describe('RFC 5280 profile checks — each MUST rule has its code', () => {
  it('a certificate with an empty issuer name', async () => {
    const signer = FileSigner.generate('ES256');
    const anchor = await makeRawCertificate({
      subject: '',
      signer,
      extensions: [
        new x509.BasicConstraintsExtension(true, undefined, true),
        new x509.KeyUsagesExtension(CA_USAGES, true),
        ...(await keyIdExtensions(signer, signer)),
      ],
    });
    const { extensions } = await leafKeyIds(anchor);
    const leaf = await rawLeaf(anchor, [...leafProfile(), ...extensions]);
    expect(await failure(validate(leaf, { intermediates: [], trustAnchors: [anchor.certificate] }))).toMatchObject({
      code: 'ERR_CERT_ISSUER_EMPTY',
    });
  });

  it('a serial number that is zero, negative or longer than 20 octets', async () => {
    // (The generator replaces a zero serial with a random one; limbo's rfc5280::serial::zero covers zero.)
    for (const serialNumber of ['80aa', '01'.repeat(21)]) {
      const leaf = await makeLeaf({ issuer: pki.issuing, profile: 'seal', serialNumber });
      expect(await failure(validate(leaf.certificate))).toMatchObject({ code: 'ERR_CERT_SERIAL_INVALID' });
    }
    const longest = await makeLeaf({ issuer: pki.issuing, profile: 'seal', serialNumber: '7f'.repeat(20) });
    await expect(validate(longest.certificate)).resolves.toBeDefined();
  });

  it('a CA with an empty subject', async () => {
    const ca = await rawCaUnderRoot('', new x509.BasicConstraintsExtension(true, undefined, true));
    const { extensions } = await leafKeyIds(ca);
    const leaf = await rawLeaf(ca, [...leafProfile(), ...extensions]);
    expect(await failure(validate(leaf, { intermediates: [ca.certificate] }))).toMatchObject({
      code: 'ERR_CERT_CA_SUBJECT_EMPTY',
      extra: { serial: ca.certificate.serialNumber },
    });
  });

  it('a leaf without authorityKeyIdentifier, and one with it marked critical', async () => {
    const { signer } = await leafKeyIds(pki.issuing);
    const ski = (await keyIdExtensions(signer, signer))[0] as x509.Extension;
    const missing = await rawLeaf(pki.issuing, [...leafProfile(), ski]);
    expect(await failure(validate(missing))).toMatchObject({ code: 'ERR_CERT_AKI_MISSING' });
    const issuerKeyId = pki.issuing.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId as string;
    const critical = await rawLeaf(pki.issuing, [...leafProfile(), ski, new x509.AuthorityKeyIdentifierExtension(issuerKeyId, true)]);
    expect(await failure(validate(critical))).toMatchObject({ code: 'ERR_CERT_AKI_CRITICAL' });
  });

  it('an intermediate without subjectKeyIdentifier, and one with it marked critical', async () => {
    for (const [label, ski, code] of [
      ['missing', false, 'ERR_CERT_SKI_MISSING'],
      ['critical', true, 'ERR_CERT_SKI_CRITICAL'],
    ] as const) {
      const signer = FileSigner.generate('ES256');
      const [skiExtension, akiExtension] = await keyIdExtensions(signer, pki.root.signer as FileSigner);
      const extensions = [
        new x509.BasicConstraintsExtension(true, 0, true),
        new x509.KeyUsagesExtension(CA_USAGES, true),
        akiExtension as x509.Extension,
      ];
      if (ski) extensions.push(new x509.Extension('2.5.29.14', true, (skiExtension as x509.Extension).value));
      const ca = await makeRawCertificate({ subject: `CN=${label} SKI CA`, issuer: pki.root, signer, extensions });
      const { extensions: keyIds } = await leafKeyIds(ca);
      const leaf = await rawLeaf(ca, [...leafProfile(), ...keyIds]);
      expect(await failure(validate(leaf, { intermediates: [ca.certificate] }))).toMatchObject({
        code,
        extra: { serial: ca.certificate.serialNumber },
      });
    }
  });

  it('an empty subject without a critical subjectAltName', async () => {
    const { signer, extensions } = await leafKeyIds(pki.issuing);
    const san = (critical: boolean) => new x509.SubjectAlternativeNameExtension([{ type: 'dns', value: 'a.gov.cn' }], critical);
    const lax = await makeRawCertificate({
      subject: '',
      issuer: pki.issuing,
      signer,
      extensions: [...leafProfile(), ...extensions, san(false)],
    });
    expect(await failure(validate(lax.certificate))).toMatchObject({ code: 'ERR_CERT_SAN_NOT_CRITICAL' });
    const none = await makeRawCertificate({ subject: '', issuer: pki.issuing, signer, extensions: [...leafProfile(), ...extensions] });
    expect(await failure(validate(none.certificate))).toMatchObject({ code: 'ERR_CERT_SAN_NOT_CRITICAL' });
    const strict = await makeRawCertificate({
      subject: '',
      issuer: pki.issuing,
      signer,
      extensions: [...leafProfile(), ...extensions, san(true)],
    });
    await expect(validate(strict.certificate)).resolves.toBeDefined();
  });

  it('a CA whose basicConstraints is not critical', async () => {
    const ca = await rawCaUnderRoot('CN=Lax CA', new x509.BasicConstraintsExtension(true, 0, false));
    const leaf = await makeLeaf({ issuer: ca, profile: 'seal' });
    expect(await failure(validate(leaf.certificate, { intermediates: [ca.certificate] }))).toMatchObject({
      code: 'ERR_CERT_BASIC_CONSTRAINTS_NOT_CRITICAL',
    });
  });

  it('keyCertSign on a certificate that is not a CA', async () => {
    const leaf = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      extensions: leafProfile(false, SEAL_USAGES | x509.KeyUsageFlags.keyCertSign),
    });
    expect(await failure(validate(leaf.certificate))).toMatchObject({ code: 'ERR_CERT_KEY_CERT_SIGN_NOT_CA' });
  });

  it('cA=TRUE on an end entity used as a seal or a system certificate', async () => {
    // A CA leaf under a pathLen 0 issuer would break pathLen first: give the issuing CA room.
    const issuing = await makeCa({ name: 'Roomy Issuing CA', issuer: pki.root, pathLen: 1 });
    const under = await makeLeaf({
      issuer: issuing,
      profile: 'system',
      extensions: [
        ...leafProfile(true, SEAL_USAGES | x509.KeyUsageFlags.keyCertSign),
        new x509.ExtendedKeyUsageExtension([x509.ExtendedKeyUsage.clientAuth]),
      ],
    });
    for (const purpose of ['seal', 'system'] as const) {
      expect(await failure(validate(under.certificate, { intermediates: [issuing.certificate], purpose }))).toMatchObject({
        code: 'ERR_CERT_LEAF_IS_CA',
      });
    }
    await expect(validate(under.certificate, { intermediates: [issuing.certificate], purpose: 'any' })).resolves.toBeDefined();
  });

  it('a trust anchor whose AKI names an issuer and serial, or disagrees with its SKI', async () => {
    for (const [label, aki, code] of [
      [
        'issuer and serial',
        async () =>
          x509.AuthorityKeyIdentifierExtension.create({
            name: new x509.GeneralNames([{ type: 'dn', value: 'CN=Elsewhere' }]),
            serialNumber: '01',
          }),
        'ERR_CERT_ANCHOR_AKI_ISSUER_SERIAL',
      ],
      [
        'another key id',
        async () => new x509.AuthorityKeyIdentifierExtension('0011223344556677889900112233445566778899'),
        'ERR_CERT_ANCHOR_AKI_MISMATCH',
      ],
    ] as const) {
      const signer = FileSigner.generate('ES256');
      const [ski] = await keyIdExtensions(signer, signer);
      const anchor = await makeRawCertificate({
        subject: `CN=${label} root`,
        signer,
        extensions: [
          new x509.BasicConstraintsExtension(true, undefined, true),
          new x509.KeyUsagesExtension(CA_USAGES, true),
          ski as x509.Extension,
          await aki(),
        ],
      });
      const leaf = await makeLeaf({ issuer: anchor, profile: 'seal' });
      expect(await failure(validate(leaf.certificate, { intermediates: [], trustAnchors: [anchor.certificate] }))).toMatchObject({ code });
    }
  });
});
