import { beforeAll, describe, expect, it } from 'vitest';
import { InMemoryCaMaterialStore } from './in-memory-ca-material-store.js';
import { createHubCa, type HubCa } from './ca-hierarchy.js';
import { readHubSubject } from './hub-subject.js';
import { issueCertificate, type IssueCertificateOptions } from './issue-certificate.js';
import { validateCertificatePath } from '../path/validate-path.js';
import { FIXTURE_CRL_URL, FIXTURE_PASSPHRASE, FIXTURE_USCC, makeCrl, makeCsr } from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const DAY = 24 * 60 * 60_000;
const NOW = new Date('2025-06-01T08:00:00Z');
let ca: HubCa;
let p256: string;

beforeAll(async () => {
  ca = await createHubCa({ store: new InMemoryCaMaterialStore(), passphrase: FIXTURE_PASSPHRASE, clock: () => NOW });
  p256 = await makeCsr('P-256');
});

function request(extra: Partial<IssueCertificateOptions> = {}): IssueCertificateOptions {
  return {
    issuer: ca.issuing,
    csr: p256,
    profile: 'seal',
    subject: { departmentName: '新化县市场监督管理局', uscc: FIXTURE_USCC, sealName: '行政审批专用章' },
    crlDistributionPoint: FIXTURE_CRL_URL,
    clock: () => NOW,
    ...extra,
  };
}

