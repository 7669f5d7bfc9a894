/**
 * @module pki/ca/issue-certificate
 * Issues a seal or system certificate from a PKCS#10 request: the CSR proves key possession
 * (`csr-policy`), the hub supplies the subject (`hub-subject`) and the profile supplies everything
 * else. Default validity is the profile's (seal 2 years, system 1 year), backdated a few minutes
 * for clock skew and clamped to the issuing CA's own end; an explicit validity that does not fit
 * inside the CA's is refused rather than silently shortened.
 */
import { CertificateValidityInvalidError } from '../../core/pki-errors.js';
import { CERTIFICATE_PROFILES, profileExtensions, type CertificateProfileName } from './certificate-profiles.js';
import { checkCsr } from './csr-policy.js';
import { buildHubSubject, type HubSubjectInput } from './hub-subject.js';
import { BACKDATE_MS, signCertificate, type CertificateIssuer } from './sign-certificate.js';

export interface IssueCertificateOptions {
  issuer: CertificateIssuer;
  /** PKCS#10, PEM or DER. */
  csr: string | Uint8Array;
  profile: CertificateProfileName;
  subject: HubSubjectInput;
  /** URL of the CRL (`GET /v1/pki/crl`) put into the CRL distribution points extension. */
  crlDistributionPoint: string;
  notBefore?: Date;
  notAfter?: Date;
  clock?: () => Date;
}

export interface IssuedCertificate {
  /** Lower-case hex, 32 digits. */
  serial: string;
  certificatePem: string;
  /** The issuing CA's chain (issuing CA, then up to the root), PEM — not including the new certificate. */
  chainPem: string;
  notBefore: Date;
  notAfter: Date;
  /** e.g. `ECDSA P-256`; for the inventory. */
  keyDescription: string;
}

export async function issueCertificate(options: IssueCertificateOptions): Promise<IssuedCertificate> {
  assertHttpUrl(options.crlDistributionPoint);
  const profile = CERTIFICATE_PROFILES[options.profile];
  if (!profile) throw new TypeError(`unknown certificate profile ${String(options.profile)}`);
  const subject = buildHubSubject(options.subject, options.profile);
  const csr = await checkCsr(options.csr);
  const { notBefore, notAfter } = validityFor(options, profile.validityYears);

  const certificate = await signCertificate({
    subject,
    publicKeySpki: csr.publicKeySpki,
    notBefore,
    notAfter,
    extensions: profileExtensions(profile, options.crlDistributionPoint),
    issuer: options.issuer,
  });
  const chain = [options.issuer.certificate, ...options.issuer.chain];
  return {
    serial: certificate.serialNumber,
    certificatePem: `${certificate.toString('pem')}\n`,
    chainPem: `${chain.map((c) => c.toString('pem')).join('\n')}\n`,
    notBefore: certificate.notBefore,
    notAfter: certificate.notAfter,
    keyDescription: csr.keyDescription,
  };
}

function validityFor(options: IssueCertificateOptions, years: number): { notBefore: Date; notAfter: Date } {
  const ca = options.issuer.certificate;
  const now = (options.clock ?? (() => new Date()))();
  const notBefore = options.notBefore ?? new Date(Math.max(now.getTime() - BACKDATE_MS, ca.notBefore.getTime()));
  let notAfter = options.notAfter;
  if (notAfter === undefined) {
    const end = new Date(notBefore);
    end.setUTCFullYear(end.getUTCFullYear() + years);
    notAfter = new Date(Math.min(end.getTime(), ca.notAfter.getTime()));
  }
  // X.509 times have one-second resolution; compare what will actually be encoded.
  const from = Math.floor(notBefore.getTime() / 1000);
  const to = Math.floor(notAfter.getTime() / 1000);
  if (to <= from || from < Math.floor(ca.notBefore.getTime() / 1000) || to > Math.floor(ca.notAfter.getTime() / 1000)) {
    throw new CertificateValidityInvalidError('证书有效期为空或超出签发 CA 的有效期', {
      extra: { caNotBefore: ca.notBefore.toISOString(), caNotAfter: ca.notAfter.toISOString() },
    });
  }
  return { notBefore: new Date(from * 1000), notAfter: new Date(to * 1000) };
}

function assertHttpUrl(url: string): void {
  let parsed: URL | undefined;
  try {
    parsed = new URL(url);
  } catch {
    parsed = undefined;
  }
  if (!parsed || (parsed.protocol !== 'http:' && parsed.protocol !== 'https:')) {
    throw new TypeError(`crlDistributionPoint must be an http(s) URL, got ${url}`);
  }
}
