/**
 * @module core/licenses/issuer-directory
 * Who may issue what: active departments and their granted licence types, held in memory and
 * reloaded every few seconds (and at once after a grant on this instance), so the ingest path asks
 * the database nothing to authorise a licence.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { DepartmentService } from '../departments/department-service.js';
import { DepartmentInactiveError, DepartmentNotFoundError } from '../departments/department-errors.js';
import type { IssuingRightRepository } from '../ports/license-repository.js';
import { IssuingRightMissingError } from './license-errors.js';

export interface IssuerDirectory {
  /** Throws a coded error unless `uscc` is an active department holding the right for `typeCode`. */
  assertMayIssue(uscc: string, typeCode: string): Promise<void>;
  grant(typeCode: string, uscc: string, grantedBy: string): Promise<boolean>;
  issuersOf(typeCode: string): Promise<string[]>;
}

export interface IssuerDirectoryOptions {
  rights: IssuingRightRepository;
  departments: DepartmentService;
  /** Who is granting, for the audit entry (the request's principal). */
  currentCaller(): Principal;
  now(): Date;
  maxAgeMs?: number;
}

interface Snapshot {
  loadedAt: number;
  active: Set<string>;
  known: Set<string>;
  rights: Set<string>;
}

export function createIssuerDirectory(options: IssuerDirectoryOptions): IssuerDirectory {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  let snapshot: Promise<Snapshot> | undefined;

  async function load(): Promise<Snapshot> {
    const [departments, rights] = await Promise.all([options.departments.list(), options.rights.list()]);
    return {
      loadedAt: options.now().getTime(),
      active: new Set(departments.filter((d) => d.active).map((d) => d.uscc)),
      known: new Set(departments.map((d) => d.uscc)),
      rights: new Set(rights.map((r) => `${r.typeCode}/${r.department}`)),
    };
  }

  async function current(): Promise<Snapshot> {
    const held = snapshot && (await snapshot.catch(() => undefined));
    if (!held || options.now().getTime() - held.loadedAt > maxAgeMs) {
      snapshot = load();
      return snapshot;
    }
    return held;
  }

  return {
    async assertMayIssue(uscc, typeCode) {
      const s = await current();
      if (!s.known.has(uscc)) throw new DepartmentNotFoundError(`no department with credit code ${uscc}`);
      if (!s.active.has(uscc)) throw new DepartmentInactiveError(`department ${uscc} is deactivated`);
      if (!s.rights.has(`${typeCode}/${uscc}`)) {
        throw new IssuingRightMissingError(`department ${uscc} may not issue licences of type ${typeCode}`);
      }
    },
    async grant(typeCode, uscc, grantedBy) {
      await options.departments.assertActive(uscc);
      const audit = auditEntry(options.currentCaller(), AuditActions.issuingRightGrant, options.now(), { target: uscc, typeCode });
      const granted = await options.rights.grant(typeCode, uscc, grantedBy, [audit]);
      snapshot = undefined;
      return granted;
    },
    async issuersOf(typeCode) {
      const s = await current();
      return [...s.rights]
        .filter((r) => r.startsWith(`${typeCode}/`))
        .map((r) => r.slice(typeCode.length + 1))
        .sort();
    },
  };
}