describe('issueCertificate', () => {
  it('issues a seal certificate with the hub-built subject and the seal profile', async () => {
    const issued = await issueCertificate(request());
    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(issued.serial).toMatch(/^[4-7][0-9a-f]{31}$/);
    expect(cert.serialNumber).toBe(issued.serial);
    expect(cert.subject).toBe(`C=CN, O=新化县市场监督管理局, 2.5.4.97=${FIXTURE_USCC}, CN=行政审批专用章`);
    expect(cert.subject).not.toContain('Evil');
    expect(readHubSubject(cert)).toEqual({
      departmentName: '新化县市场监督管理局',
      uscc: FIXTURE_USCC,
      commonName: '行政审批专用章',
    });
    expect(cert.getExtension(x509.KeyUsagesExtension)).toMatchObject({
      usages: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
      critical: true,
    });
    expect(cert.getExtension(x509.BasicConstraintsExtension)).toMatchObject({ ca: false, critical: true });
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)).toBeNull();
    expect(cert.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId).toBe(
      ca.issuing.certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId,
    );
    expect(cert.getExtension(x509.SubjectKeyIdentifierExtension)).not.toBeNull();
    expect(cert.getExtension(x509.CRLDistributionPointsExtension)).not.toBeNull();
    expect(issued.notBefore.toISOString()).toBe('2025-06-01T07:55:00.000Z');
    expect(issued.notAfter.toISOString()).toBe('2027-06-01T07:55:00.000Z');
    expect(issued.chainPem).toBe(ca.caChainPem());
    expect(issued.keyDescription).toBe('ECDSA P-256');

    const result = await validateCertificatePath({
      leaf: issued.certificatePem,
      intermediates: x509.PemConverter.decode(issued.chainPem).map((der) => new Uint8Array(der)),
      trustAnchors: [ca.root.certificate],
      at: new Date(NOW.getTime() + 60 * 60_000),
      purpose: 'seal',
      crls: [await makeCrl(ca.issuing, [], { thisUpdate: NOW })],
      requireRevocationCheck: true,
    });
    expect(result.chain).toHaveLength(3);
  });

  it('issues a one-year system certificate with clientAuth', async () => {
    const issued = await issueCertificate(
      request({
        profile: 'system',
        subject: { departmentName: '新化县市场监督管理局', uscc: FIXTURE_USCC, systemName: '食品经营许可审批系统' },
      }),
    );
    const cert = new x509.X509Certificate(issued.certificatePem);
    expect(cert.getExtension(x509.KeyUsagesExtension)?.usages).toBe(x509.KeyUsageFlags.digitalSignature);
    expect(cert.getExtension(x509.ExtendedKeyUsageExtension)?.usages).toEqual([x509.ExtendedKeyUsage.clientAuth]);
    expect(issued.notAfter.getUTCFullYear() - issued.notBefore.getUTCFullYear()).toBe(1);
    expect(readHubSubject(cert)?.commonName).toBe('食品经营许可审批系统');
  });

  it.each(['P-384', 'Ed25519', 'RSA-2048'] as const)('accepts a %s key', async (kind) => {
    const issued = await issueCertificate(request({ csr: await makeCsr(kind) }));
    expect(issued.keyDescription).toContain(kind === 'RSA-2048' ? 'RSA 2048' : kind.replace('P-', 'ECDSA P-'));
  });

  it('honours an explicit validity and refuses one outside the CA', async () => {
    const notBefore = new Date('2025-07-01T00:00:00Z');
    const notAfter = new Date('2025-08-01T00:00:00Z');
    const issued = await issueCertificate(request({ notBefore, notAfter }));
    expect([issued.notBefore, issued.notAfter]).toEqual([notBefore, notAfter]);
    await expect(issueCertificate(request({ notBefore: notAfter, notAfter: notBefore }))).rejects.toMatchObject({
      code: 'ERR_CERT_VALIDITY_INVALID',
    });
    await expect(issueCertificate(request({ notAfter: new Date('2099-01-01T00:00:00Z') }))).rejects.toMatchObject({
      code: 'ERR_CERT_VALIDITY_INVALID',
    });
  });

  it('clamps the default validity to the issuing CA’s end', async () => {
    const late = new Date(ca.issuing.certificate.notAfter.getTime() - 30 * DAY);
    const issued = await issueCertificate(request({ clock: () => late }));
    expect(issued.notAfter).toEqual(ca.issuing.certificate.notAfter);
  });

  it.each([
    ['RSA-1024', {}, 'ERR_CSR_WEAK_KEY'],
    ['P-521', {}, 'ERR_CSR_KEY_UNSUPPORTED'],
    ['RSA-2048', { hash: 'SHA-1' }, 'ERR_CSR_WEAK_SIGNATURE'],
    ['P-256', { hash: 'SHA-1' }, 'ERR_CSR_WEAK_SIGNATURE'],
  ] as const)('refuses a %s CSR %j with %s', async (kind, opts, code) => {
    await expect(issueCertificate(request({ csr: await makeCsr(kind, opts) }))).rejects.toMatchObject({ code });
  });

  it('refuses a CSR whose signature does not verify', async () => {
    const der = new Uint8Array(new x509.Pkcs10CertificateRequest(p256).rawData);
    der[der.length - 5] = (der[der.length - 5] as number) ^ 0x01;
    await expect(issueCertificate(request({ csr: der }))).rejects.toMatchObject({ code: 'ERR_CSR_SIGNATURE_INVALID' });
  });

  it('refuses malformed CSRs', async () => {
    for (const csr of ['', 'not a csr', new Uint8Array([0x30, 0x03, 0x02, 0x01, 0x00]), 'A'.repeat(20_000)]) {
      await expect(issueCertificate(request({ csr }))).rejects.toMatchObject({ code: 'ERR_CSR_MALFORMED' });
    }
  });

  it('refuses bad subjects with codes and bad configuration as TypeError', async () => {
    await expect(
      issueCertificate(request({ subject: { departmentName: '某局', uscc: '91350100M000100Y40', sealName: '公章' } })),
    ).rejects.toMatchObject({ code: 'ERR_USCC_INVALID', extra: { expected: '3' } });
    for (const subject of [
      { departmentName: '', uscc: FIXTURE_USCC, sealName: '公章' },
      { departmentName: '某局', uscc: FIXTURE_USCC },
      { departmentName: '某局', uscc: FIXTURE_USCC, sealName: ' 公章' },
      { departmentName: '某局', uscc: FIXTURE_USCC, sealName: '章'.repeat(65) },
      { departmentName: '某局\n', uscc: FIXTURE_USCC, sealName: '公章' },
    ]) {
      await expect(issueCertificate(request({ subject }))).rejects.toMatchObject({ code: 'ERR_CERT_SUBJECT_INVALID' });
    }
    await expect(issueCertificate(request({ crlDistributionPoint: 'ldap://x' }))).rejects.toBeInstanceOf(TypeError);
  });
});
