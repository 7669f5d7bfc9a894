/**
 * @module core/audit/audit-actions
 * The names of audited actions, in one place so filters and statistics match what use cases write,
 * and the helper that makes an entry for a caller.
 */
import type { Principal } from '../auth/principal.js';
import type { AuditEntry } from './audit-entry.js';

export const AuditActions = {
  licenseVerify: 'license.verify',
  licenseVerifyPresented: 'license.verify-presented',
  licensePublish: 'license.publish',
  /** A submission refused for its seal (forged, broken, revoked): audited with the code, not only logged. */
  licensePublishRefused: 'license.publish.refused',
  licenseStatus: 'license.status',
  /** A status change refused for its seal, audited like a refused publication. */
  licenseStatusRefused: 'license.status.refused',
  /** The seal sweep found a stored licence whose seal, JWS or row MAC does not hold. */
  licenseIntegrityMismatch: 'license.integrity-mismatch',
  rowMacKeyRotate: 'license-row-key.rotate',
  certificateIssue: 'certificate.issue',
  certificateRevoke: 'certificate.revoke',
  certificateSuspend: 'certificate.suspend',
  certificateRelease: 'certificate.release',
  userCreate: 'user.create',
  userDisable: 'user.disable',
  userPasswordReset: 'user.password-reset',
  userLogin: 'user.login',
  apiTokenCreate: 'token.create',
  systemTokenIssue: 'token.system',
  /** A client assertion refused (forged, unknown or revoked certificate, replayed jti …), with the code. */
  systemTokenRefused: 'token.system.refused',
  departmentRegister: 'department.register',
  departmentUpdate: 'department.update',
  issuingRightGrant: 'license-type.grant',
  dataServiceRegister: 'data.service.register',
  dataGrantApply: 'data.grant.apply',
  dataGrantApprove: 'data.grant.approve',
  dataGrantRefuse: 'data.grant.refuse',
  dataGrantWithdraw: 'data.grant.withdraw',
  /** One line of the message log: a request through the exchange and its answer, as digests. */
  dataExchange: 'data.exchange',
  /** An auditor read the kept (sealed) bodies of one exchange. */
  dataExchangeBodiesRead: 'data.exchange.bodies.read',
  /** A security admin started sealing kept exchange bodies under a new key. */
  dataBodyKeyRotate: 'data.body-key.rotate',
  issuingRightRevoke: 'license-type.revoke',
  readingRightGrant: 'license-type.reader-grant',
  readingRightRevoke: 'license-type.reader-revoke',
  receiptKeyRotate: 'receipt-key.rotate',
  webhookSubscribe: 'webhook.subscribe',
  webhookRedeliver: 'webhook.redeliver',
  webhookDisable: 'webhook.disable',
  /** A security admin opened one dead letter (its sealed original); refused openings with the code. */
  deadLetterOpen: 'dead-letter.open',
  deadLetterOpenRefused: 'dead-letter.open.refused',
  /** A material package opened through its verification link (the QR code on the printed package). */
  casePackageLookup: 'case.package-lookup',
} as const;

/** Who acts when no request does: scheduled jobs and the Kafka consumer name themselves. */
export function servicePrincipal(actor: string, department?: string): Principal {
  return { actor, role: 'system', department };
}

/** An entry for `caller`; the request id is filled in by the appender from the request context. */
export function auditEntry(
  caller: Principal,
  action: string,
  at: Date,
  fields: Pick<AuditEntry, 'target'> & Partial<Pick<AuditEntry, 'typeCode' | 'purpose' | 'result' | 'details'>>,
): AuditEntry {
  return {
    action,
    actor: caller.actor,
    role: caller.role,
    department: caller.department,
    result: 'ok',
    requestId: undefined,
    at,
    ...fields,
  };
}
