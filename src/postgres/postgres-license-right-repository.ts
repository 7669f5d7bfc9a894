/**
 * @module postgres/postgres-license-right-repository
 * Issuing rights (`license_type_issuers`) and reading rights (`license_type_readers`): one table per
 * kind of right, same shape. A grant is an insert that does nothing when the right is held, a
 * revoke a delete; each audit entry commits with the change that took effect.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { LicenseRight, LicenseRightGrant, LicenseRightRepository } from '../core/ports/license-right-repository.js';
import type { Sql } from './database.js';
import { writeAudited, type AuditAppender } from './postgres-audit-log.js';

const TABLES: Record<LicenseRight, string> = { issue: 'license_type_issuers', read: 'license_type_readers' };

export class PostgresLicenseRightRepository implements LicenseRightRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditAppender,
  ) {}

  async list(): Promise<LicenseRightGrant[]> {
    const rows = await this.sql<{ right: LicenseRight; type_code: string; department: string }[]>`
      select 'issue' as right, type_code, department from license_type_issuers
      union all select 'read' as right, type_code, department from license_type_readers`;
    return rows.map((r) => ({ right: r.right, typeCode: r.type_code, department: r.department }));
  }

  async grant({ right, typeCode, department }: LicenseRightGrant, grantedBy: string, audit: readonly AuditEntry[]): Promise<boolean> {
    const rows = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
        insert into ${q(TABLES[right])} (type_code, department, granted_by) values (${typeCode}, ${department}, ${grantedBy})
        on conflict do nothing returning type_code`,
      (inserted) => inserted.length === 1,
    );
    return rows.length === 1;
  }

  async revoke({ right, typeCode, department }: LicenseRightGrant, audit: readonly AuditEntry[]): Promise<boolean> {
    const rows = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`delete from ${q(TABLES[right])} where type_code = ${typeCode} and department = ${department} returning type_code`,
      (deleted) => deleted.length === 1,
    );
    return rows.length === 1;
  }
}
