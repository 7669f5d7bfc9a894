/**
 * @module postgres/postgres-data-sharing-repository
 * The sharing catalogue, grants and quota counters in PostgreSQL. Every write carries its audit
 * entries in the same transaction; the quota is one upsert per request on the grant's current
 * minute, so every hub instance counts against the same number, and past minutes are deleted.
 */
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { DataGrant, GrantStatus } from '../core/data-sharing/data-grant.js';
import type { DataField, DataService, SharingClass } from '../core/data-sharing/data-service.js';
import type { DataSharingRepository, GrantDecision } from '../core/ports/data-sharing-repository.js';
import type { Sql } from './database.js';
import { writeAudited, type AuditAppender } from './postgres-audit-log.js';

interface ServiceRow {
  code: string;
  name: string;
  description: string;
  provider: string;
  sharing_class: SharingClass;
  request_schema: string;
  response_schema: string;
  fields: DataField[];
  legal_basis: string;
  timeout_ms: number;
  endpoint: string | null;
  body_retention_days: number | null;
  created_at: Date;
  updated_at: Date;
}

interface GrantRow {
  id: string;
  service: string;
  provider: string;
  consumer: string;
  purposes: string[];
  requested_fields: string[];
  granted_fields: string[] | null;
  status: GrantStatus;
  quota_per_minute: number | null;
  expires_at: Date | null;
  reason: string | null;
  applied_by: string;
  decided_by: string | null;
  created_at: Date;
  decided_at: Date | null;
}

const toService = (r: ServiceRow): DataService => ({
  code: r.code,
  name: r.name,
  description: r.description,
  provider: r.provider,
  sharingClass: r.sharing_class,
  requestSchema: r.request_schema,
  responseSchema: r.response_schema,
  fields: r.fields,
  legalBasis: r.legal_basis,
  timeoutMs: r.timeout_ms,
  ...(r.endpoint === null ? {} : { endpoint: r.endpoint }),
  ...(r.body_retention_days === null ? {} : { bodyRetentionDays: r.body_retention_days }),
  createdAt: r.created_at,
  updatedAt: r.updated_at,
});

const toGrant = (r: GrantRow): DataGrant => ({
  id: r.id,
  service: r.service,
  provider: r.provider,
  consumer: r.consumer,
  purposes: r.purposes,
  requestedFields: r.requested_fields,
  grantedFields: r.granted_fields ?? undefined,
  status: r.status,
  quotaPerMinute: r.quota_per_minute ?? undefined,
  expiresAt: r.expires_at ?? undefined,
  reason: r.reason ?? undefined,
  appliedBy: r.applied_by,
  decidedBy: r.decided_by ?? undefined,
  createdAt: r.created_at,
  decidedAt: r.decided_at ?? undefined,
});

/** A grant with its service's provider (the provider is the service's, never stored twice). */
const GRANT_COLUMNS = 'g.*, s.provider';

export class PostgresDataSharingRepository implements DataSharingRepository {
  constructor(
    private readonly sql: Sql,
    private readonly audit: AuditAppender,
  ) {}

