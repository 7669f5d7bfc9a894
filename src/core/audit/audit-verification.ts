/**
 * @module core/audit/audit-verification
 * What recomputing the audit chains reports (`GET /v1/audit/verify`, `zhengzhao audit verify`):
 * per chain its length, head and verified checkpoints, and the first problem found, if any.
 */
export type ChainProblemKind = 'altered' | 'removed' | 'reordered';

export interface ChainProblem {
  /** The entry at fault, or `null` when it no longer exists. */
  id: string | null;
  seq: number;
  kind: ChainProblemKind;
  detail: string;
}

export interface ChainReport {
  chainId: string;
  entries: number;
  /** Hex head hash from the chain's head record, if it still exists. */
  head: string | undefined;
  /** Checkpoints whose signature verified. */
  checkpoints: number;
  firstProblem?: ChainProblem;
}

export interface AuditVerification {
  ok: boolean;
  chains: ChainReport[];
}
