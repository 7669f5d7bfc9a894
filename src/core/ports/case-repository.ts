/**
 * @module core/ports/case-repository
 * Storage of cases. Every write locks the case and commits with its audit entries (and, for
 * notices, its outbox rows), so a milestone, a check or a hand-over exists exactly when its audit
 * trail does.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { CaseRecord, CaseState, ChecklistEntry, Milestone, Responsible } from '../cases/case.js';
import type { OutboxEntry } from './license-repository.js';

export type NewCase = Omit<CaseRecord, 'milestones' | 'notices' | 'openedAt' | 'decidedOn'>;

export interface CaseChanges {
  state?: CaseState;
  decidedOn?: string;
  responsible?: Responsible;
  checklist?: ChecklistEntry[];
}

export interface StoredPackage {
  caseNo: string;
  /** 1 for the case's first check, then one more per check. */
  seq: number;
  jws: string;
  at: Date;
  /** Whether a later check of the case has superseded this package. */
  superseded: boolean;
}

export interface Reliance {
  caseNo: string;
  department: string;
  itemCode: string;
  material: string;
}

export interface CaseRepository {
  /** False when the case number is taken. */
  insert(record: NewCase, milestones: readonly Omit<Milestone, 'seq'>[], audit: readonly AuditEntry[]): Promise<boolean>;
  find(caseNo: string): Promise<CaseRecord | undefined>;
  /**
   * Locks the case, lets `decide` look at it (and throw to refuse), appends the milestone, applies
   * the changes, appends the audit entries.
   */
  appendMilestone(
    caseNo: string,
    decide: (current: CaseRecord) => { milestone: Omit<Milestone, 'seq'>; changes: CaseChanges; audit: readonly AuditEntry[] },
  ): Promise<{ record: CaseRecord; milestone: Milestone }>;
  /** Stores a material check: the checklist, the sealed package (with its digest), the licences relied on. */
  saveCheck(
    caseNo: string,
    check: {
      checklist: ChecklistEntry[];
      packageJws: string;
      packageDigest: string;
      reliances: readonly { licenseId: string; material: string }[];
    },
    audit: readonly AuditEntry[],
  ): Promise<void>;
  /** A stored material package by the SHA-256 (hex) of its JWS. */
  findPackage(digest: string): Promise<StoredPackage | undefined>;
  /** Open cases that relied on the licence. */
  relyingOn(licenseId: string): Promise<Reliance[]>;
  /** Records a notice once per (case, source); the outbox rows are written only the first time. */
  notify(caseNo: string, sourceId: string, body: Record<string, unknown>, outbox: readonly OutboxEntry[]): Promise<boolean>;
  /** Cases opened in [from, to] (Beijing dates), optionally of one department. */
  list(filter: { department?: string | undefined; from: string; to: string }): Promise<CaseRecord[]>;
}

export interface HolderLicence {
  id: string;
  typeCode: string;
  status: string;
  validUntil: string | undefined;
  idVersion: number;
}

/** The applicant's licences by the keyed hash of their ID: no clear-ID index exists. */
export interface HolderIndex {
  licencesOf(holderKey: string, typeCodes: readonly string[]): Promise<HolderLicence[]>;
}
