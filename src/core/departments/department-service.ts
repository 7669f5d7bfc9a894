/**
 * @module core/departments/department-service
 * Use cases on departments: register (credit code checked per GB 32100), list, change, and the
 * guard other use cases call before acting for a department. Registrations and changes are audited
 * with the write.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { assertUscc } from '../identifiers/uscc.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
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

/**
 * `changes` tells every hub instance that a department changed, so its state cache (and the
 * rights snapshot) drop at once: a deactivation holds everywhere within a second.
 */
export function createDepartmentService(
  departments: DepartmentRepository,
  auditing?: DepartmentAuditing,
  changes?: Pick<ChangeNotifier, 'notify'>,
): DepartmentService {
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
      // Told too, so each instance makes the new department's own topics before its systems subscribe.
      await changes?.notify('departments');
      return get(input.uscc);
    },
    list: (filter) => departments.list(filter),
    get,
    async update(uscc, edits) {
      await get(uscc);
      const updated = (await departments.update(uscc, edits, audit(AuditActions.departmentUpdate, uscc, { ...edits }))) as Department;
      await changes?.notify('departments');
      return updated;
    },
    async assertActive(uscc) {
      const department = await get(uscc);
      if (!department.active) throw new DepartmentInactiveError(`department ${uscc} is deactivated`);
      return department;
    },
  };
}
