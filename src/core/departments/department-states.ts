/**
 * @module core/departments/department-states
 * A deactivated department stops acting at once: every authenticated request — system access
 * tokens, API tokens of its people, console sessions — is checked against the department's state.
 * The state is cached so a request costs no query, dropped whenever any instance announces a
 * department change, and re-read after `maxAgeMs` in case a notice was lost.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { SessionCapableAuthenticator } from '../users/session-authenticator.js';
import type { DepartmentService } from './department-service.js';
import { DepartmentInactiveError } from './department-errors.js';

export interface DepartmentStates {
  /** Is `uscc` a known, active department? A failed read answers false (fail closed) and is not kept. */
  isActive(uscc: string): Promise<boolean>;
}

export interface DepartmentStatesOptions {
  departments: Pick<DepartmentService, 'list'>;
  changes: Pick<ChangeNotifier, 'subscribe'>;
  now(): Date;
  maxAgeMs?: number;
}

export function createDepartmentStates(options: DepartmentStatesOptions): DepartmentStates {
  const maxAgeMs = options.maxAgeMs ?? 15_000;
  // Every department with its state: a known, deactivated one costs no query; one not yet known
  // (created since the snapshot, on this instance or another) makes the next check re-read.
  let snapshot: { loadedAt: number; states: Promise<Map<string, boolean>> } | undefined;
  options.changes.subscribe('departments', () => (snapshot = undefined));

  function load() {
    const states = options.departments.list().then((list) => new Map(list.map((d) => [d.uscc, d.active])));
    const loaded = { loadedAt: options.now().getTime(), states };
    states.catch(() => snapshot === loaded && (snapshot = undefined));
    return loaded;
  }

  async function read(uscc: string, fresh: boolean): Promise<boolean | undefined> {
    if (fresh || !snapshot || options.now().getTime() - snapshot.loadedAt > maxAgeMs) snapshot = load();
    return snapshot.states.then(
      (states) => states.get(uscc),
      () => false,
    );
  }

  return {
    async isActive(uscc) {
      const known = await read(uscc, false);
      return (known ?? (await read(uscc, true))) === true;
    },
  };
}

/** A bearer `authenticator` refusing every principal whose department is not active. */
export function requireActiveBearer(authenticator: Authenticator, states: DepartmentStates): Authenticator {
  return {
    accepts: (credential) => authenticator.accepts(credential),
    async authenticate(credential) {
      const principal = await authenticator.authenticate(credential);
      if (principal.department !== undefined && !(await states.isActive(principal.department))) {
        throw new DepartmentInactiveError(`department ${principal.department} is deactivated`);
      }
      return principal;
    },
  };
}

/** `authenticator` with its sessions, refusing every principal whose department is not active. */
export function requireActiveDepartment(authenticator: SessionCapableAuthenticator, states: DepartmentStates): SessionCapableAuthenticator {
  return {
    ...requireActiveBearer(authenticator, states),
    sessions: {
      async find(sessionId) {
        const session = await authenticator.sessions.find(sessionId);
        if (session?.principal.department !== undefined && !(await states.isActive(session.principal.department))) return undefined;
        return session;
      },
      end: (sessionId) => authenticator.sessions.end(sessionId),
    },
  };
}
