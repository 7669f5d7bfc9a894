/**
 * @module postgres/postgres-api-token-repository
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { ApiTokenRecord, ApiTokenRepository, NewApiToken } from '../core/ports/api-token-repository.js';
import type { Role } from '../core/auth/roles.js';
import type { Sql } from './database.js';
import { appendWith, writeAudited, type AuditAppender } from './postgres-audit-log.js';

/** "zztokens": serialises the empty-store check of concurrent first starts. */
const BOOTSTRAP_LOCK = 0x7a7a746f_6b656e73n;

interface Row {
  id: string;
  token_hash: Buffer;
  role: Role;
  department: string | null;
  label: string | null;
  created_by: string;
  created_at: Date;
  expires_at: Date | null;
  revoked_at: Date | null;
}

export class PostgresApiTokenRepository implements ApiTokenRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit?: AuditAppender,
  ) {}

  async insert(token: NewApiToken, audit?: readonly AuditEntry[]): Promise<void> {
    await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`insert into api_tokens ${q(toRow(token) as never)}`,
      () => true,
    );
  }

  async insertIfNoneExist(token: NewApiToken, audit: readonly AuditEntry[] = []): Promise<boolean> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${BOOTSTRAP_LOCK.toString()}::bigint)`;
      const [existing] = await tx`select 1 from api_tokens limit 1`;
      if (existing) return false;
      await tx`insert into api_tokens ${tx(toRow(token) as never)}`;
      await appendWith(this.audit, tx, audit);
      return true;
    });
  }

  async findByHash(tokenHash: Uint8Array): Promise<ApiTokenRecord | undefined> {
    const [row] = await this.sql<Row[]>`select * from api_tokens where token_hash = ${Buffer.from(tokenHash)}`;
    return row && fromRow(row);
  }
}

function toRow(token: NewApiToken) {
  return {
    id: token.id,
    token_hash: Buffer.from(token.tokenHash),
    role: token.role,
    department: token.department ?? null,
    label: token.label ?? null,
    created_by: token.createdBy,
    expires_at: token.expiresAt ?? null,
  };
}

function fromRow(row: Row): ApiTokenRecord {
  return {
    id: row.id,
    tokenHash: row.token_hash,
    role: row.role,
    department: row.department ?? undefined,
    label: row.label ?? undefined,
    createdBy: row.created_by,
    createdAt: row.created_at,
    expiresAt: row.expires_at ?? undefined,
    revokedAt: row.revoked_at ?? undefined,
  };
}
