/**
 * @module core/ports/license-repository
 * Storage of licences. Writes happen inside `transaction`, which also takes the outbox rows (events,
 * Kafka results) and the audit entries, so a licence, its history, its announcements and its audit
 * trail commit together or not at all.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { AuditTransaction } from './audit-writer.js';
import type { OutgoingMessage } from './message-bus.js';
import type { LicenseRecord, LicenseStatus, NationalStatusCode } from '../licenses/license.js';

export type NewLicense = Omit<LicenseRecord, 'revision' | 'status' | 'replacedBy' | 'createdAt' | 'updatedAt' | 'payload'> & {
  /** Identifier without version and check char, shared by every version. */
  lineage: string;
  /** The payload's JSON text as sealed, stored as it is (the parsed payload is never serialised again). */
  payloadJson: string;
};

export interface OutboxMessage {
  topic: string;
  message: OutgoingMessage;
}

/**
 * One outbox row: a message and, optionally, a companion on another topic that commits and is
 * published with it (a licence's event and the answer to its submitter share a row). Per topic,
 * messages reach the bus in the order they were appended.
 */
export interface OutboxEntry extends OutboxMessage {
  also?: OutboxMessage;
}

export interface HistoryEntry {
  licenseId: string;
  revision: number;
  status: LicenseStatus;
  previous: LicenseStatus | undefined;
  reason: string | undefined;
  nationalCode: NationalStatusCode | undefined;
  jws: string | undefined;
  actor: string;
  at: Date;
}

export interface StatusUpdate {
  status: LicenseStatus;
  revision: number;
  replacedBy?: string;
  at: Date;
}

export type InsertOutcome = { created: true } | { created: false; existingDigest: string };

/** Append audit entries last in a transaction: appending locks the instance's audit chain until commit. */
export interface LicenseTransaction extends AuditTransaction {
  /** Inserts each licence unless its identifier exists; reports per identifier. */
  insert(licenses: readonly NewLicense[]): Promise<Map<string, InsertOutcome>>;
  /** Reads and locks a licence for a status change. */
  lock(id: string): Promise<LicenseRecord | undefined>;
  /** The highest version of a lineage, locked (replacements). */
  lockLatestOfLineage(lineage: string): Promise<LicenseRecord | undefined>;
  /** The licence's history, read in this transaction (after `lock`, no change can slip in). */
  history(id: string): Promise<HistoryEntry[]>;
  updateStatus(id: string, update: StatusUpdate): Promise<void>;
  appendHistory(entries: readonly HistoryEntry[]): Promise<void>;
  appendOutbox(entries: readonly OutboxEntry[]): Promise<void>;
  /**
   * The status of each seal certificate (lower-case hex serial), locked until commit: a revocation
   * or suspension committed before is seen, and one racing this transaction waits for it.
   */
  lockSealStatuses(serials: readonly string[]): Promise<Map<string, 'valid' | 'suspended' | 'revoked'>>;
}

export interface LicenseRepository {
  transaction<T>(work: (tx: LicenseTransaction) => Promise<T>): Promise<T>;
  find(id: string): Promise<LicenseRecord | undefined>;
  findByDigests(digests: readonly string[]): Promise<Map<string, LicenseRecord>>;
  /** Licences with this printed number, optionally of one type (verification by number). */
  findByNumber(number: string, typeCode?: string): Promise<LicenseRecord[]>;
  history(id: string): Promise<HistoryEntry[]>;
  /** Valid or suspended licences whose validUntil is before `today`, oldest first. */
  dueForExpiry(today: string, limit: number): Promise<LicenseRecord[]>;
}
