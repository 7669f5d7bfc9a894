/**
 * @module core/licenses/change-license-status
 * A sealed status change (`typ: "zz-license-status+jws"`, contract `licenses/status-change`) by the
 * issuing department: suspend, reinstate (valid), revoke, cancel. The licence row is locked, the
 * move checked against the lifecycle (revoked → valid is refused, as is anything out of a final
 * state), and the change, its history entry with the sealed JWS, its event and its audit entry commit
 * together. A sealed change applies once: its signed payload (which names the licence and carries
 * `effectiveAt`, so it works as a nonce) is compared with every change in the licence's history, and
 * an issuer's old change submitted again (suspend, reinstate, then the old suspension once more) is
 * refused with ERR_STATUS_CHANGE_REPLAYED. Why not "effectiveAt must be newer": departments back-date
 * legitimately (a revocation effective from the decision's day, a legacy row's change date), and
 * only the sealed bytes tell a replay from a new decision. Repeating the change applied last asks for
 * the status the licence already has and gets ERR_LICENSE_TRANSITION first, which connectors read as
 * "already applied". A change refused for its seal (forged, broken, certificate revoked or suspended)
 * is audited as `license.status.refused` with the code, as a refused publication is.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { LicenseStatusChange } from '../payloads/license-status-change.js';
import { ValidationError } from '../errors.js';
import type { HistoryEntry, LicenseRepository } from '../ports/license-repository.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import type { SealVerifier, VerifiedSeal } from '../ports/seal-verifier.js';
import { isSealRefusal } from '../seals/seal-errors.js';
import { beijingDate, canTransition, currentStatus, type LicenseStatus, type NationalStatusCode } from './license.js';
import { IssuerMismatchError, LicenseNotFoundError, LicenseTransitionError, StatusChangeReplayedError } from './license-errors.js';
import { licenseReference } from './license-reference.js';
import { licenseEvent } from './license-events.js';

export const LICENSE_STATUS_JWS_TYPE = 'zz-license-status+jws';

export interface ChangeStatusDeps {
  seals: SealVerifier;
  contracts: ContractRegistry;
  licenses: LicenseRepository;
  /** Keys the audit's reference to a licence whose number is personal. */
  personalIds: PersonalIdHasher;
  now(): Date;
}

export async function changeLicenseStatus(deps: ChangeStatusDeps, caller: Principal, licenseId: string, jws: string) {
  const verified = await verifySeal(deps, caller, jws);
  const errors = deps.contracts.validate(ContractIds.licenseStatusChange, verified.payload);
  if (errors.length > 0) throw new ValidationError('the status change does not match its contract', { errors });
  const change = verified.payload as unknown as LicenseStatusChange;
  if (change.licenseId !== licenseId) {
    throw new ValidationError('the sealed change names another licence', {
      errors: [{ pointer: '/licenseId', detail: 'must equal the licence in the URL' }],
    });
  }
  if (change.status === 'replaced') {
    throw new LicenseTransitionError('a replacement is published as a new licence with "replaces", not as a status change');
  }
  if (caller.department !== verified.seal.uscc) {
    throw new IssuerMismatchError('a department system may only submit changes sealed by its own department');
  }

  return deps.licenses.transaction(async (tx) => {
    const license = await tx.lock(licenseId);
    if (!license) throw new LicenseNotFoundError(`no licence ${licenseId}`);
    if (license.issuer.uscc !== verified.seal.uscc) {
      throw new IssuerMismatchError('only the issuing department may change the status of a licence');
    }
    const at = deps.now();
    const from = currentStatus(license, beijingDate(at));
    const to = change.status as LicenseStatus;
    if (from === to || !canTransition(from, to)) {
      throw new LicenseTransitionError(`a ${from} licence cannot become ${to}`, { extra: { status: from } });
    }
    if (appliedBefore(await tx.history(licenseId), jws)) {
      throw new StatusChangeReplayedError('this sealed status change was applied to the licence before', {
        extra: { status: from },
      });
    }
    const revision = license.revision + 1;
    const nationalCode = change.nationalStatusCode as NationalStatusCode | undefined;
    await tx.updateStatus(licenseId, { status: to, revision, at });
    await tx.appendHistory([
      { licenseId, revision, status: to, previous: from, reason: change.reason, nationalCode, jws, actor: caller.actor, at },
    ]);
    await tx.appendOutbox([
      licenseEvent(deps, {
        type: 'license.status-changed',
        licenseId,
        revision,
        status: to,
        previousStatus: from,
        ...(nationalCode ? { nationalStatusCode: nationalCode } : {}),
        occurredAt: at,
        issuer: license.issuer,
        typeCode: license.typeCode,
      }),
    ]);
    await tx.appendAudit([
      auditEntry(caller, AuditActions.licenseStatus, at, {
        target: licenseReference(licenseId, deps.contracts.licenseType(license.typeCode), deps.personalIds.keyedHash),
        typeCode: license.typeCode,
        // The free-text reason stays in the licence history: it may name people.
        details: { from, to, revision, ...(nationalCode ? { nationalCode } : {}) },
      }),
    ]);
    return { id: licenseId, status: to, version: revision, previousStatus: from };
  });
}

/** The seal checked; a refusal of the seal itself is audited (no target: nothing in a refused change is trusted). */
async function verifySeal(deps: ChangeStatusDeps, caller: Principal, jws: string): Promise<VerifiedSeal> {
  try {
    return await deps.seals.verify(jws, { typ: LICENSE_STATUS_JWS_TYPE, at: deps.now() });
  } catch (error) {
    if (isSealRefusal(error)) {
      const entry = auditEntry(caller, AuditActions.licenseStatusRefused, deps.now(), { target: undefined, result: error.code });
      await deps.licenses.transaction((tx) => tx.appendAudit([entry]));
    }
    throw error;
  }
}

/**
 * Was this sealed change applied before? Compared on the signed payload segment: the same bytes with
 * another signature (an ECDSA signature can be re-encoded) are still the same decision.
 */
function appliedBefore(history: readonly HistoryEntry[], jws: string): boolean {
  const payload = jws.split('.')[1];
  return history.some((entry) => entry.revision > 1 && entry.jws !== undefined && entry.jws.split('.')[1] === payload);
}
