/**
 * @module postgres/postgres-license-reader-repository
 * Entitlements of department systems to read a licence type's public fields.
 */
import type { Sql } from './database.js';

export class PostgresLicenseReaderRepository {
  constructor(private readonly sql: Sql) {}

  async grant(typeCode: string, department: string, grantedBy: string): Promise<boolean> {
    const rows = await this.sql`
      insert into license_type_readers (type_code, department, granted_by) values (${typeCode}, ${department}, ${grantedBy})
      on conflict do nothing returning type_code`;
    return rows.length === 1;
  }

  async list(): Promise<{ typeCode: string; department: string }[]> {
    const rows = await this.sql<{ type_code: string; department: string }[]>`select type_code, department from license_type_readers`;
    return rows.map((r) => ({ typeCode: r.type_code, department: r.department }));
  }
}
