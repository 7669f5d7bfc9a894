/**
 * @module core/audit/audit-verification
 * What recomputing the audit chains reports (`GET /v1/audit/verify`, `zhengzhao audit verify`):
 * per chain its length, head, verified checkpoints, its state in the signed register, and the first
 * problem found, if any; and what the external anchor held.
 */
export type ChainProblemKind = 'altered' | 'removed' | 'reordered';

export interface ChainProblem {
  /** The entry at fault, or `null` when it no longer exists. */
  id: string | null;
  /** Decimal string: sequence numbers are bigints and may exceed 2^53. */
  seq: string;
  kind: ChainProblemKind;
  detail: string;
}

export interface ChainReport {
  chainId: string;
  entries: number;
  /** Hex head hash from the chain's head record, if it still exists. */
  head: string | undefined;
  /** Checkpoints whose signature verified, in the database and in the anchor (distinct seqs). */
  checkpoints: number;
  /** From the signed register in the anchor; `unregistered` when the anchor never heard of it. */
  state: 'open' | 'closed' | 'unregistered';
  /** Set for a closed chain: its last entry (decimal). */
  closedAt?: string;
  /** The newest signed statement about this chain (ISO 8601). */
  lastCheckpointAt?: string;
  /** An open chain whose newest checkpoint is older than twice the checkpoint interval. */
  stale?: boolean;
  firstProblem?: ChainProblem;
}

export interface AnchorReport {
  /** Where the statements were read from, e.g. `file /var/lib/zz/audit-anchor.jsonl`. */
  description: string;
  statements: number;
  /** Lines that are not a statement signed by the checkpoint key (a torn write, or forged). */
  unreadable: number;
}

export interface AuditVerification {
  ok: boolean;
  chains: ChainReport[];
  anchor?: AnchorReport;
}
