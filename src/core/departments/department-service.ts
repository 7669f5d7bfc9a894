/**
 * @module core/departments/department-service
 * Use cases on departments: register (credit code checked per GB 32100), list, change, and the
 * guard other use cases call before acting for a department. Registrations and changes are audited
 * with the write.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { assertUscc } from '../identifiers/uscc.js';
import type { DepartmentRepository } from '../ports/department-repository.js';
import type { Department, DepartmentLevel } from './department.js';
import { DepartmentExistsError, DepartmentInactiveError, DepartmentNotFoundError } from './department-errors.js';

export interface RegisterDepartmentInput {
  uscc: string;
  name: string;
  level: DepartmentLevel;
}

export interface DepartmentService {
  register(input: RegisterDepartmentInput): Promise<Department>;
  list(filter?: { active?: boolean; level?: DepartmentLevel }): Promise<Department[]>;
  get(uscc: string): Promise<Department>;
  update(uscc: string, changes: Partial<Pick<Department, 'name' | 'level' | 'active'>>): Promise<Department>;
  /** Throws unless the credit code is valid and names an active department. */
  assertActive(uscc: string): Promise<Department>;
}

/** Who acts and when, for the audit entries of register and update; tools and tests may go without. */
export interface DepartmentAuditing {
  currentCaller(): Principal;
  now(): Date;
}

export function createDepartmentService(departments: DepartmentRepository, auditing?: DepartmentAuditing): DepartmentService {
  const audit = (action: string, uscc: string, details: Record<string, unknown>) =>
    auditing ? [auditEntry(auditing.currentCaller(), action, auditing.now(), { target: uscc, details })] : undefined;

  async function get(uscc: string): Promise<Department> {
    assertUscc(uscc);
    const department = await departments.find(uscc);
    if (!department) throw new DepartmentNotFoundError(`no department with credit code ${uscc}`);
    return department;
  }

  return {
    async register(input) {
      assertUscc(input.uscc);
      const department = { ...input, name: input.name.trim(), active: true };
      const inserted = await departments.insert(
        department,
        audit(AuditActions.departmentRegister, input.uscc, { name: department.name, level: input.level }),
      );
      if (!inserted) throw new DepartmentExistsError(`a department with credit code ${input.uscc} already exists`);
      return get(input.uscc);
    },
    list: (filter) => departments.list(filter),
    get,
    async update(uscc, changes) {
      await get(uscc);
      return (await departments.update(uscc, changes, audit(AuditActions.departmentUpdate, uscc, { ...changes }))) as Department;
    },
    async assertActive(uscc) {
      const department = await get(uscc);
      if (!department.active) throw new DepartmentInactiveError(`department ${uscc} is deactivated`);
      return department;
    },
  };
}
