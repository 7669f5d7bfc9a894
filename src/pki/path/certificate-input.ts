/**
 * @module pki/path/certificate-input
 * Turning caller-supplied certificates (x509 objects, PEM, base64 DER as in `x5c`, raw DER) into
 * parsed certificates, plus the small comparisons path building needs. Names are compared by their
 * DER encoding: stricter than RFC 5280's case-folding match, which fails closed and is what every
 * hub-issued chain produces (issuer names are copied byte for byte from the CA certificate).
 */
import { CertificateMalformedError } from '../../core/pki-errors.js';
import { sameBytes } from '../bytes.js';
import * as x509 from '../x509.js';

export type CertificateInput = x509.X509Certificate | string | Uint8Array;

/** Far above any real certificate (hub leaves are < 1 KB); a cheap guard against hostile input. */
const MAX_CERTIFICATE_BYTES = 64 * 1024;

export function parseCertificate(input: CertificateInput): x509.X509Certificate {
  if (input instanceof x509.X509Certificate) return checkedExtensions(input);
  const size = typeof input === 'string' ? input.length : input.byteLength;
  if (size === 0 || size > MAX_CERTIFICATE_BYTES) throw new CertificateMalformedError('证书为空或过大');
  let certificate: x509.X509Certificate;
  try {
    certificate = new x509.X509Certificate(typeof input === 'string' ? input.trim() : new Uint8Array(input));
    // x509 decodes lazily: make garbage fail here, as malformed, not deep inside a check.
    void certificate.extensions;
    void certificate.publicKey.algorithm;
  } catch (cause) {
    throw new CertificateMalformedError('无法解析证书', { cause });
  }
  return checkedExtensions(certificate);
}

/** Subject and serial of a certificate for error `extra`, so an admin sees which link failed. */
export function describeCertificate(certificate: x509.X509Certificate): { subject: string; serial: string } {
  return { subject: certificate.subject, serial: certificate.serialNumber.toLowerCase() };
}

export function sameName(a: x509.Name, b: x509.Name): boolean {
  return sameBytes(a.toArrayBuffer(), b.toArrayBuffer());
}

export function sameCertificate(a: x509.X509Certificate, b: x509.X509Certificate): boolean {
  return sameBytes(a.rawData, b.rawData);
}

export function isSelfIssued(certificate: x509.X509Certificate): boolean {
  return sameName(certificate.subjectName, certificate.issuerName);
}

export function subjectKeyId(certificate: x509.X509Certificate): string | undefined {
  return certificate.getExtension(x509.SubjectKeyIdentifierExtension)?.keyId.toLowerCase();
}

export function authorityKeyId(certificate: x509.X509Certificate): string | undefined {
  return certificate.getExtension(x509.AuthorityKeyIdentifierExtension)?.keyId?.toLowerCase();
}

/** RFC 5280 §4.2: a certificate MUST NOT include more than one instance of an extension, nor an empty one. */
function checkedExtensions(certificate: x509.X509Certificate): x509.X509Certificate {
  const seen = new Set<string>();
  for (const extension of certificate.extensions) {
    if (seen.has(extension.type)) {
      throw new CertificateMalformedError(`证书包含重复的扩展 ${extension.type}`, {
        extra: describeCertificate(certificate),
      });
    }
    seen.add(extension.type);
  }
  // §4.2.1.12: KeyPurposeId SEQUENCE SIZE (1..MAX); an empty one says nothing a verifier can apply.
  if (certificate.getExtension(x509.ExtendedKeyUsageExtension)?.usages.length === 0) {
    throw new CertificateMalformedError('证书的 extendedKeyUsage 为空', { extra: describeCertificate(certificate) });
  }
  return certificate;
}
