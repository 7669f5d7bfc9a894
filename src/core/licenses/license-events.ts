/**
 * @module core/licenses/license-events
 * Lifecycle events on `licenses.events` (contract `events/license-event`): keyed by licence id so a
 * licence's events stay in order on one partition, with an `eventId` consumers dedupe on, and no
 * personal data: a licence whose type declares its number personal (残疾人证) is named — in the
 * key, `licenseId` and `replacedBy` — by its keyed reference, as in receipts and audit, because
 * every department reading the topic (and every webhook receiver) would otherwise get the holder's
 * ID number in clear. Each event is checked against its contract before it enters the outbox: a bad
 * event is a bug and must fail the write, not reach other departments.
 */
import { randomUUID } from 'node:crypto';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { LicenseEvent } from '../payloads/license-event.js';
import type { OutboxEntry } from '../ports/license-repository.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import { Topics } from '../topics.js';
import { DEFAULT_NATIONAL_CODE, type LicenseStatus, type NationalStatusCode } from './license.js';
import { licenseReference } from './license-reference.js';

export interface LicenseEventDeps {
  contracts: ContractRegistry;
  /** Keys the reference to a licence whose number is personal. */
  personalIds: PersonalIdHasher;
}

export interface LicenseEventInput {
  type: LicenseEvent['type'];
  licenseId: string;
  revision: number;
  status: LicenseStatus;
  previousStatus?: LicenseStatus;
  nationalStatusCode?: NationalStatusCode;
  replacedBy?: string;
  occurredAt: Date;
  issuer: { uscc: string; name: string };
  typeCode: string;
}

export function licenseEvent(deps: LicenseEventDeps, input: LicenseEventInput): OutboxEntry {
  const { contracts } = deps;
  const name = (id: string) => licenseReference(id, contracts.licenseType(input.typeCode), deps.personalIds.keyedHash);
  const nationalStatusCode =
    input.nationalStatusCode ?? (input.type === 'license.issued' ? undefined : DEFAULT_NATIONAL_CODE[input.status]);
  const event: LicenseEvent = {
    eventId: randomUUID(),
    type: input.type,
    licenseId: name(input.licenseId),
    version: input.revision,
    status: input.status,
    ...(input.previousStatus ? { previousStatus: input.previousStatus } : {}),
    ...(nationalStatusCode ? { nationalStatusCode } : {}),
    ...(input.replacedBy ? { replacedBy: name(input.replacedBy) } : {}),
    occurredAt: input.occurredAt.toISOString(),
    issuer: input.issuer,
    typeCode: input.typeCode,
  };
  const errors = contracts.validate(ContractIds.licenseEvent, event);
  if (errors.length > 0) throw new TypeError(`licence event breaks its contract: ${JSON.stringify(errors)}`);
  return {
    topic: Topics.licenseEvents,
    message: { key: event.licenseId, value: JSON.stringify(event), headers: { 'event-id': event.eventId, 'event-type': event.type } },
  };
}
