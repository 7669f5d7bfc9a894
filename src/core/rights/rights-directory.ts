/**
 * @module core/rights/rights-directory
 * The one place that says who may issue a licence type and whose systems may read its public
 * fields when verifying. Both kinds of right are granted and revoked the same way — by a security
 * admin, audited in the same transaction — and read from one in-memory snapshot of departments and
 * rights, dropped on every instance at once when rights or departments change (the change
 * notifier) and reloaded every few seconds in case a notice was lost, so neither the ingest path
 * nor a verification asks the database to authorise.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { DepartmentService } from '../departments/department-service.js';
import { DepartmentInactiveError, DepartmentNotFoundError } from '../departments/department-errors.js';
import { IssuingRightMissingError } from '../licenses/license-errors.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { LicenseRight, LicenseRightRepository } from '../ports/license-right-repository.js';

export interface RightsDirectory {
  /** Throws a coded error unless `uscc` is an active department holding the right to issue `typeCode`. */
  assertMayIssue(uscc: string, typeCode: string): Promise<void>;
  /** May the systems of the active department `uscc` read the public fields of `typeCode`? */
  mayRead(uscc: string, typeCode: string): Promise<boolean>;
  /** Grants to an active department; false when it already held the right. Audited. */
  grant(right: LicenseRight, typeCode: string, uscc: string, caller?: Principal): Promise<boolean>;
  /** False when the department did not hold the right. Audited. */
  revoke(right: LicenseRight, typeCode: string, uscc: string, caller?: Principal): Promise<boolean>;
  /** The departments holding `right` for `typeCode`, sorted. */
  holders(right: LicenseRight, typeCode: string): Promise<string[]>;
}

export interface RightsDirectoryOptions {
  rights: LicenseRightRepository;
  departments: Pick<DepartmentService, 'list' | 'assertActive'>;
  /** Who is acting, for the audit entry (the request's principal). */
  currentCaller(): Principal;
  now(): Date;
  /** Announces rights changes to every instance and hears theirs (and department changes). */
  changes: Pick<ChangeNotifier, 'notify' | 'subscribe'>;
  maxAgeMs?: number;
}

interface Snapshot {
  loadedAt: number;
  active: Set<string>;
  known: Set<string>;
  /** `right/typeCode/department` */
  rights: Set<string>;
}

const AUDITED = {
  issue: { grant: AuditActions.issuingRightGrant, revoke: AuditActions.issuingRightRevoke },
  read: { grant: AuditActions.readingRightGrant, revoke: AuditActions.readingRightRevoke },
} as const;

const keyOf = (right: LicenseRight, typeCode: string, uscc: string) => `${right}/${typeCode}/${uscc}`;

export function createRightsDirectory(options: RightsDirectoryOptions): RightsDirectory {
  const maxAgeMs = options.maxAgeMs ?? 5_000;
  let snapshot: Promise<Snapshot> | undefined;
  const drop = () => (snapshot = undefined);
  options.changes.subscribe('rights', drop);
  options.changes.subscribe('departments', drop);

  async function load(): Promise<Snapshot> {
    const [departments, rights] = await Promise.all([options.departments.list(), options.rights.list()]);
    return {
      loadedAt: options.now().getTime(),
      active: new Set(departments.filter((d) => d.active).map((d) => d.uscc)),
      known: new Set(departments.map((d) => d.uscc)),
      rights: new Set(rights.map((r) => keyOf(r.right, r.typeCode, r.department))),
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

  async function change(kind: 'grant' | 'revoke', right: LicenseRight, typeCode: string, uscc: string, caller?: Principal) {
    const actor = caller ?? options.currentCaller();
    const audit = [auditEntry(actor, AUDITED[right][kind], options.now(), { target: uscc, typeCode })];
    const changed =
      kind === 'grant'
        ? await options.rights.grant({ right, typeCode, department: uscc }, actor.actor, audit)
        : await options.rights.revoke({ right, typeCode, department: uscc }, audit);
    snapshot = undefined;
    await options.changes.notify('rights');
    return changed;
  }

  return {
    async assertMayIssue(uscc, typeCode) {
      const s = await current();
      if (!s.known.has(uscc)) throw new DepartmentNotFoundError(`no department with credit code ${uscc}`);
      if (!s.active.has(uscc)) throw new DepartmentInactiveError(`department ${uscc} is deactivated`);
      if (!s.rights.has(keyOf('issue', typeCode, uscc))) {
        throw new IssuingRightMissingError(`department ${uscc} may not issue licences of type ${typeCode}`);
      }
    },
    async mayRead(uscc, typeCode) {
      const s = await current();
      return s.active.has(uscc) && s.rights.has(keyOf('read', typeCode, uscc));
    },
    async grant(right, typeCode, uscc, caller) {
      await options.departments.assertActive(uscc);
      return change('grant', right, typeCode, uscc, caller);
    },
    revoke: (right, typeCode, uscc, caller) => change('revoke', right, typeCode, uscc, caller),
    async holders(right, typeCode) {
      const prefix = `${right}/${typeCode}/`;
      return [...(await current()).rights]
        .filter((r) => r.startsWith(prefix))
        .map((r) => r.slice(prefix.length))
        .sort();
    },
  };
}