  async saveService(s: Omit<DataService, 'createdAt' | 'updatedAt'>, audit: readonly AuditEntry[]): Promise<void> {
    await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
        insert into data_services (code, name, description, provider, sharing_class, request_schema, response_schema, fields, legal_basis, timeout_ms, endpoint, body_retention_days)
        values (${s.code}, ${s.name}, ${s.description}, ${s.provider}, ${s.sharingClass}, ${s.requestSchema}, ${s.responseSchema},
                ${q.json(s.fields as never)}, ${s.legalBasis}, ${s.timeoutMs}, ${s.endpoint ?? null}, ${s.bodyRetentionDays ?? null})
        on conflict (code) do update set
          name = excluded.name, description = excluded.description, sharing_class = excluded.sharing_class,
          request_schema = excluded.request_schema, response_schema = excluded.response_schema, fields = excluded.fields,
          legal_basis = excluded.legal_basis, timeout_ms = excluded.timeout_ms, endpoint = excluded.endpoint,
          body_retention_days = excluded.body_retention_days, updated_at = now()
        where data_services.provider = excluded.provider
        returning code`,
      (rows) => rows.length === 1,
    );
  }

  async findService(code: string): Promise<DataService | undefined> {
    const [row] = await this.sql<ServiceRow[]>`select * from data_services where code = ${code}`;
    return row && toService(row);
  }

  async listServices(): Promise<DataService[]> {
    return (await this.sql<ServiceRow[]>`select * from data_services order by provider, code`).map(toService);
  }

  async insertGrant(g: Omit<DataGrant, 'createdAt'>, audit: readonly AuditEntry[]): Promise<void> {
    await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
        insert into data_grants (id, service, consumer, purposes, requested_fields, status, applied_by)
        values (${g.id}, ${g.service}, ${g.consumer}, ${g.purposes as string[]}, ${g.requestedFields as string[]}, ${g.status}, ${g.appliedBy})
        returning id`,
      (rows) => rows.length === 1,
    );
  }

  async findGrant(id: string): Promise<DataGrant | undefined> {
    const [row] = await this.sql<GrantRow[]>`
      select ${this.sql.unsafe(GRANT_COLUMNS)} from data_grants g join data_services s on s.code = g.service where g.id = ${id}`;
    return row && toGrant(row);
  }

  async listGrants(filter: { department?: string | undefined; service?: string | undefined }): Promise<DataGrant[]> {
    const department = filter.department ?? null;
    const service = filter.service ?? null;
    const rows = await this.sql<GrantRow[]>`
      select ${this.sql.unsafe(GRANT_COLUMNS)} from data_grants g join data_services s on s.code = g.service
      where (${department}::text is null or g.consumer = ${department} or s.provider = ${department})
        and (${service}::text is null or g.service = ${service})
      order by g.created_at desc`;
    return rows.map(toGrant);
  }

  async decideGrant(id: string, from: GrantStatus, d: GrantDecision, audit: readonly AuditEntry[]): Promise<DataGrant | undefined> {
    const updated = await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q<{ id: string }[]>`
        update data_grants set
          status = ${d.status}, decided_by = ${d.decidedBy ?? null}, decided_at = ${d.decidedAt}, reason = ${d.reason ?? null},
          granted_fields = coalesce(${(d.grantedFields as string[] | undefined) ?? null}::text[], granted_fields),
          quota_per_minute = coalesce(${d.quotaPerMinute ?? null}::integer, quota_per_minute),
          expires_at = coalesce(${d.expiresAt ?? null}::timestamptz, expires_at)
        where id = ${id} and status = ${from} returning id`,
      (rows) => rows.length === 1,
    );
    return updated.length === 1 ? this.findGrant(id) : undefined;
  }

  async takeQuota(grantId: string, windowStart: Date, limit: number, wanted: number): Promise<number> {
    // In SET every right-hand side reads the row as it was, so last_taken is this take's share.
    const rows = await this.sql<{ requests: number; last_taken: number }[]>`
      insert into data_grant_usage as u (grant_id, window_start, requests, last_taken)
      values (${grantId}, ${windowStart}, least(${wanted}::integer, ${limit}::integer), least(${wanted}::integer, ${limit}::integer))
      on conflict (grant_id, window_start) do update
        set requests = least(u.requests + ${wanted}::integer, ${limit}::integer),
            last_taken = least(${wanted}::integer, ${limit}::integer - u.requests)
      where u.requests < ${limit}
      returning requests, last_taken`;
    const taken = rows[0];
    if (!taken) return 0;
    // The first take of a new minute clears the grant's older windows: the table keeps about one
    // row per grant in use, however long the hub runs.
    if (taken.requests === taken.last_taken)
      await this.sql`delete from data_grant_usage where grant_id = ${grantId} and window_start < ${windowStart}`;
    return taken.last_taken;
  }
}
