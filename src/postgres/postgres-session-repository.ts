/**
 * @module postgres/postgres-session-repository
 */
import type { ActiveSession, NewSession, SessionRepository } from '../core/ports/session-repository.js';
import type { StaffRole } from '../core/users/user.js';
import type { Sql } from './database.js';

interface Row {
  id_hash: Buffer;
  username: string;
  csrf_token: string;
  credential_version: number;
  created_at: Date;
  last_seen_at: Date;
  expires_at: Date;
  role: StaffRole;
  department: string | null;
}

export class PostgresSessionRepository implements SessionRepository {
  constructor(private readonly sql: Sql) {}

  async insert(session: NewSession): Promise<void> {
    await this.sql`
      insert into sessions (id_hash, username, csrf_token, credential_version, created_at, last_seen_at, expires_at)
      values (${Buffer.from(session.idHash)}, ${session.username}, ${session.csrfToken}, ${session.credentialVersion},
              ${session.createdAt}, ${session.createdAt}, ${session.expiresAt})`;
  }

  async findActive(idHash: Uint8Array, now: Date, idleSince: Date): Promise<ActiveSession | undefined> {
    const [row] = await this.sql<Row[]>`
      select s.*, u.role, u.department
      from sessions s join users u on u.username = s.username
      where s.id_hash = ${Buffer.from(idHash)}
        and s.expires_at > ${now}
        and s.last_seen_at > ${idleSince}
        and u.disabled_at is null
        and s.credential_version = u.credential_version`;
    if (!row) return undefined;
    return {
      idHash: row.id_hash,
      username: row.username,
      csrfToken: row.csrf_token,
      credentialVersion: row.credential_version,
      createdAt: row.created_at,
      lastSeenAt: row.last_seen_at,
      expiresAt: row.expires_at,
      role: row.role,
      department: row.department ?? undefined,
    };
  }

  async touch(idHash: Uint8Array, at: Date): Promise<void> {
    await this.sql`update sessions set last_seen_at = greatest(last_seen_at, ${at}) where id_hash = ${Buffer.from(idHash)}`;
  }

  async delete(idHash: Uint8Array): Promise<void> {
    await this.sql`delete from sessions where id_hash = ${Buffer.from(idHash)}`;
  }

  async deleteForUser(username: string): Promise<void> {
    await this.sql`delete from sessions where username = ${username}`;
  }

  async deleteExpired(now: Date, idleSince: Date): Promise<number> {
    const result = await this.sql`delete from sessions where expires_at <= ${now} or last_seen_at <= ${idleSince}`;
    return result.count;
  }
}
