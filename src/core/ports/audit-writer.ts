/**
 * @module core/ports/audit-writer
 * The tamper-evident audit log (DESIGN §6 "write in groups"). Two ways in:
 * - `AuditTransaction.appendAudit` inside a write transaction (publication, status change,
 *   certificate and account actions), so the entry commits with the change or not at all;
 * - `AuditWriter.record` for actions that write nothing else (verifications): entries are grouped
 *   by one writer per hub instance and the promise resolves once the group is durable, so an answer
 *   is never sent before its audit entry exists.
 * Each hub instance appends to its own hash chain (no global lock); signed checkpoints tie them.
 */
import type { AuditEntry } from '../audit/audit-entry.js';

export interface AuditTransaction {
  appendAudit(entries: readonly AuditEntry[]): Promise<void>;
}

export interface AuditWriter {
  record(entry: AuditEntry): Promise<void>;
  /** Write what is queued and stop accepting entries. */
  close(): Promise<void>;
}
