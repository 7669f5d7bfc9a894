/**
 * @module core/ports/user-repository
 * Storage of staff accounts. Passwords exist here only as scrypt hashes. Writes take their audit
 * entries along, written in the same transaction when the write takes effect.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { User } from '../users/user.js';

export type NewUser = Omit<User, 'createdAt' | 'disabledAt' | 'credentialVersion'>;

export interface UserRepository {
  /** False when the username is already taken (also by a disabled account). */
  insert(user: NewUser, audit?: readonly AuditEntry[]): Promise<boolean>;
  find(username: string): Promise<User | undefined>;
  /** Marks the account disabled (an earlier date is kept); undefined when there is no such account. */
  disable(username: string, at: Date, audit?: readonly AuditEntry[]): Promise<User | undefined>;
  /**
   * Replaces the password hash and increases the credential version, which invalidates every
   * session begun before; undefined when there is no such account.
   */
  setPasswordHash(username: string, passwordHash: string, audit?: readonly AuditEntry[]): Promise<User | undefined>;
}
