/**
 * @module pki/path/certificate-checks
 * The per-certificate rules of path validation (RFC 5280 §6.1.3–6.1.5 as far as the hub needs):
 * signature and algorithm, validity, extensions we understand, issuer constraints (CA flag,
 * pathLen, keyCertSign) and the leaf's purpose. Each failure has its own error code.
 */
import {
  CertificateExpiredError,
  CertificateExtendedKeyUsageError,
  CertificateIssuerKeyUsageError,
  CertificateIssuerNotCaError,
  CertificateKeyUsageError,
  CertificateLeafIsCaError,
  CertificateNotYetValidError,
  CertificatePathLengthExceededError,
  CertificateSignatureInvalidError,
  CertificateUnknownCriticalExtensionError,
  CertificateWeakAlgorithmError,
} from '../../core/pki-errors.js';
import { describeCertificate, isSelfIssued } from './certificate-input.js';
import * as x509 from '../x509.js';

export type CertificatePurpose = 'seal' | 'system' | 'any';

/**
 * Extensions whose semantics we apply (or, for SKI/AKI/SAN, which constrain nothing beyond the
 * profile and name constraint checks). Policy constraints and certificate policies are not
 * implemented, so a critical one fails closed.
 */
const UNDERSTOOD_EXTENSIONS = new Set([
  '2.5.29.19', // basicConstraints
  '2.5.29.15', // keyUsage
  '2.5.29.37', // extKeyUsage
  '2.5.29.17', // subjectAltName
  '2.5.29.14', // subjectKeyIdentifier
  '2.5.29.35', // authorityKeyIdentifier
  '2.5.29.30', // nameConstraints
]);
const STRONG_HASHES = new Set(['SHA-256', 'SHA-384', 'SHA-512']);
const HASHED_SIGNATURES = new Set(['ECDSA', 'RSASSA-PKCS1-v1_5', 'RSA-PSS']);

export async function checkSignature(certificate: x509.X509Certificate, issuer: x509.X509Certificate): Promise<void> {
  let algorithm: { name: string; hash?: { name: string } };
  try {
    algorithm = certificate.signatureAlgorithm as typeof algorithm;
  } catch {
    algorithm = { name: 'unknown' };
  }
  const strong =
    algorithm.name === 'Ed25519' ||
    (HASHED_SIGNATURES.has(algorithm.name) && algorithm.hash !== undefined && STRONG_HASHES.has(algorithm.hash.name));
  if (!strong) {
    throw new CertificateWeakAlgorithmError(`证书签名算法不被接受：${algorithm.hash?.name ?? algorithm.name}`, {
      extra: describeCertificate(certificate),
    });
  }
  let valid: boolean;
  try {
    valid = await certificate.verify({ publicKey: issuer, signatureOnly: true });
  } catch {
    valid = false;
  }
  if (!valid) {
    throw new CertificateSignatureInvalidError('证书签名无效', { extra: describeCertificate(certificate) });
  }
}

/**
 * RFC 5280 §4.1.2.5: both bounds inclusive, at the one-second granularity the times are encoded in
 * (so the whole second named by notAfter is still inside the period).
 */
export function checkValidity(certificate: x509.X509Certificate, at: Date): void {
  const second = Math.floor(at.getTime() / 1000) * 1000;
  if (second < certificate.notBefore.getTime()) {
    throw new CertificateNotYetValidError(`证书尚未生效（${certificate.notBefore.toISOString()} 起）`, {
      extra: { ...describeCertificate(certificate), notBefore: certificate.notBefore.toISOString() },
    });
  }
  if (second > certificate.notAfter.getTime()) {
    throw new CertificateExpiredError(`证书已过期（${certificate.notAfter.toISOString()}）`, {
      extra: { ...describeCertificate(certificate), notAfter: certificate.notAfter.toISOString() },
    });
  }
}

export function checkCriticalExtensions(certificate: x509.X509Certificate): void {
  const unknown = certificate.extensions.find((e) => e.critical && !UNDERSTOOD_EXTENSIONS.has(e.type));
  if (unknown) {
    throw new CertificateUnknownCriticalExtensionError(`证书包含无法处理的关键扩展 ${unknown.type}`, {
      extra: { ...describeCertificate(certificate), oid: unknown.type },
    });
  }
}

/** An issuing certificate must be a CA (basicConstraints CA:TRUE) allowed to sign certificates. */
export function checkIssuer(issuer: x509.X509Certificate): void {
  if (!issuer.getExtension(x509.BasicConstraintsExtension)?.ca) {
    throw new CertificateIssuerNotCaError('签发者证书不是 CA 证书（basicConstraints CA:FALSE 或缺失）', {
      extra: describeCertificate(issuer),
    });
  }
  const usages = issuer.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  if (!(usages & x509.KeyUsageFlags.keyCertSign)) {
    throw new CertificateIssuerKeyUsageError('签发者证书的密钥用法不含 keyCertSign', {
      extra: describeCertificate(issuer),
    });
  }
}

/**
 * RFC 5280 §6.1.4 (l)–(m) as a running budget, fed issuers from the anchor down: each
 * non-self-issued intermediate spends one, and a pathLenConstraint can only lower what is left.
 * The anchor's own constraint is honoured too (RFC 5937 style), which only ever fails closed.
 */
export function createPathLengthBudget(): { visit(issuer: x509.X509Certificate, isAnchor: boolean): void } {
  let remaining = Number.POSITIVE_INFINITY;
  let setBy: x509.X509Certificate | undefined;
  return {
    visit(issuer, isAnchor) {
      if (!isAnchor && !isSelfIssued(issuer)) {
        if (remaining <= 0 && setBy) {
          const pathLength = setBy.getExtension(x509.BasicConstraintsExtension)?.pathLength;
          throw new CertificatePathLengthExceededError(`签发者 ${setBy.subject} 的 pathLen 为 ${pathLength}，其下中间 CA 过多`, {
            extra: { ...describeCertificate(setBy), pathLength },
          });
        }
        remaining -= 1;
      }
      const pathLength = issuer.getExtension(x509.BasicConstraintsExtension)?.pathLength;
      if (pathLength !== undefined && pathLength < remaining) {
        remaining = pathLength;
        setBy = issuer;
      }
    },
  };
}

export function checkLeafPurpose(leaf: x509.X509Certificate, purpose: CertificatePurpose): void {
  if (purpose === 'any') return;
  if (leaf.getExtension(x509.BasicConstraintsExtension)?.ca) {
    throw new CertificateLeafIsCaError('印章或系统证书不能是 CA 证书', { extra: describeCertificate(leaf) });
  }
  const usages = leaf.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  const required =
    purpose === 'seal' ? x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation : x509.KeyUsageFlags.digitalSignature;
  if ((usages & required) !== required) {
    throw new CertificateKeyUsageError(
      purpose === 'seal' ? '印章证书须含 digitalSignature 和 nonRepudiation 密钥用法' : '系统证书须含 digitalSignature 密钥用法',
      { extra: { ...describeCertificate(leaf), purpose } },
    );
  }
  if (purpose === 'system') {
    const extended = leaf.getExtension(x509.ExtendedKeyUsageExtension)?.usages ?? [];
    if (!extended.includes(x509.ExtendedKeyUsage.clientAuth)) {
      throw new CertificateExtendedKeyUsageError('系统证书须含 clientAuth 扩展密钥用法', {
        extra: { ...describeCertificate(leaf), purpose },
      });
    }
  }
}
