import { beforeAll, describe, expect, it } from 'vitest';
import {
  CRL_REASONS,
  createCrl,
  crlToPem,
  findCrlEntry,
  isCrlReasonName,
  parseCrl,
  readCrlEntries,
  readCrlNumber,
  verifyCrlSignature,
} from './crl.js';
import { FileSigner } from '../keys/file-signer.js';
import type { CertificateIssuer } from './sign-certificate.js';
import { makeCa } from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const NOW = new Date('2025-06-01T00:00:00Z');
let root: CertificateIssuer;
let issuing: CertificateIssuer;

beforeAll(async () => {
  root = await makeCa({ name: 'CRL Root' });
  // Root and issuing sign with different hashes to catch verifying with the wrong algorithm.
  issuing = await makeCa({ name: 'CRL Issuing', issuer: root, pathLen: 0, signer: FileSigner.generate('ES384') });
});

describe('CRLs', () => {
  it('builds a v2 CRL with number, AKI, a one-day window and named reasons', async () => {
    const entries = (Object.keys(CRL_REASONS) as (keyof typeof CRL_REASONS)[]).map((reason, i) => ({
      serial: `4${i.toString(16).padStart(31, '0')}`,
      revokedAt: new Date(NOW.getTime() - (i + 1) * 1000),
      reason,
    }));
    const crl = await createCrl({ issuer: issuing, crlNumber: 42n, entries, clock: () => NOW });
    expect(crl.version).toBe(1);
    expect(crl.thisUpdate).toEqual(NOW);
    expect(crl.nextUpdate).toEqual(new Date(NOW.getTime() + 24 * 60 * 60_000));
    expect(crl.issuer).toBe(issuing.certificate.subject);
    expect(readCrlNumber(crl)).toBe(42n);
    expect(crl.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      issuing.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    const read = readCrlEntries(parseCrl(new Uint8Array(crl.rawData)));
    expect(read).toHaveLength(entries.length);
    for (const entry of entries) {
      const found = read.find((r) => r.serial === entry.serial);
      expect(found?.revokedAt).toEqual(entry.revokedAt);
      expect(found?.reason).toBe(entry.reason === 'unspecified' ? undefined : entry.reason);
    }
    expect(findCrlEntry(crl, entries[1]!.serial.toUpperCase())?.reason).toBe('keyCompromise');
    expect(findCrlEntry(crl, '7fffffffffffffffffffffffffffffff')).toBeUndefined();
    expect(await verifyCrlSignature(crl, issuing.certificate)).toBe(true);
    expect(await verifyCrlSignature(crl, root.certificate)).toBe(false);
  });

  it('encodes large and edge CRL numbers', async () => {
    for (const n of [0n, 127n, 128n, 255n, 2n ** 64n + 1n]) {
      const crl = await createCrl({ issuer: issuing, crlNumber: n, entries: [] });
      expect(readCrlNumber(crl)).toBe(n);
    }
    await expect(createCrl({ issuer: issuing, crlNumber: -1, entries: [] })).rejects.toBeInstanceOf(TypeError);
    await expect(createCrl({ issuer: issuing, crlNumber: 1, entries: [], thisUpdate: NOW, nextUpdate: NOW })).rejects.toBeInstanceOf(
      TypeError,
    );
  });

  it('parses PEM and refuses garbage with a code', async () => {
    const crl = await createCrl({ issuer: issuing, crlNumber: 1, entries: [] });
    expect(parseCrl(crl.toString('pem')).thisUpdate).toEqual(crl.thisUpdate);
    const pem = crlToPem(crl);
    expect(pem).toMatch(/^-----BEGIN X509 CRL-----\n[\s\S]+\n-----END X509 CRL-----\n$/);
    expect(parseCrl(pem).rawData).toEqual(crl.rawData);
    expect(() => parseCrl('garbage')).toThrow(expect.objectContaining({ code: 'ERR_CRL_MALFORMED' }));
    expect(() => parseCrl(new Uint8Array())).toThrow(expect.objectContaining({ code: 'ERR_CRL_MALFORMED' }));
  });

  it('knows the reason names', () => {
    expect(isCrlReasonName('superseded')).toBe(true);
    expect(isCrlReasonName('toString')).toBe(false);
    expect(isCrlReasonName(7)).toBe(false);
  });
});
