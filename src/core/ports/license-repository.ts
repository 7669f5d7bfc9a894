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
import type { LicenseFacts, StoredLicense } from '../licenses/license-row-mac.js';
import type { RowMacTag } from './row-mac-keys.js';

export type NewLicense = Omit<LicenseRecord, 'revision' | 'status' | 'replacedBy' | 'createdAt' | 'updatedAt'> & {
  /** Identifier without version and check char, shared by every version. */
  lineage: string;
  /** The payload's JSON text as sealed: what is stored (the parsed `payload` is never serialised again). */
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
  /**
   * Reads and locks a licence for a status change. A row whose MAC fails throws
   * `RecordAlteredError`: nothing is written on top of forged facts.
   */
  lock(id: string): Promise<StoredLicense | undefined>;
  /** The highest version of a lineage, locked (replacements); refused like `lock` when altered. */
  lockLatestOfLineage(lineage: string): Promise<StoredLicense | undefined>;
  /** The licence's history, read in this transaction (after `lock`, no change can slip in). */
  history(id: string): Promise<HistoryEntry[]>;
  /** Changes a licence locked in this transaction and MACs the row anew. */
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
  /** The full record, with its sealed JWS and payload. */
  find(id: string): Promise<StoredLicense | undefined>;
  findByDigests(digests: readonly string[]): Promise<Map<string, StoredLicense>>;
  /** Licences with this printed number, optionally of one type (verification by number). */
  findByNumber(number: string, typeCode?: string): Promise<StoredLicense[]>;
  /** The narrow read of a verification: the facts and the row MAC, without the JWS and payload. */
  facts(id: string): Promise<LicenseFacts | undefined>;
  /** `findByNumber`, narrow. */
  factsByNumber(number: string, typeCode?: string): Promise<LicenseFacts[]>;
  /**
   * Up to `limit` full records with identifiers after `afterId`, in identifier order (the seal
   * sweep); with `unsealedOnly`, only rows that carry no MAC yet.
   */
  page(afterId: string, limit: number, options?: { unsealedOnly?: boolean }): Promise<StoredLicense[]>;
  /**
   * Stores `tag` (made over `facts`) as the row's MAC, only while the row still holds the revision
   * and the MAC the facts were read with; false when a change came in between.
   */
  storeRowMac(facts: Pick<LicenseFacts, 'id' | 'revision' | 'name' | 'rowMac'>, tag: RowMacTag): Promise<boolean>;
  history(id: string): Promise<HistoryEntry[]>;
  /** Valid or suspended licences whose validUntil is before `today`, oldest first. */
  dueForExpiry(today: string, limit: number): Promise<LicenseFacts[]>;
}
