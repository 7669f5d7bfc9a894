/**
 * @module postgres/postgres-user-repository
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { NewUser, UserRepository } from '../core/ports/user-repository.js';
import type { StaffRole, User } from '../core/users/user.js';
import type { Sql } from './database.js';
import { writeAudited, type AuditAppender } from './postgres-audit-log.js';

interface Row {
  username: string;
  role: StaffRole;
  department: string | null;
  password_hash: string;
  credential_version: number;
  created_by: string;
  created_at: Date;
  disabled_at: Date | null;
}

const toUser = (row: Row): User => ({
  username: row.username,
  role: row.role,
  department: row.department ?? undefined,
  passwordHash: row.password_hash,
  credentialVersion: row.credential_version,
  createdBy: row.created_by,
  createdAt: row.created_at,
  disabledAt: row.disabled_at ?? undefined,
});

export class PostgresUserRepository implements UserRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit?: AuditAppender,
  ) {}

  async insert(user: NewUser, audit?: readonly AuditEntry[]): Promise<boolean> {
    const rows = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
      insert into users (username, role, department, password_hash, created_by)
      values (${user.username}, ${user.role}, ${user.department ?? null}, ${user.passwordHash}, ${user.createdBy})
      on conflict (username) do nothing returning username`,
      (inserted) => inserted.length === 1,
    );
    return rows.length === 1;
  }

  async find(username: string): Promise<User | undefined> {
    const [row] = await this.sql<Row[]>`select * from users where username = ${username}`;
    return row && toUser(row);
  }

  async disable(username: string, at: Date, audit?: readonly AuditEntry[]): Promise<User | undefined> {
    const [row] = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q<Row[]>`
      update users set disabled_at = coalesce(disabled_at, ${at}) where username = ${username} returning *`,
      (updated) => updated.length === 1,
    );
    return row && toUser(row);
  }

  async setPasswordHash(username: string, passwordHash: string, audit?: readonly AuditEntry[]): Promise<User | undefined> {
    const [row] = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q<Row[]>`
      update users set password_hash = ${passwordHash}, credential_version = credential_version + 1
      where username = ${username} returning *`,
      (updated) => updated.length === 1,
    );
    return row && toUser(row);
  }
}
