/**
 * @module core/cases/relied-licences
 * The consumer of `licenses.events` that keeps cases honest: when a licence an open case relied on
 * (免提交) is suspended, revoked, cancelled, expired or replaced, the case's department is told on
 * `cases.events`, so nobody decides a case on a licence that stopped being valid. The notice is
 * recorded on the case and its event written to the outbox in one transaction, once per licence
 * event and material (redeliveries change nothing).
 */
import { randomUUID } from 'node:crypto';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { MalformedMessageError } from '../errors.js';
import type { CaseEvent } from '../payloads/case-event.js';
import type { LicenseEvent } from '../payloads/license-event.js';
import type { CaseRepository } from '../ports/case-repository.js';
import type { BatchHandler } from '../ports/message-bus.js';
import { Topics } from '../topics.js';

export interface ReliedLicenceDeps {
  cases: Pick<CaseRepository, 'relyingOn' | 'notify'>;
  contracts: Pick<ContractRegistry, 'validate'>;
  /** After notices were written: wake the outbox relay. */
  notified(): void;
}

export function createReliedLicenceHandler(deps: ReliedLicenceDeps): BatchHandler {
  async function handle(value: Buffer): Promise<number> {
    let event: LicenseEvent;
    try {
      event = JSON.parse(value.toString('utf8')) as LicenseEvent;
    } catch {
      throw new MalformedMessageError('a licence event that is not JSON');
    }
    if (deps.contracts.validate(ContractIds.licenseEvent, event).length > 0) {
      throw new MalformedMessageError('a licence event that breaks its contract');
    }
    if (event.status === 'valid') return 0;
    let sent = 0;
    for (const reliance of await deps.cases.relyingOn(event.licenseId)) {
      const caseEvent: CaseEvent = {
        eventId: randomUUID(),
        type: 'case.relied-license-changed',
        caseNo: reliance.caseNo,
        department: reliance.department,
        itemCode: reliance.itemCode,
        material: reliance.material,
        licenseId: event.licenseId,
        status: event.status,
        ...(event.previousStatus ? { previousStatus: event.previousStatus } : {}),
        occurredAt: event.occurredAt,
      };
      const errors = deps.contracts.validate(ContractIds.caseEvent, caseEvent);
      if (errors.length > 0) throw new TypeError(`case event breaks its contract: ${JSON.stringify(errors)}`);
      const message = {
        key: reliance.caseNo,
        value: JSON.stringify(caseEvent),
        headers: { 'event-id': caseEvent.eventId, 'event-type': caseEvent.type, department: reliance.department },
      };
      const fresh = await deps.cases.notify(reliance.caseNo, `${event.eventId}:${reliance.material}`, { ...caseEvent }, [
        { topic: Topics.caseEvents, message },
      ]);
      if (fresh) sent += 1;
    }
    return sent;
  }

  return async (messages) => {
    const results: (Error | undefined)[] = [];
    let sent = 0;
    for (const message of messages) {
      try {
        sent += await handle(message.value);
        results.push(undefined);
      } catch (error) {
        // Unreadable events are dead-lettered; a database failure fails the batch for a retry.
        if (error instanceof MalformedMessageError) results.push(error);
        else throw error;
      }
    }
    if (sent > 0) deps.notified();
    return results;
  };
}
