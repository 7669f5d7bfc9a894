/**
 * @module core/ports/certificate-authority
 * The hub CA as the use cases see it: issue a certificate from a CSR for a subject the hub builds,
 * and sign CRLs. `pki/hub-certificate-authority.ts` implements it over the CA keys.
 */
import type { CertificateProfile, RevocationReason } from '../certificates/certificate-record.js';

export interface IssueRequest {
  csr: string;
  profile: CertificateProfile;
  departmentName: string;
  uscc: string;
  /** Seal or system name (the certificate's CN). */
  name: string;
  notAfter?: Date;
}

export interface IssuedCertificateData {
  serial: string;
  certificatePem: string;
  chainPem: string;
  notBefore: Date;
  notAfter: Date;
  keyDescription: string;
}

export interface CrlEntryData {
  serial: string;
  revokedAt: Date;
  /** `certificateHold` marks a suspension. */
  reason: RevocationReason | 'certificateHold';
}

export interface SignedCrl {
  der: Uint8Array;
  thisUpdate: Date;
  nextUpdate: Date;
}

export interface CertificateAuthority {
  issue(request: IssueRequest): Promise<IssuedCertificateData>;
  signCrl(crlNumber: bigint, entries: readonly CrlEntryData[]): Promise<SignedCrl>;
  /** Issuing CA then root, PEM. */
  caChainPem(): string;
}
