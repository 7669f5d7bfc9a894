/**
 * @module core/audit/audit-entry
 * One line of the audit log: who (actor, role, department) did what (action) to what (target), for
 * which case (purpose), with what result, when, under which request. Personal ID numbers never
 * appear in clear: callers put only `keyedHash(...)` values in `details`.
 */
export interface AuditEntry {
  /** e.g. `license.verify`, `license.publish`, `license.status`, `certificate.issue`, `token.create`. */
  action: string;
  actor: string;
  role: string;
  department: string | undefined;
  /** What was acted on: a licence id, a certificate serial, a username … */
  target: string | undefined;
  /** Licence type of the target, when there is one (statistics). */
  typeCode?: string | undefined;
  purpose?: { caseNo: string; serviceItem?: string | undefined } | undefined;
  /** `ok`, `valid`, `invalid`, `not_found`, or an error code. */
  result: string;
  requestId: string | undefined;
  at: Date;
  details?: Record<string, unknown> | undefined;
}
