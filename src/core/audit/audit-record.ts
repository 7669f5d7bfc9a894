/**
 * @module core/audit/audit-record
 * An audit entry as stored: its place in a hash chain (chain id, sequence number, the hash of the
 * entry before it and its own hash) and the flat fields the hash covers. Also the shapes the audit
 * log is read in: filters, chain heads and signed checkpoints.
 */

/** Every field the chain hash covers, flat, exactly as stored (see `audit-hash.ts`). */
export interface ChainedFields {
  chainId: string;
  /**
   * 1, 2, 3 … without gaps within a chain. A bigint end to end (PostgreSQL `bigint`): a Number would
   * round above 2^53 and a verifier paging by it would read the same page forever.
   */
  seq: bigint;
  at: Date;
  action: string;
  actor: string;
  role: string;
  department: string | undefined;
  target: string | undefined;
  typeCode: string | undefined;
  caseNo: string | undefined;
  serviceItem: string | undefined;
  result: string;
  requestId: string | undefined;
  details: Record<string, unknown> | undefined;
}

export interface AuditRecord extends ChainedFields {
  /** Storage order across chains; the cursor of `GET /v1/audit`. Not hashed: chains order by `seq`. */
  id: string;
  prevHash: Uint8Array;
  hash: Uint8Array;
}

export interface AuditFilter {
  action?: string;
  actor?: string;
  department?: string;
  target?: string;
  caseNo?: string;
  typeCode?: string;
  result?: string;
  from?: Date;
  to?: Date;
  /** `keyedHash` of a personal ID number, matched against `details.holderIdHash`. */
  holderIdHash?: string;
}

/** The last entry of a chain as recorded in its head row (seq 0 and the zero hash when empty). */
export interface ChainHead {
  chainId: string;
  seq: bigint;
  head: Uint8Array;
}

/** A signed statement "chain C had N entries and head hash H at time T". */
export interface AuditCheckpoint {
  id: string;
  chainId: string;
  seq: bigint;
  head: Uint8Array;
  /** Compact JWS over `{chainId, seq, head, at}` by the hub's checkpoint key. */
  jws: string;
  signedAt: Date;
}
