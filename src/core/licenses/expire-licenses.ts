/**
 * @module core/licenses/expire-licenses
 * The scheduled expiry: licences past `validUntil` become `expired` with a history entry and a
 * `license.expired` event and an audit entry. Reads compute expiry on their own anyway (`currentStatus`), so a late or
 * missed run changes no answer — it only makes the state and the events catch up.
 */
import { AuditActions, auditEntry, servicePrincipal } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { Logger } from '../ports/logger.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import { beijingDate, currentStatus } from './license.js';
import { licenseEvent } from './license-events.js';
import { licenseReference } from './license-reference.js';

const EXPIRY = servicePrincipal('system:expiry');

export interface ExpiryDeps {
  licenses: LicenseRepository;
  contracts: ContractRegistry;
  /** Keyed references for licences whose number is personal (the audit target). */
  personalIds: PersonalIdHasher;
  logger: Logger;
  now(): Date;
}

/** Expires everything due, in batches; returns how many licences expired. */
export async function expireDueLicenses(deps: ExpiryDeps, batchSize = 500): Promise<number> {
  let total = 0;
  for (;;) {
    const today = beijingDate(deps.now());
    const due = await deps.licenses.dueForExpiry(today, batchSize);
    if (due.length === 0) return total;
    const count = await deps.licenses.transaction(async (tx) => {
      const expired: AuditEntry[] = [];
      for (const candidate of due) {
        const license = await tx.lock(candidate.id);
        // Re-checked under the lock: a status change may have won the race.
        if (!license || currentStatus(license, today) !== 'expired' || license.status === 'expired') continue;
        const at = deps.now();
        const revision = license.revision + 1;
        await tx.updateStatus(license.id, { status: 'expired', revision, at });
        await tx.appendHistory([
          {
            licenseId: license.id,
            revision,
            status: 'expired',
            previous: license.status,
            reason: `有效期至 ${license.validUntil}`,
            nationalCode: '05',
            jws: undefined,
            actor: 'system:expiry',
            at,
          },
        ]);
        await tx.appendOutbox([
          licenseEvent(deps, {
            type: 'license.expired',
            licenseId: license.id,
            revision,
            status: 'expired',
            previousStatus: license.status,
            occurredAt: at,
            issuer: license.issuer,
            typeCode: license.typeCode,
          }),
        ]);
        expired.push(
          auditEntry(EXPIRY, AuditActions.licenseStatus, at, {
            target: licenseReference(license.id, deps.contracts.licenseType(license.typeCode), deps.personalIds.keyedHash),
            typeCode: license.typeCode,
            details: { from: license.status, to: 'expired', revision, nationalCode: '05' },
          }),
        );
      }
      await tx.appendAudit(expired);
      return expired.length;
    });
    total += count;
    if (count === 0) return total;
  }
}

/** Runs the expiry now and then every `intervalMs`; `stop()` ends it. */
export function scheduleExpiry(deps: ExpiryDeps, intervalMs = 3600_000): { stop(): void } {
  const run = () =>
    expireDueLicenses(deps).then(
      (count) => count > 0 && deps.logger.info({ count }, 'licences expired'),
      (error: unknown) => deps.logger.warn({ err: error }, 'licence expiry run failed; retrying next interval'),
    );
  void run();
  const timer = setInterval(run, intervalMs);
  timer.unref();
  return { stop: () => clearInterval(timer) };
}
