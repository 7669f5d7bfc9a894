/**
 * @module core/ports/api-token-repository
 * Storage of API tokens. Only SHA-256 digests of tokens are stored; the clear token exists once, in
 * the answer to whoever created it. Inserts take their audit entries along, written in the same
 * transaction when the token is stored.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Role } from '../auth/roles.js';

export interface ApiTokenRecord {
  id: string;
  tokenHash: Uint8Array;
  role: Role;
  department: string | undefined;
  label: string | undefined;
  createdBy: string;
  createdAt: Date;
  expiresAt: Date | undefined;
  revokedAt: Date | undefined;
}

export type NewApiToken = Omit<ApiTokenRecord, 'createdAt' | 'revokedAt'>;

export interface ApiTokenRepository {
  insert(token: NewApiToken, audit?: readonly AuditEntry[]): Promise<void>;
  /** Atomically insert only when no token exists at all; false when the store was not empty. */
  insertIfNoneExist(token: NewApiToken, audit?: readonly AuditEntry[]): Promise<boolean>;
  findByHash(tokenHash: Uint8Array): Promise<ApiTokenRecord | undefined>;
}
