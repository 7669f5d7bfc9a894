/**
 * @module core/ports/department-repository
 * Writes take their audit entries along, written in the same transaction when the write takes effect.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Department, DepartmentLevel } from '../departments/department.js';

export interface DepartmentRepository {
  /** False when a department with this credit code already exists. */
  insert(department: Omit<Department, 'createdAt'>, audit?: readonly AuditEntry[]): Promise<boolean>;
  find(uscc: string): Promise<Department | undefined>;
  list(filter?: { active?: boolean; level?: DepartmentLevel }): Promise<Department[]>;
  update(
    uscc: string,
    changes: Partial<Pick<Department, 'name' | 'level' | 'active'>>,
    audit?: readonly AuditEntry[],
  ): Promise<Department | undefined>;
}
