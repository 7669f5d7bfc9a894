/**
 * @module core/rights/in-memory-license-right-repository
 * `LicenseRightRepository` fake for unit tests: rights and the audit entries written with them.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { LicenseRightGrant, LicenseRightRepository } from '../ports/license-right-repository.js';

export class InMemoryLicenseRightRepository implements LicenseRightRepository {
  readonly rights = new Map<string, LicenseRightGrant & { grantedBy: string }>();
  readonly audit: AuditEntry[] = [];
  lists = 0;

  async list(): Promise<LicenseRightGrant[]> {
    this.lists += 1;
    return [...this.rights.values()].map(({ right, typeCode, department }) => ({ right, typeCode, department }));
  }

  async grant(grant: LicenseRightGrant, grantedBy: string, audit: readonly AuditEntry[]): Promise<boolean> {
    const key = `${grant.right}/${grant.typeCode}/${grant.department}`;
    if (this.rights.has(key)) return false;
    this.rights.set(key, { ...grant, grantedBy });
    this.audit.push(...audit);
    return true;
  }

  async revoke(grant: LicenseRightGrant, audit: readonly AuditEntry[]): Promise<boolean> {
    if (!this.rights.delete(`${grant.right}/${grant.typeCode}/${grant.department}`)) return false;
    this.audit.push(...audit);
    return true;
  }
}
