import { describe, expect, it } from 'vitest';
import type { Principal } from '../auth/principal.js';
import type { Department } from '../departments/department.js';
import { DepartmentInactiveError, DepartmentNotFoundError } from '../departments/department-errors.js';
import { IssuingRightMissingError } from '../licenses/license-errors.js';
import { InMemoryLicenseRightRepository } from './in-memory-license-right-repository.js';
import { createRightsDirectory } from './rights-directory.js';
import { createInMemoryChangeNotifier } from '../changes/in-memory-change-notifier.js';

const FOOD = '11100000000013338W011';
const SAMR = '114313220061234566';
const CENTRE = '91350100M000100Y43';
const GONE = '11431322006123460L';
const admin: Principal = { actor: 'token:admin', role: 'security-admin', department: undefined };

function directory() {
  const rights = new InMemoryLicenseRightRepository();
  const departments: Department[] = [
    { uscc: SAMR, name: '市场监管局', level: 'county', active: true, createdAt: new Date(0) },
    { uscc: CENTRE, name: '审批服务局', level: 'county', active: true, createdAt: new Date(0) },
    { uscc: GONE, name: '民政局', level: 'county', active: false, createdAt: new Date(0) },
  ];
  let clock = 0;
  const changes = createInMemoryChangeNotifier();
  const dir = createRightsDirectory({
    rights,
    departments: {
      list: async () => departments,
      assertActive: async (uscc) => {
        const found = departments.find((d) => d.uscc === uscc);
        if (!found) throw new DepartmentNotFoundError(uscc);
        if (!found.active) throw new DepartmentInactiveError(uscc);
        return found;
      },
    },
    currentCaller: () => admin,
    changes,
    now: () => new Date(clock),
  });
  return { dir, rights, departments, changes, tick: (ms: number) => (clock += ms) };
}

describe('rights directory', () => {
  it('grants and revokes both kinds of right, audited once per change, and answers from the new state at once', async () => {
    const { dir, rights } = directory();
    expect(await dir.mayRead(CENTRE, FOOD)).toBe(false);
    expect(await dir.grant('read', FOOD, CENTRE)).toBe(true);
    expect(await dir.grant('read', FOOD, CENTRE)).toBe(false);
    expect(await dir.mayRead(CENTRE, FOOD)).toBe(true);
    expect(await dir.holders('read', FOOD)).toEqual([CENTRE]);
    expect(await dir.holders('issue', FOOD)).toEqual([]);

    expect(await dir.grant('issue', FOOD, SAMR)).toBe(true);
    await expect(dir.assertMayIssue(SAMR, FOOD)).resolves.toBeUndefined();
    await expect(dir.assertMayIssue(CENTRE, FOOD)).rejects.toThrow(IssuingRightMissingError);

    expect(await dir.revoke('read', FOOD, CENTRE)).toBe(true);
    expect(await dir.revoke('read', FOOD, CENTRE)).toBe(false);
    expect(await dir.mayRead(CENTRE, FOOD)).toBe(false);
    expect(await dir.revoke('issue', FOOD, SAMR)).toBe(true);
    await expect(dir.assertMayIssue(SAMR, FOOD)).rejects.toThrow(IssuingRightMissingError);

    expect(rights.audit.map((e) => [e.action, e.actor, e.target, e.typeCode])).toEqual([
      ['license-type.reader-grant', 'token:admin', CENTRE, FOOD],
      ['license-type.grant', 'token:admin', SAMR, FOOD],
      ['license-type.reader-revoke', 'token:admin', CENTRE, FOOD],
      ['license-type.revoke', 'token:admin', SAMR, FOOD],
    ]);
  });

  it('grants only to active departments, and gives a deactivated one neither right', async () => {
    const { dir, departments, tick } = directory();
    await expect(dir.grant('read', FOOD, GONE)).rejects.toThrow(DepartmentInactiveError);
    await expect(dir.grant('issue', FOOD, '91350100M000100Y43'.replace('9135', '9235'))).rejects.toThrow(DepartmentNotFoundError);
    await dir.grant('read', FOOD, CENTRE);
    await dir.grant('issue', FOOD, SAMR);
    (departments[0] as Department).active = false;
    (departments[1] as Department).active = false;
    tick(6_000);
    expect(await dir.mayRead(CENTRE, FOOD)).toBe(false);
    await expect(dir.assertMayIssue(SAMR, FOOD)).rejects.toThrow(DepartmentInactiveError);
  });

  it('reads the store once per snapshot and again when it is older than its bound', async () => {
    const { dir, rights, tick } = directory();
    await dir.mayRead(CENTRE, FOOD);
    await dir.mayRead(CENTRE, FOOD);
    await dir.holders('read', FOOD);
    expect(rights.lists).toBe(1);
    tick(5_001);
    await dir.mayRead(CENTRE, FOOD);
    expect(rights.lists).toBe(2);
  });

  it('names the given caller instead of the request principal (seeding, jobs)', async () => {
    const { dir, rights } = directory();
    await dir.grant('issue', FOOD, SAMR, { actor: 'demo-seeder', role: 'system', department: undefined });
    expect(rights.rights.get(`issue/${FOOD}/${SAMR}`)?.grantedBy).toBe('demo-seeder');
    expect(rights.audit[0]?.actor).toBe('demo-seeder');
  });

  it('drops its snapshot when any instance announces a department or rights change', async () => {
    const { dir, departments, changes } = directory();
    await dir.grant('issue', FOOD, SAMR);
    await dir.assertMayIssue(SAMR, FOOD);
    (departments[0] as { active: boolean }).active = false;
    await dir.assertMayIssue(SAMR, FOOD);
    await changes.notify('departments');
    await expect(dir.assertMayIssue(SAMR, FOOD)).rejects.toThrow(DepartmentInactiveError);
  });
});
