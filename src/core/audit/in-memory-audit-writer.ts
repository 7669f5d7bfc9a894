/**
 * @module core/audit/in-memory-audit-writer
 * An `AuditWriter` that keeps entries in an array: the fake for unit tests of use cases that audit.
 */
import type { AuditWriter } from '../ports/audit-writer.js';
import type { AuditEntry } from './audit-entry.js';

export class InMemoryAuditWriter implements AuditWriter {
  readonly entries: AuditEntry[] = [];
  private closed = false;

  async record(entry: AuditEntry): Promise<void> {
    if (this.closed) throw new TypeError('the audit writer is closed');
    this.entries.push(entry);
  }

  async close(): Promise<void> {
    this.closed = true;
  }
}
