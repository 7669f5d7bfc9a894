import { beforeAll, describe, expect, it } from 'vitest';
import { FileSigner } from '../keys/file-signer.js';
import { validateCertificatePath, type ValidateCertificatePathOptions } from './validate-path.js';
import { x509SigningParams } from '../keys/signer-crypto.js';
import {
  FIXTURE_CRL_URL,
  failure,
  makeCa,
  makeCrl,
  makeLeaf,
  makePki,
  pathOptions,
  type LeafFixture,
  type Pki,
} from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const DAY = 24 * 60 * 60_000;
let pki: Pki;

beforeAll(async () => {
  pki = await makePki();
});

function options(leaf: LeafFixture | x509.X509Certificate, extra: Partial<ValidateCertificatePathOptions> = {}) {
  return pathOptions(pki, leaf, extra);
}

describe('validateCertificatePath — revocation from CRLs', () => {
  it('revoked leaf, with its reason', async () => {
    const crl = await makeCrl(pki.issuing, [
      { serial: pki.seal.certificate.serialNumber, revokedAt: new Date(Date.now() - DAY), reason: 'keyCompromise' },
    ]);
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [crl] })))).toMatchObject({
      code: 'ERR_CERT_REVOKED',
      extra: { serial: pki.seal.certificate.serialNumber, reason: 'keyCompromise' },
    });
    const unspecified = await makeCrl(pki.issuing, [{ serial: pki.seal.certificate.serialNumber, revokedAt: new Date() }]);
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [unspecified] })))).toMatchObject({
      code: 'ERR_CERT_REVOKED',
      extra: { reason: 'unspecified' },
    });
  });

  it('suspended leaf (certificateHold) and its release', async () => {
    const held = await makeCrl(pki.issuing, [
      { serial: pki.seal.certificate.serialNumber, revokedAt: new Date(), reason: 'certificateHold' },
    ]);
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [held] })))).toMatchObject({
      code: 'ERR_CERT_SUSPENDED',
    });
    const released = await makeCrl(pki.issuing, [], { thisUpdate: new Date(Date.now() - 1000) });
    await expect(validateCertificatePath(options(pki.seal, { crls: [held, released] }))).resolves.toBeDefined();
  });

  it('revoked intermediate when the root’s CRL is supplied', async () => {
    const rootCrl = await makeCrl(pki.root, [
      { serial: pki.issuing.certificate.serialNumber, revokedAt: new Date(), reason: 'cACompromise' },
    ]);
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [pki.crl, rootCrl] })))).toMatchObject({
      code: 'ERR_CERT_REVOKED',
      extra: { subject: pki.issuing.certificate.subject, reason: 'cACompromise' },
    });
  });

  it('stale CRL: past nextUpdate, or not yet issued at the validation time', async () => {
    const expired = await makeCrl(pki.issuing, [], {
      thisUpdate: new Date(Date.now() - 3 * DAY),
      nextUpdate: new Date(Date.now() - DAY),
    });
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [expired] })))).toMatchObject({
      code: 'ERR_CRL_STALE',
    });
    expect(await failure(validateCertificatePath(options(pki.seal, { at: new Date(pki.crl.thisUpdate.getTime() - 1000) })))).toMatchObject({
      code: 'ERR_CRL_STALE',
    });
  });

  it('CRL signed by another key', async () => {
    const forged = await makeCrl({ ...pki.issuing, signer: FileSigner.generate('ES256') });
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [forged] })))).toMatchObject({
      code: 'ERR_CRL_SIGNATURE_INVALID',
    });
    // A valid CRL next to the forged one decides.
    await expect(validateCertificatePath(options(pki.seal, { crls: [forged, pki.crl] }))).resolves.toBeDefined();
  });

  it('CRL issuer without cRLSign', async () => {
    const issuing = await makeCa({ name: 'No cRLSign CA', issuer: pki.root, keyUsage: x509.KeyUsageFlags.keyCertSign });
    const leaf = await makeLeaf({ issuer: issuing, profile: 'seal' });
    const error = await failure(
      validateCertificatePath(options(leaf, { intermediates: [issuing.certificate], crls: [await makeCrl(issuing)] })),
    );
    expect(error).toMatchObject({ code: 'ERR_CRL_ISSUER_KEY_USAGE' });
  });

  it('CRL with a critical extension we do not process (issuing distribution point)', async () => {
    const { signingKey, signingAlgorithm, crypto } = await x509SigningParams(pki.issuing.signer);
    const crl = await x509.X509CrlGenerator.create(
      {
        issuer: pki.issuing.certificate.subjectName,
        thisUpdate: new Date(Date.now() - 60_000),
        nextUpdate: new Date(Date.now() + DAY),
        extensions: [new x509.Extension('2.5.29.28', true, new Uint8Array([0x30, 0x00]))],
        signingKey,
        signingAlgorithm,
      },
      crypto,
    );
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: [crl] })))).toMatchObject({
      code: 'ERR_CRL_UNKNOWN_CRITICAL_EXTENSION',
    });
  });

  it('CRL without a cRLNumber, or with a critical one', async () => {
    const { signingKey, signingAlgorithm, crypto } = await x509SigningParams(pki.issuing.signer);
    for (const extensions of [[], [new x509.Extension('2.5.29.20', true, new Uint8Array([0x02, 0x01, 0x07]))]]) {
      const crl = await x509.X509CrlGenerator.create(
        {
          issuer: pki.issuing.certificate.subjectName,
          thisUpdate: new Date(Date.now() - 60_000),
          nextUpdate: new Date(Date.now() + DAY),
          extensions,
          signingKey,
          signingAlgorithm,
        },
        crypto,
      );
      expect(await failure(validateCertificatePath(options(pki.seal, { crls: [crl] })))).toMatchObject({ code: 'ERR_CRL_MALFORMED' });
    }
  });

  it('malformed CRL', async () => {
    expect(await failure(validateCertificatePath(options(pki.seal, { crls: ['garbage'] })))).toMatchObject({
      code: 'ERR_CRL_MALFORMED',
    });
  });

  it('uses the CRL distribution point URL the fixtures put in', () => {
    const dp = pki.seal.certificate.getExtension(x509.CRLDistributionPointsExtension);
    expect(JSON.stringify(dp?.toTextObject())).toContain(FIXTURE_CRL_URL);
  });
});
