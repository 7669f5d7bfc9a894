/**
 * @module core/users/user
 * A staff account (窗口人员, 部门管理员, 安全管理员, 督查) that signs in to the console with a
 * password. Machines never have accounts: department systems authenticate with certificates, so the
 * `system` role is not a staff role.
 */
import type { Role } from '../auth/roles.js';

export type StaffRole = Exclude<Role, 'system'>;

export const StaffRoles: readonly StaffRole[] = ['security-admin', 'dept-admin', 'clerk', 'auditor'];

export function isStaffRole(value: unknown): value is StaffRole {
  return typeof value === 'string' && (StaffRoles as readonly string[]).includes(value);
}

export interface User {
  username: string;
  role: StaffRole;
  /** 统一社会信用代码 of the department the account acts for; absent for county-wide roles. */
  department: string | undefined;
  /** Self-describing scrypt hash (see password-hash.ts); never leaves the store otherwise. */
  passwordHash: string;
  /** Increases with every password change; sessions carry the version they were begun with. */
  credentialVersion: number;
  createdBy: string;
  createdAt: Date;
  disabledAt: Date | undefined;
}

/** The public view of an account: what the API answers and the console shows. */
export interface UserView {
  username: string;
  role: StaffRole;
  department: string | undefined;
  disabledAt: Date | undefined;
}

export function toUserView(user: User): UserView {
  return { username: user.username, role: user.role, department: user.department, disabledAt: user.disabledAt };
}
