/**
 * @module postgres/postgres-department-repository
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { Department, DepartmentLevel } from '../core/departments/department.js';
import type { DepartmentRepository } from '../core/ports/department-repository.js';
import type { Sql } from './database.js';
import { writeAudited, type AuditAppender } from './postgres-audit-log.js';

interface Row {
  uscc: string;
  name: string;
  level: DepartmentLevel;
  active: boolean;
  created_at: Date;
}

const toDepartment = (row: Row): Department => ({
  uscc: row.uscc,
  name: row.name,
  level: row.level,
  active: row.active,
  createdAt: row.created_at,
});

export class PostgresDepartmentRepository implements DepartmentRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit?: AuditAppender,
  ) {}

  async insert(department: Omit<Department, 'createdAt'>, audit?: readonly AuditEntry[]): Promise<boolean> {
    const rows = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
      insert into departments (uscc, name, level, active)
      values (${department.uscc}, ${department.name}, ${department.level}, ${department.active})
      on conflict (uscc) do nothing returning uscc`,
      (inserted) => inserted.length === 1,
    );
    return rows.length === 1;
  }

  async find(uscc: string): Promise<Department | undefined> {
    const [row] = await this.sql<Row[]>`select * from departments where uscc = ${uscc}`;
    return row && toDepartment(row);
  }

  async list(filter: { active?: boolean; level?: DepartmentLevel } = {}): Promise<Department[]> {
    const rows = await this.sql<Row[]>`
      select * from departments
      where (${filter.active ?? null}::boolean is null or active = ${filter.active ?? null})
        and (${filter.level ?? null}::text is null or level = ${filter.level ?? null})
      order by level, name`;
    return rows.map(toDepartment);
  }

  async update(
    uscc: string,
    changes: Partial<Pick<Department, 'name' | 'level' | 'active'>>,
    audit?: readonly AuditEntry[],
  ): Promise<Department | undefined> {
    const [row] = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q<Row[]>`
      update departments set
        name = coalesce(${changes.name ?? null}, name),
        level = coalesce(${changes.level ?? null}, level),
        active = coalesce(${changes.active ?? null}, active),
        updated_at = now()
      where uscc = ${uscc} returning *`,
      (updated) => updated.length === 1,
    );
    return row && toDepartment(row);
  }
}
