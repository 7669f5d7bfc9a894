/**
 * @module pki/ca/certificate-profiles
 * The two kinds of end-entity certificate the hub issues (DESIGN §4). A seal certificate signs
 * licences and documents on behalf of a department (non-repudiation); a system certificate
 * authenticates a department system to the hub (TLS-style clientAuth). Neither may act as a CA.
 */
import * as x509 from '../x509.js';

export type CertificateProfileName = 'seal' | 'system';

export interface CertificateProfile {
  readonly name: CertificateProfileName;
  readonly keyUsage: x509.KeyUsageFlags;
  readonly extendedKeyUsage: readonly string[];
  readonly validityYears: number;
}

export const CERTIFICATE_PROFILES: Readonly<Record<CertificateProfileName, CertificateProfile>> = {
  seal: {
    name: 'seal',
    keyUsage: x509.KeyUsageFlags.digitalSignature | x509.KeyUsageFlags.nonRepudiation,
    extendedKeyUsage: [],
    validityYears: 2,
  },
  system: {
    name: 'system',
    keyUsage: x509.KeyUsageFlags.digitalSignature,
    extendedKeyUsage: [x509.ExtendedKeyUsage.clientAuth],
    validityYears: 1,
  },
};

export function isCertificateProfileName(value: unknown): value is CertificateProfileName {
  return value === 'seal' || value === 'system';
}

/** Profile extensions for a leaf; `sign-certificate` adds SKI and AKI. */
export function profileExtensions(profile: CertificateProfile, crlDistributionPoint: string): x509.Extension[] {
  const extensions: x509.Extension[] = [
    new x509.BasicConstraintsExtension(false, undefined, true),
    new x509.KeyUsagesExtension(profile.keyUsage, true),
    new x509.CRLDistributionPointsExtension([crlDistributionPoint]),
  ];
  if (profile.extendedKeyUsage.length > 0) {
    extensions.push(new x509.ExtendedKeyUsageExtension([...profile.extendedKeyUsage], false));
  }
  return extensions;
}
