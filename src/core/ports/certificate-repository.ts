/**
 * @module core/ports/certificate-repository
 * The certificate inventory and the CRL history. A status change and the CRL that publishes it are
 * written in one transaction (`changeStatus`), so a revocation is never recorded without its CRL.
 * Writes take their audit entries along, written in the same transaction when the write takes effect.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CertificateProfile, CertificateRecord, StoredCertificateStatus } from '../certificates/certificate-record.js';
import type { CrlEntryData, SignedCrl } from './certificate-authority.js';

export interface NewCertificate extends Omit<CertificateRecord, 'status' | 'revocationReason' | 'revokedAt' | 'issuedAt' | 'hasSealImage'> {
  sealImage: Uint8Array | undefined;
}

export interface CertificateFilter {
  department?: string;
  profile?: CertificateProfile;
  status?: StoredCertificateStatus | 'expired';
  /** Only certificates whose notAfter falls before this instant (and are not yet expired). */
  expiringBefore?: Date;
  now: Date;
}

export interface StatusChange {
  status: StoredCertificateStatus;
  reason: CrlEntryData['reason'] | undefined;
  at: Date;
  /** States the change may start from; otherwise the repository answers `undefined`. */
  from: readonly StoredCertificateStatus[];
}

export interface StoredCrl extends SignedCrl {
  crlNumber: bigint;
}

export type CrlSigner = (crlNumber: bigint, entries: readonly CrlEntryData[]) => Promise<SignedCrl>;

export interface CertificateRepository {
  insert(certificate: NewCertificate, audit?: readonly AuditEntry[]): Promise<void>;
  find(serial: string): Promise<CertificateRecord | undefined>;
  sealImage(serial: string): Promise<Uint8Array | undefined>;
  list(filter: CertificateFilter): Promise<CertificateRecord[]>;
  /** Applies the change and stores a freshly signed CRL atomically; `undefined` if not in a `from` state. */
  changeStatus(
    serial: string,
    change: StatusChange,
    signCrl: CrlSigner,
    audit?: readonly AuditEntry[],
  ): Promise<CertificateRecord | undefined>;
  /** Signs and stores a new CRL with the current entries (periodic re-signing). */
  reissueCrl(signCrl: CrlSigner): Promise<StoredCrl>;
  latestCrl(): Promise<StoredCrl | undefined>;
}
