/**
 * @module core/ports/license-right-repository
 * Who may do what with a licence type, as stored: the right to issue it (publish licences of that
 * type) and the right to read its public fields when verifying (deny by default). Audit entries
 * commit with the change, and only when it took effect.
 */
import type { AuditEntry } from '../audit/audit-entry.js';

export type LicenseRight = 'issue' | 'read';

export interface LicenseRightGrant {
  right: LicenseRight;
  typeCode: string;
  department: string;
}

export interface LicenseRightRepository {
  list(): Promise<LicenseRightGrant[]>;
  /** True when the right is new; `audit` is written with it, only then. */
  grant(grant: LicenseRightGrant, grantedBy: string, audit: readonly AuditEntry[]): Promise<boolean>;
  /** True when the right existed; `audit` is written with its removal, only then. */
  revoke(grant: LicenseRightGrant, audit: readonly AuditEntry[]): Promise<boolean>;
}
