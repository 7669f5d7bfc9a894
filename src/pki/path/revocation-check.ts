/**
 * @module pki/path/revocation-check
 * Revocation of one certificate from the CRLs at hand (RFC 5280 §6.3, full CRLs only). A CRL counts
 * only if it names the certificate's issuer, is signed by the issuer's key (which must carry
 * cRLSign), has no critical extension we do not process (delta CRLs, distribution-point scoping),
 * carries a non-critical cRLNumber, and is fresh: thisUpdate ≤ at < nextUpdate. Among several, the newest fresh one decides.
 * certificateHold is reported as suspended, distinct from revoked; removeFromCRL is not a revocation.
 */
import {
  CertificateRevokedError,
  CertificateSuspendedError,
  CrlIssuerKeyUsageError,
  CrlMalformedError,
  CrlMissingError,
  CrlSignatureInvalidError,
  CrlStaleError,
  CrlUnknownCriticalExtensionError,
} from '../../core/pki-errors.js';
import { describeCertificate, sameName } from './certificate-input.js';
import { findCrlEntry, readCrlNumber, verifyCrlSignature } from '../ca/crl.js';
import * as x509 from '../x509.js';

const CRL_NUMBER = '2.5.29.20';
const UNDERSTOOD_CRL_EXTENSIONS = new Set([CRL_NUMBER, '2.5.29.35']); // cRLNumber, authorityKeyIdentifier

export interface RevocationResult {
  /** Whether a CRL covered the certificate (false only when none was required and none supplied). */
  checked: boolean;
  /** The deciding CRL, whose window bounds how long this answer holds. */
  crl?: x509.X509Crl;
}

export async function checkRevocation(params: {
  certificate: x509.X509Certificate;
  issuer: x509.X509Certificate;
  crls: readonly x509.X509Crl[];
  at: Date;
  required: boolean;
}): Promise<RevocationResult> {
  const { certificate, issuer, at } = params;
  const named = params.crls.filter((crl) => sameName(crl.issuerName, certificate.issuerName));
  if (named.length === 0) {
    if (!params.required) return { checked: false };
    throw new CrlMissingError(`缺少签发者 ${certificate.issuer} 的 CRL，无法检查吊销状态`, {
      extra: describeCertificate(certificate),
    });
  }
  const usages = issuer.getExtension(x509.KeyUsagesExtension)?.usages ?? 0;
  if (!(usages & x509.KeyUsageFlags.cRLSign)) {
    throw new CrlIssuerKeyUsageError('CRL 签发者证书的密钥用法不含 cRLSign', { extra: describeCertificate(issuer) });
  }
  const signed: x509.X509Crl[] = [];
  for (const crl of named) if (await verifyCrlSignature(crl, issuer)) signed.push(crl);
  if (signed.length === 0) {
    throw new CrlSignatureInvalidError('CRL 签名无效：不是由证书的签发者签发', { extra: describeCertificate(issuer) });
  }
  for (const crl of signed) {
    const unknown = crl.extensions.find((e) => e.critical && !UNDERSTOOD_CRL_EXTENSIONS.has(e.type));
    if (unknown) {
      throw new CrlUnknownCriticalExtensionError(`CRL 包含无法处理的关键扩展 ${unknown.type}`, {
        extra: { oid: unknown.type },
      });
    }
  }
  for (const crl of signed) {
    // §5.2.3: conforming CRL issuers include a non-critical cRLNumber; ordering CRLs relies on it.
    const number = crl.extensions.find((e) => e.type === CRL_NUMBER);
    if (!number || number.critical) {
      throw new CrlMalformedError('CRL 须含非关键的 cRLNumber 扩展', { extra: { issuer: crl.issuer } });
    }
  }
  const fresh = signed.filter(
    (crl) => crl.thisUpdate.getTime() <= at.getTime() && crl.nextUpdate !== undefined && at.getTime() < crl.nextUpdate.getTime(),
  );
  const crl = fresh.sort(newestFirst)[0];
  if (!crl) {
    const latest = signed.sort(newestFirst)[0] as x509.X509Crl;
    throw new CrlStaleError('没有在有效期内的 CRL（thisUpdate ≤ 校验时间 < nextUpdate）', {
      extra: { thisUpdate: latest.thisUpdate.toISOString(), nextUpdate: latest.nextUpdate?.toISOString() ?? null },
    });
  }
  const entry = findCrlEntry(crl, certificate.serialNumber);
  if (entry && entry.reason === 'certificateHold') {
    throw new CertificateSuspendedError('证书已被暂停使用（certificateHold）', {
      extra: { ...describeCertificate(certificate), revokedAt: entry.revokedAt.toISOString() },
    });
  }
  if (entry && entry.reason !== 'removeFromCRL') {
    throw new CertificateRevokedError('证书已被吊销', {
      extra: {
        ...describeCertificate(certificate),
        revokedAt: entry.revokedAt.toISOString(),
        reason: entry.reason ?? 'unspecified',
      },
    });
  }
  return { checked: true, crl };
}

function newestFirst(a: x509.X509Crl, b: x509.X509Crl): number {
  const byTime = b.thisUpdate.getTime() - a.thisUpdate.getTime();
  if (byTime !== 0) return byTime;
  const na = readCrlNumber(a) ?? -1n;
  const nb = readCrlNumber(b) ?? -1n;
  return na === nb ? 0 : nb > na ? 1 : -1;
}
