/**
 * @module core/ports/user-repository
 * Storage of staff accounts. Passwords exist here only as scrypt hashes.
 */
import type { User } from '../users/user.js';

export type NewUser = Omit<User, 'createdAt' | 'disabledAt' | 'credentialVersion'>;

export interface UserRepository {
  /** False when the username is already taken (also by a disabled account). */
  insert(user: NewUser): Promise<boolean>;
  find(username: string): Promise<User | undefined>;
  /** Marks the account disabled (an earlier date is kept); undefined when there is no such account. */
  disable(username: string, at: Date): Promise<User | undefined>;
  /**
   * Replaces the password hash and increases the credential version, which invalidates every
   * session begun before; undefined when there is no such account.
   */
  setPasswordHash(username: string, passwordHash: string): Promise<User | undefined>;
}
