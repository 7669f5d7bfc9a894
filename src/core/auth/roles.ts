/**
 * @module core/auth/roles
 * The hub's roles. Staff roles and `system` (a department's machine client) that are bound to a
 * department act only for that department; security-admin and auditor are county-wide.
 */
export const Roles = ['security-admin', 'dept-admin', 'clerk', 'auditor', 'system'] as const;
export type Role = (typeof Roles)[number];

const DEPARTMENT_BOUND: ReadonlySet<Role> = new Set(['dept-admin', 'clerk', 'system']);

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (Roles as readonly string[]).includes(value);
}

/** Whether accounts and tokens of this role must name the department they act for. */
export function isDepartmentBound(role: Role): boolean {
  return DEPARTMENT_BOUND.has(role);
}
