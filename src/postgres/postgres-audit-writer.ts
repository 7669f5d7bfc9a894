/**
 * @module postgres/postgres-audit-writer
 * The one audit writer of a hub process for actions that write nothing else (verifications,
 * sign-ins, system tokens, data exchanges): entries are group-committed — one statement per batch
 * on this writer's own chain — and each `record` resolves only after its batch has committed, so an
 * answer never leaves before its audit entry is durable. The chain is this writer's alone, so it
 * keeps the head it wrote last and appends at it in one statement (`appendAtHead`: the batch's whole
 * cost in latency is one round trip and the commit); only the first batch, or one after a failure,
 * reads the head under lock. A failed batch rejects its callers with a retriable error and, rolled
 * back, leaves the chain as it was.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import { createGroupCommit, type GroupCommit } from '../core/audit/group-commit.js';
import { DependencyUnavailableError } from '../core/errors.js';
import type { AuditWriter } from '../core/ports/audit-writer.js';
import { currentRequestId } from '../logging/request-context.js';
import type { Sql } from './database.js';
import { appendAtHead, appendAudit, type ChainHead } from './postgres-audit-log.js';

export interface AuditWriterOptions {
  chainId: string;
  /** Entries per transaction at most. */
  maxBatch?: number;
  /** How long the first entry of a batch waits for company when the writer is idle. */
  maxDelayMs?: number;
  /** Entries waiting at most; beyond it `record` waits for room. */
  maxQueued?: number;
}

export class PostgresAuditWriter implements AuditWriter {
  private readonly group: GroupCommit<AuditEntry>;

  constructor(sql: Sql, options: AuditWriterOptions) {
    const { chainId } = options;
    let head: ChainHead | undefined;
    this.group = createGroupCommit<AuditEntry>({
      maxBatch: options.maxBatch ?? 500,
      // No wait for company: a batch is one statement now, and while it is written the next
      // entries gather by themselves; a wait only added its length to every answer at low load.
      maxDelayMs: options.maxDelayMs ?? 0,
      maxQueued: options.maxQueued ?? 10_000,
      async flush(entries) {
        try {
          const known = head;
          head = undefined; // until this batch is known to be written
          head =
            (known && (await appendAtHead(sql, chainId, known, entries))) ?? (await sql.begin((tx) => appendAudit(tx, chainId, entries)));
        } catch (error) {
          throw new DependencyUnavailableError('the audit log could not be written; try again', { cause: error });
        }
      },
    });
  }

  /** Entries waiting for their batch. */
  get queued(): number {
    return this.group.queued;
  }

  record(entry: AuditEntry): Promise<void> {
    // The batch is written outside the caller's async context: take the request id now.
    return this.group.submit({ ...entry, requestId: entry.requestId ?? currentRequestId() });
  }

  close(): Promise<void> {
    return this.group.close();
  }
}
