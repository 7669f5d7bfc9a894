/**
 * @module core/ports/audit-reader
 * Reading the audit log: filtered pages for auditors, each chain in order for the verifier,
 * checkpoints, and the verification statistics. Writing goes through `audit-writer.ts`.
 */
import type { AuditCheckpoint, AuditFilter, AuditRecord, ChainHead } from '../audit/audit-record.js';

export interface AuditReader {
  /** Entries matching `filter`, in id order above the cursor `after`; `newest`: latest first, below `after`. */
  search(filter: AuditFilter, after: string | undefined, limit: number, order?: 'oldest' | 'newest'): Promise<AuditRecord[]>;
  /** Every chain known from its head row, its entries or its checkpoints (head absent if its row is gone). */
  chains(): Promise<{ chainId: string; head: ChainHead | undefined }[]>;
  head(chainId: string): Promise<ChainHead | undefined>;
  /** Entries of one chain with seq above `afterSeq`, in seq order. */
  chainPage(chainId: string, afterSeq: bigint, limit: number): Promise<AuditRecord[]>;
  /** Where an entry with this hash sits in the chain, if anywhere (naming a reordering). */
  findByHash(chainId: string, hash: Uint8Array): Promise<{ id: string; seq: bigint } | undefined>;
  checkpoints(chainId: string): Promise<AuditCheckpoint[]>;
}

export interface AuditCheckpointStore {
  head(chainId: string): Promise<ChainHead | undefined>;
  latestCheckpointSeq(chainId: string): Promise<bigint>;
  insertCheckpoint(checkpoint: Omit<AuditCheckpoint, 'id'>): Promise<void>;
}

export interface StatsRange {
  from: Date;
  to: Date;
  /** Only verifications by this department (department admins see their own). */
  department?: string | undefined;
}

export interface VerificationStats {
  total: number;
  perDay: { day: string; verifications: number; valid: number }[];
  perDepartment: { department: string | undefined; verifications: number }[];
  perLicenseType: { typeCode: string | undefined; verifications: number }[];
  /** Distinct (case number, licence) pairs verified valid: proof materials nobody had to carry in. */
  proofMaterialsNotSubmitted: number;
}

export interface AuditStatsReader {
  verificationStats(range: StatsRange): Promise<VerificationStats>;
}
