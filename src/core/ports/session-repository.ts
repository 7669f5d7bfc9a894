/**
 * @module core/ports/session-repository
 * Console sessions, stored server-side only. The session id itself never reaches the store: rows
 * are keyed by its SHA-256 digest, so reading the table does not let anyone act as a signed-in user.
 */
import type { StaffRole } from '../users/user.js';

export interface NewSession {
  idHash: Uint8Array;
  username: string;
  /** The synchronizer token every unsafe request of this session must carry. */
  csrfToken: string;
  /** The account's credential version at sign-in; a password change since ends the session. */
  credentialVersion: number;
  createdAt: Date;
  /** Absolute end, whatever the activity. */
  expiresAt: Date;
}

export interface ActiveSession extends NewSession {
  lastSeenAt: Date;
  role: StaffRole;
  department: string | undefined;
}

export interface SessionRepository {
  insert(session: NewSession): Promise<void>;
  /**
   * The session with its account's role and department, only if at `now` it has not expired, was
   * used after `idleSince`, and its account is enabled and still at the session's credential
   * version (no password change since sign-in). Checked in one query, so disabling an account or resetting its password takes
   * effect on the very next request on every hub instance.
   */
  findActive(idHash: Uint8Array, now: Date, idleSince: Date): Promise<ActiveSession | undefined>;
  /** Records activity (extends the idle window). */
  touch(idHash: Uint8Array, at: Date): Promise<void>;
  delete(idHash: Uint8Array): Promise<void>;
  deleteForUser(username: string): Promise<void>;
  /** Housekeeping: drops sessions that expired or went idle; returns how many. */
  deleteExpired(now: Date, idleSince: Date): Promise<number>;
}
