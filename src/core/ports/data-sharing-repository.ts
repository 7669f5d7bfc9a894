/**
 * @module core/ports/data-sharing-repository
 * Where the sharing catalogue and its grants are kept. Writes take the audit entries of the step
 * and commit them with it (or not at all); a grant decision applies only from the status the use
 * case saw, so two admins deciding at once cannot both win.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { DataGrant, GrantStatus } from '../data-sharing/data-grant.js';
import type { DataService } from '../data-sharing/data-service.js';

export type GrantDecision = Pick<DataGrant, 'status' | 'decidedBy' | 'reason'> &
  Partial<Pick<DataGrant, 'grantedFields' | 'quotaPerMinute' | 'expiresAt'>> & { decidedAt: Date };

export interface DataSharingRepository {
  saveService(service: Omit<DataService, 'createdAt' | 'updatedAt'>, audit: readonly AuditEntry[]): Promise<void>;
  findService(code: string): Promise<DataService | undefined>;
  listServices(): Promise<DataService[]>;
  insertGrant(grant: Omit<DataGrant, 'createdAt'>, audit: readonly AuditEntry[]): Promise<void>;
  findGrant(id: string): Promise<DataGrant | undefined>;
  /** Grants where the department is consumer or provider; every grant without a department. */
  listGrants(filter: { department?: string | undefined; service?: string | undefined }): Promise<DataGrant[]>;
  /** Applies the decision if the grant is still `from`; the grant as it now is, or undefined. */
  decideGrant(id: string, from: GrantStatus, decision: GrantDecision, audit: readonly AuditEntry[]): Promise<DataGrant | undefined>;
  /**
   * Counts up to `wanted` requests in the grant's minute from `windowStart`, never past `limit`;
   * how many were counted (0 once the limit is reached). Atomic under concurrency.
   */
  takeQuota(grantId: string, windowStart: Date, limit: number, wanted: number): Promise<number>;
}
