/**
 * @module core/users/create-user
 * Use case: create a staff account (DESIGN §3 `POST /v1/users`). The hub generates the password and
 * answers it once; only its scrypt hash is stored.
 *
 * Who may create what (the authorisation table only lets security-admin and dept-admin in; the
 * department scoping needs the request, so it is checked here): a security admin creates any staff
 * account; a department admin creates clerk accounts of their own department and nothing else.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { isDepartmentBound } from '../auth/roles.js';
import { ValidationError, type FieldError } from '../errors.js';
import type { UserRepository } from '../ports/user-repository.js';
import { generatePassword } from './generate-password.js';
import { hashPassword } from './password-hash.js';
import { isStaffRole, StaffRoles, type StaffRole, type UserView } from './user.js';
import { UserExistsError, UserScopeError } from './user-errors.js';
import { isValidUsername, USERNAME_RULE } from './username.js';

export interface CreateUserInput {
  username: string;
  role: string;
  department?: string | undefined;
}

export interface CreatedUser extends UserView {
  /** Shown once to whoever created the account; the hub keeps only the hash. */
  password: string;
}

export interface CreateUserDeps {
  users: UserRepository;
  /** Throws a coded error unless the credit code names an active department. */
  assertActiveDepartment(uscc: string): Promise<unknown>;
  now(): Date;
}

export async function createUser(deps: CreateUserDeps, caller: Principal, input: CreateUserInput): Promise<CreatedUser> {
  const role = validate(input);
  const department = input.department || undefined;
  assertMayCreate(caller, role, department);
  if (department) await deps.assertActiveDepartment(department);

  const password = generatePassword();
  const inserted = await deps.users.insert(
    {
      username: input.username,
      role,
      department,
      passwordHash: await hashPassword(password),
      createdBy: caller.actor,
    },
    [
      auditEntry(caller, AuditActions.userCreate, deps.now(), {
        target: input.username,
        details: { role, ...(department ? { department } : {}) },
      }),
    ],
  );
  if (!inserted) throw new UserExistsError(`the username ${input.username} is taken`);
  return { username: input.username, role, department, disabledAt: undefined, password };
}

function validate(input: CreateUserInput): StaffRole {
  const errors: FieldError[] = [];
  if (!isValidUsername(input.username)) errors.push({ pointer: '/username', detail: `must be ${USERNAME_RULE}` });
  if (!isStaffRole(input.role)) {
    errors.push({
      pointer: '/role',
      detail: `must be one of ${StaffRoles.join(', ')} (systems authenticate with certificates, not accounts)`,
    });
  } else if (isDepartmentBound(input.role) && !input.department) {
    errors.push({ pointer: '/department', detail: `role ${input.role} acts for a department: give its credit code` });
  } else if (!isDepartmentBound(input.role) && input.department) {
    errors.push({ pointer: '/department', detail: `role ${input.role} is county-wide and takes no department` });
  }
  if (errors.length > 0) throw new ValidationError('the account request is invalid', { errors });
  return input.role as StaffRole;
}

function assertMayCreate(caller: Principal, role: StaffRole, department: string | undefined): void {
  if (caller.role === 'security-admin') return;
  if (caller.role === 'dept-admin') {
    if (role !== 'clerk') throw new UserScopeError('a department admin may create clerk accounts only');
    if (department !== caller.department) {
      throw new UserScopeError('a department admin may create accounts of their own department only');
    }
    return;
  }
  throw new UserScopeError('your role may not create accounts');
}
