import { describe, expect, it } from 'vitest';
import { createInMemoryChangeNotifier } from '../changes/in-memory-change-notifier.js';
import type { Department } from './department.js';
import { createDepartmentStates, requireActiveDepartment } from './department-states.js';

const SAMR = '114313220061234566';
const department = (active: boolean): Department => ({ uscc: SAMR, name: '市场监管局', level: 'county', active, createdAt: new Date(0) });

function states() {
  let active = true;
  let reads = 0;
  const changes = createInMemoryChangeNotifier();
  const directory = createDepartmentStates({
    departments: {
      list: async (filter) => {
        reads += 1;
        return [department(active)].filter((d) => filter?.active === undefined || d.active === filter.active);
      },
    },
    changes,
    now: () => new Date(0),
  });
  return { directory, changes, deactivate: () => (active = false), reads: () => reads };
}

describe('department states', () => {
  it('answers from its cache until a department change is announced, then re-reads', async () => {
    const { directory, changes, deactivate, reads } = states();
    expect(await directory.isActive(SAMR)).toBe(true);
    deactivate();
    expect(await directory.isActive(SAMR)).toBe(true);
    expect(reads()).toBe(1);
    await changes.notify('departments');
    expect(await directory.isActive(SAMR)).toBe(false);
  });

  it('re-reads once for a department created since its snapshot, and not for a known deactivated one', async () => {
    const known: Department[] = [{ ...department(false), uscc: 'DEACTIVATED' }];
    let reads = 0;
    const directory = createDepartmentStates({
      departments: { list: async () => (reads++, [...known]) },
      changes: createInMemoryChangeNotifier(),
      now: () => new Date(0),
    });
    expect(await directory.isActive('DEACTIVATED')).toBe(false);
    expect(reads).toBe(1);
    known.push(department(true)); // created on another instance, no notice heard yet
    expect(await directory.isActive(SAMR)).toBe(true);
    expect(reads).toBe(2);
    expect(await directory.isActive('DEACTIVATED')).toBe(false);
    expect(reads).toBe(2);
  });

  it('refuses the tokens and hides the sessions of a deactivated department', async () => {
    const { directory, changes, deactivate } = states();
    const principal = { actor: 'token:1', role: 'system' as const, department: SAMR };
    const gated = requireActiveDepartment(
      {
        accepts: () => true,
        authenticate: async () => principal,
        sessions: {
          find: async () => ({ principal: { ...principal, role: 'clerk' }, username: 'a', csrfToken: 'c' }),
          end: async () => {},
        },
      },
      directory,
    );
    expect(await gated.authenticate('t')).toBe(principal);
    deactivate();
    await changes.notify('departments');
    await expect(gated.authenticate('t')).rejects.toMatchObject({ code: 'ERR_DEPARTMENT_INACTIVE' });
    expect(await gated.sessions.find('s')).toBeUndefined();
  });
});
