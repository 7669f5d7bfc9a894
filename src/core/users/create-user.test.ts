import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import { DepartmentInactiveError } from '../departments/department-errors.js';
import type { NewUser, UserRepository } from '../ports/user-repository.js';
import { createUser, type CreateUserInput } from './create-user.js';
import { verifyPassword } from './password-hash.js';

const DEPT_A = '91350100M000100Y43';
const DEPT_B = '11431322006123456X';
const INACTIVE = '92431322MA4L0ABC15';

function setup() {
  const stored: NewUser[] = [];
  const users: UserRepository = {
    async insert(user) {
      if (stored.some((u) => u.username === user.username)) return false;
      stored.push(user);
      return true;
    },
    find: async () => undefined,
    disable: async () => undefined,
    setPasswordHash: async () => undefined,
  };
  const assertActiveDepartment = async (uscc: string) => {
    if (uscc === INACTIVE) throw new DepartmentInactiveError('inactive');
  };
  return {
    stored,
    create: (caller: Principal, input: CreateUserInput) =>
      createUser({ users, assertActiveDepartment, now: () => new Date() }, caller, input),
  };
}

const admin: Principal = { actor: 'token:admin', role: 'security-admin', department: undefined };
const deptAdminA: Principal = { actor: 'user:boss.a', role: 'dept-admin', department: DEPT_A };

describe('createUser', () => {
  it('generates a password, stores only its scrypt hash, and records who created the account', async () => {
    const { stored, create } = setup();
    const created = await create(admin, { username: 'wang.wu', role: 'clerk', department: DEPT_A });
    expect(created).toMatchObject({ username: 'wang.wu', role: 'clerk', department: DEPT_A });
    expect(created.password).toMatch(/^[2-9a-zA-Z]{20}$/);
    expect(stored[0]?.passwordHash).toMatch(/^scrypt\$/);
    expect(stored[0]?.passwordHash).not.toContain(created.password);
    expect(await verifyPassword(created.password, stored[0]?.passwordHash as string)).toBe(true);
    expect(stored[0]?.createdBy).toBe('token:admin');
  });

  it('lets a department admin create clerks of their own department only', async () => {
    const { create } = setup();
    await expect(create(deptAdminA, { username: 'clerk.a', role: 'clerk', department: DEPT_A })).resolves.toMatchObject({
      department: DEPT_A,
    });
    await expect(create(deptAdminA, { username: 'clerk.b', role: 'clerk', department: DEPT_B })).rejects.toMatchObject({
      code: 'ERR_USER_SCOPE',
    });
    await expect(create(deptAdminA, { username: 'boss.a2', role: 'dept-admin', department: DEPT_A })).rejects.toMatchObject({
      code: 'ERR_USER_SCOPE',
    });
    await expect(create(deptAdminA, { username: 'auditor.x', role: 'auditor' })).rejects.toMatchObject({ code: 'ERR_USER_SCOPE' });
  });

  it('refuses other roles outright, even if the table let them in', async () => {
    const { create } = setup();
    const clerk: Principal = { actor: 'user:c', role: 'clerk', department: DEPT_A };
    await expect(create(clerk, { username: 'clerk.c', role: 'clerk', department: DEPT_A })).rejects.toMatchObject({
      code: 'ERR_USER_SCOPE',
    });
  });

  it('validates username, role and department binding with JSON pointers', async () => {
    const { create } = setup();
    const errorsOf = async (input: CreateUserInput) => {
      const error = (await create(admin, input).catch((e: unknown) => e)) as { code: string; errors: { pointer: string }[] };
      expect(error.code).toBe('ERR_VALIDATION');
      return error.errors.map((e) => e.pointer);
    };
    expect(await errorsOf({ username: 'Zhang San', role: 'clerk', department: DEPT_A })).toEqual(['/username']);
    expect(await errorsOf({ username: 'sys.a', role: 'system', department: DEPT_A })).toEqual(['/role']);
    expect(await errorsOf({ username: 'clerk.x', role: 'clerk' })).toEqual(['/department']);
    expect(await errorsOf({ username: 'audit.x', role: 'auditor', department: DEPT_A })).toEqual(['/department']);
  });

  it('needs an active department and a free username', async () => {
    const { create } = setup();
    await expect(create(admin, { username: 'clerk.i', role: 'clerk', department: INACTIVE })).rejects.toMatchObject({
      code: 'ERR_DEPARTMENT_INACTIVE',
    });
    await create(admin, { username: 'sec.admin', role: 'security-admin' });
    await expect(create(admin, { username: 'sec.admin', role: 'auditor' })).rejects.toMatchObject({ code: 'ERR_USER_EXISTS' });
  });
});
