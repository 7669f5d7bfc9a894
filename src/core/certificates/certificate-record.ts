/**
 * @module core/certificates/certificate-record
 * What the hub keeps about each certificate it issued: the inventory behind `/v1/pki/certificates`,
 * revocation state for CRLs, and for seal certificates the seal itself (name, kind, image).
 */
export const CertificateProfiles = ['seal', 'system'] as const;
export type CertificateProfile = (typeof CertificateProfiles)[number];

/** Stored states; `expired` is derived from `notAfter` at read time. */
export type StoredCertificateStatus = 'valid' | 'suspended' | 'revoked';
export type CertificateStatus = StoredCertificateStatus | 'expired';

/** RFC 5280 reason names a revocation may give (certificateHold is `suspend`, removeFromCRL is `release`). */
export const RevocationReasons = [
  'unspecified',
  'keyCompromise',
  'cACompromise',
  'affiliationChanged',
  'superseded',
  'cessationOfOperation',
  'privilegeWithdrawn',
  'aACompromise',
] as const;
export type RevocationReason = (typeof RevocationReasons)[number];

/** 印章类型 — the kinds of seal a department holds. */
export const SealKinds = ['公章', '行政审批专用章', '业务专用章', '合同专用章', '财务专用章', '电子证照专用章', '其他'] as const;
export type SealKind = (typeof SealKinds)[number];

export interface SealInfo {
  name: string;
  kind: SealKind;
  /** PNG bytes of the seal's impression, if given. */
  image?: Uint8Array;
}

export interface CertificateRecord {
  /** Lower-case hex. */
  serial: string;
  profile: CertificateProfile;
  department: string;
  /** CN: the seal or system name. */
  name: string;
  sealKind: SealKind | undefined;
  hasSealImage: boolean;
  certificatePem: string;
  keyDescription: string;
  notBefore: Date;
  notAfter: Date;
  status: StoredCertificateStatus;
  revocationReason: RevocationReason | undefined;
  revokedAt: Date | undefined;
  issuedBy: string;
  issuedAt: Date;
}

export function effectiveStatus(record: Pick<CertificateRecord, 'status' | 'notAfter'>, now: Date): CertificateStatus {
  if (record.status === 'valid' && record.notAfter.getTime() < now.getTime()) return 'expired';
  return record.status;
}
