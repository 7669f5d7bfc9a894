/**
 * @module pki/path/profile-checks
 * The RFC 5280 §4 MUST rules a conforming CA follows, applied to every certificate of a path: a
 * certificate that breaks them was not issued by a CA the hub should trust to have checked anything
 * else, so each is refused with its own code rather than accepted as "probably harmless".
 */
import {
  CertificateAnchorAuthorityKeyIdIssuerError,
  CertificateAnchorAuthorityKeyIdMismatchError,
  CertificateAuthorityKeyIdCriticalError,
  CertificateAuthorityKeyIdMissingError,
  CertificateBasicConstraintsNotCriticalError,
  CertificateCaSubjectEmptyError,
  CertificateIssuerEmptyError,
  CertificateKeyCertSignNotCaError,
  CertificateSerialInvalidError,
  CertificateSubjectAltNameNotCriticalError,
  CertificateSubjectKeyIdCriticalError,
  CertificateSubjectKeyIdMissingError,
} from '../../core/pki-errors.js';
import { authorityKeyId, describeCertificate, isSelfIssued, subjectKeyId } from './certificate-input.js';
import * as x509 from '../x509.js';

export type PathPosition = 'leaf' | 'intermediate' | 'anchor';

export function checkProfile(certificate: x509.X509Certificate, position: PathPosition): void {
  const extra = describeCertificate(certificate);
  const basic = certificate.getExtension(x509.BasicConstraintsExtension);
  const isCa = basic?.ca === true;
  const aki = certificate.getExtension(x509.AuthorityKeyIdentifierExtension);
  const ski = certificate.getExtension(x509.SubjectKeyIdentifierExtension);

  // §4.1.2.2: a positive INTEGER of at most 20 octets (serials are how CRLs name certificates).
  const serial = Buffer.from(certificate.serialNumber, 'hex');
  if (serial.length === 0 || serial.length > 20 || (serial[0] as number) >= 0x80 || serial.every((b) => b === 0)) {
    throw new CertificateSerialInvalidError('证书序列号须为不超过 20 字节的正整数', { extra });
  }
  // §4.1.2.4 / §4.1.2.6
  if (certificate.issuerName.toJSON().length === 0) throw new CertificateIssuerEmptyError('证书的签发者名称为空', { extra });
  if (isCa && certificate.subjectName.toJSON().length === 0) {
    throw new CertificateCaSubjectEmptyError('CA 证书的主体名称为空', { extra });
  }
  // §4.2.1.6: with an empty subject the identity lives in the SAN alone, which must then be critical.
  if (certificate.subjectName.toJSON().length === 0 && !certificate.extensions.find((e) => e.type === '2.5.29.17')?.critical) {
    throw new CertificateSubjectAltNameNotCriticalError('主体名称为空的证书须含标记为关键的 subjectAltName', { extra });
  }
  // §4.2.1.1: every certificate but a self-signed one names its issuer's key; never critical.
  if (aki?.critical) throw new CertificateAuthorityKeyIdCriticalError('authorityKeyIdentifier 不得标记为关键扩展', { extra });
  if (authorityKeyId(certificate) === undefined && !(position === 'anchor' && isSelfIssued(certificate))) {
    throw new CertificateAuthorityKeyIdMissingError('证书缺少 authorityKeyIdentifier（keyIdentifier）', { extra });
  }
  // §4.2.1.2: a CA names its own key; never critical.
  if (ski?.critical) throw new CertificateSubjectKeyIdCriticalError('subjectKeyIdentifier 不得标记为关键扩展', { extra });
  if (isCa && !ski) throw new CertificateSubjectKeyIdMissingError('CA 证书缺少 subjectKeyIdentifier', { extra });
  // §4.2.1.9: a CA's basicConstraints is critical. §4.2.1.3: keyCertSign only with cA TRUE.
  if (isCa && !basic.critical) {
    throw new CertificateBasicConstraintsNotCriticalError('CA 证书的 basicConstraints 必须标记为关键扩展', { extra });
  }
  const usages = certificate.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  if (usages & x509.KeyUsageFlags.keyCertSign && !isCa) {
    throw new CertificateKeyCertSignNotCaError('非 CA 证书不得含 keyCertSign 密钥用法', { extra });
  }
  if (position === 'anchor') checkAnchorKeyIds(certificate, aki);
}

/**
 * A trust anchor is trusted for its key alone: an AKI naming an issuer and serial ties it to a
 * certificate the hub never sees, and a self-signed one whose AKI differs from its SKI is inconsistent.
 */
function checkAnchorKeyIds(anchor: x509.X509Certificate, aki: x509.AuthorityKeyIdentifierExtension | null): void {
  if (!aki) return;
  const extra = describeCertificate(anchor);
  if (aki.certId !== undefined) {
    throw new CertificateAnchorAuthorityKeyIdIssuerError('信任锚的 authorityKeyIdentifier 不得包含签发者名称和序列号', { extra });
  }
  const keyId = authorityKeyId(anchor);
  if (isSelfIssued(anchor) && keyId !== undefined && keyId !== subjectKeyId(anchor)) {
    throw new CertificateAnchorAuthorityKeyIdMismatchError('自签名信任锚的 authorityKeyIdentifier 与 subjectKeyIdentifier 不一致', {
      extra,
    });
  }
}
