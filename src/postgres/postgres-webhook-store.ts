/**
 * @module postgres/postgres-webhook-store
 * `WebhookStore` on PostgreSQL. Claiming is one statement: pick due rows `FOR UPDATE SKIP LOCKED`
 * (as the outbox relay does) and push their due time forward by the lease, so no transaction stays
 * open while a receiver answers — in embedded mode the single PGlite connection must never wait on
 * someone else's web server. Every time comes from the caller's clock, never `now()` in SQL.
 */
import { randomUUID } from 'node:crypto';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { AttemptOutcome, ClaimedDelivery, NewDelivery, NewSubscription, WebhookStore } from '../core/ports/webhook-store.js';
import type { EndpointHealth } from '../core/webhooks/circuit-breaker.js';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookSubscription } from '../core/webhooks/webhook-subscription.js';
import type { Sql, TransactionSql } from './database.js';
import { appendWith, type AuditAppender } from './postgres-audit-log.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

interface SubscriptionRow {
  id: string;
  department: string;
  url: string;
  type_codes: string[];
  issuers: string[];
  description: string | null;
  status: WebhookSubscription['status'];
  consecutive_failures: number;
  open_until: Date | null;
  failing_since: Date | null;
  disabled_at: Date | null;
  created_at: Date;
  created_by: string;
}

interface DeliveryRow {
  id: string;
  subscription_id: string;
  event_id: string;
  event_type: string;
  status: DeliveryStatus;
  attempts: number;
  next_attempt_at: Date | null;
  delivered_at: Date | null;
  created_at: Date;
}

interface AttemptRow {
  delivery_id: string;
  attempt: number;
  at: Date;
  http_status: number | null;
  ok: boolean;
  error: string | null;
  duration_ms: number;
}

const healthOf = (row: Pick<SubscriptionRow, 'consecutive_failures' | 'open_until' | 'failing_since'>): EndpointHealth => ({
  consecutiveFailures: row.consecutive_failures,
  openUntil: row.open_until ?? undefined,
  failingSince: row.failing_since ?? undefined,
});

const toSubscription = (row: SubscriptionRow): WebhookSubscription => ({
  id: row.id,
  department: row.department,
  url: row.url,
  typeCodes: row.type_codes,
  issuers: row.issuers,
  description: row.description ?? undefined,
  status: row.status,
  disabledAt: row.disabled_at ?? undefined,
  health: healthOf(row),
  createdAt: row.created_at,
  createdBy: row.created_by,
});

const toAttempt = (row: AttemptRow): DeliveryAttempt => ({
  attempt: row.attempt,
  at: row.at,
  status: row.http_status ?? undefined,
  ok: row.ok,
  error: row.error ?? undefined,
  durationMs: row.duration_ms,
});

export class PostgresWebhookStore implements WebhookStore {
  constructor(
    private readonly sql: Sql,
    private readonly audit?: AuditAppender,
  ) {}

  async createSubscription(s: NewSubscription, audit: readonly AuditEntry[]): Promise<WebhookSubscription> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<SubscriptionRow[]>`
        insert into webhook_subscriptions (id, department, url, type_codes, issuers, description, created_at, created_by)
        values (${randomUUID()}, ${s.department}, ${s.url}, ${[...s.typeCodes]}, ${[...s.issuers]}, ${s.description ?? null},
                ${s.createdAt}, ${s.createdBy})
        returning *`;
      await appendWith(this.audit, tx, audit);
      return toSubscription(row as SubscriptionRow);
    }) as Promise<WebhookSubscription>;
  }

  async findSubscription(id: string): Promise<WebhookSubscription | undefined> {
    if (!UUID.test(id)) return undefined;
    const [row] = await this.sql<SubscriptionRow[]>`select * from webhook_subscriptions where id = ${id}`;
    return row && toSubscription(row);
  }

  async listSubscriptions(filter: { department?: string }): Promise<WebhookSubscription[]> {
    const rows = await this.sql<SubscriptionRow[]>`
      select * from webhook_subscriptions
      where (${filter.department ?? null}::text is null or department = ${filter.department ?? null})
      order by created_at, id`;
    return rows.map(toSubscription);
  }

  async enqueue(deliveries: readonly NewDelivery[]): Promise<number> {
    const rows = deliveries.map((d) => ({
      id: randomUUID(),
      subscription_id: d.subscriptionId,
      event_id: d.eventId,
      event_type: d.eventType,
      body: d.body,
      next_attempt_at: d.createdAt,
      created_at: d.createdAt,
    }));
    const inserted = await this.sql`
      insert into webhook_deliveries ${this.sql(rows)}
      on conflict (subscription_id, event_id) do nothing returning id`;
    return inserted.length;
  }

  async claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]> {
    const rows = await this.sql<{ id: string; subscription_id: string; department: string; url: string; body: string; attempts: number }[]>`
      with due as (
        select d.id from webhook_deliveries d join webhook_subscriptions s on s.id = d.subscription_id
        where d.status = 'pending' and d.next_attempt_at <= ${now}
          and s.status = 'active' and (s.open_until is null or s.open_until <= ${now})
        order by d.next_attempt_at, d.created_at
        limit ${limit}
        for update of d skip locked
      ), claimed as (
        update webhook_deliveries d set next_attempt_at = ${leaseUntil} from due where d.id = due.id
        returning d.id, d.subscription_id, d.body, d.attempts, d.created_at
      )
      select c.id, c.subscription_id, s.department, s.url, c.body, c.attempts
      from claimed c join webhook_subscriptions s on s.id = c.subscription_id
      order by c.created_at, c.id`;
    return rows.map((r) => ({
      id: r.id,
      subscriptionId: r.subscription_id,
      department: r.department,
      url: r.url,
      body: r.body,
      attempts: r.attempts,
    }));
  }

  async recordAttempt(o: AttemptOutcome): Promise<{ disabled: boolean; health: EndpointHealth }> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<(SubscriptionRow & { status: string })[]>`
        select * from webhook_subscriptions where id = ${o.subscriptionId} for update`;
      if (!row) throw new TypeError(`webhook subscription ${o.subscriptionId} vanished`);
      const { health, disable } = o.health(healthOf(row));
      const disabling = disable && row.status === 'active';
      await tx`
        update webhook_subscriptions set
          consecutive_failures = ${health.consecutiveFailures},
          open_until = ${health.openUntil ?? null},
          failing_since = ${health.failingSince ?? null},
          status = ${disabling ? 'disabled' : row.status},
          disabled_at = ${disabling ? o.attempt.at : row.disabled_at}
        where id = ${o.subscriptionId}`;
      await tx`
        update webhook_deliveries set
          status = ${o.status},
          attempts = ${o.attempt.attempt},
          next_attempt_at = ${o.nextAttemptAt ?? null},
          delivered_at = ${o.status === 'delivered' ? o.attempt.at : null}
        where id = ${o.deliveryId}`;
      await insertAttempt(tx, o.deliveryId, o.attempt);
      if (disabling) await appendWith(this.audit, tx, [o.disableAudit]);
      return { disabled: disabling, health };
    }) as Promise<{ disabled: boolean; health: EndpointHealth }>;
  }

  async release(deliveryIds: readonly string[], dueAt: Date): Promise<void> {
    if (deliveryIds.length === 0) return;
    await this.sql`
      update webhook_deliveries set next_attempt_at = ${dueAt}
      where id = any(${[...deliveryIds]}::uuid[]) and status = 'pending'`;
  }

  async listDeliveries(subscriptionId: string, filter: { status?: DeliveryStatus; limit: number }): Promise<WebhookDelivery[]> {
    const rows = await this.sql<DeliveryRow[]>`
      select id, subscription_id, event_id, event_type, status, attempts, next_attempt_at, delivered_at, created_at
      from webhook_deliveries
      where subscription_id = ${subscriptionId} and (${filter.status ?? null}::text is null or status = ${filter.status ?? null})
      order by created_at desc, id limit ${filter.limit}`;
    const attempts =
      rows.length === 0
        ? []
        : await this.sql<AttemptRow[]>`
            select * from webhook_attempts where delivery_id = any(${rows.map((r) => r.id)}::uuid[]) order by id`;
    return rows.map((r) => ({
      id: r.id,
      subscriptionId: r.subscription_id,
      eventId: r.event_id,
      eventType: r.event_type,
      status: r.status,
      attempts: r.attempts,
      nextAttemptAt: r.status === 'pending' ? (r.next_attempt_at ?? undefined) : undefined,
      createdAt: r.created_at,
      deliveredAt: r.delivered_at ?? undefined,
      lastAttempts: attempts
        .filter((a) => a.delivery_id === r.id)
        .slice(-10)
        .map(toAttempt),
    }));
  }

  async redeliver(
    subscriptionId: string,
    deliveryIds: readonly string[] | undefined,
    now: Date,
    audit: readonly AuditEntry[],
  ): Promise<number> {
    return this.sql.begin(async (tx) => {
      // The endpoint first, in the same order as recordAttempt, so the two never deadlock.
      await tx`select id from webhook_subscriptions where id = ${subscriptionId} for update`;
      const ids = deliveryIds ? [...deliveryIds].filter((id) => UUID.test(id)) : null;
      const rows = await tx`
        update webhook_deliveries set status = 'pending', attempts = 0, next_attempt_at = ${now}, delivered_at = null
        where subscription_id = ${subscriptionId} and status <> 'pending'
          and (${ids === null} and status = 'failed' or id = any(${ids ?? []}::uuid[]))
        returning id`;
      await tx`
        update webhook_subscriptions set status = 'active', disabled_at = null,
          consecutive_failures = 0, open_until = null, failing_since = null
        where id = ${subscriptionId}`;
      await appendWith(this.audit, tx, audit);
      return rows.length;
    }) as Promise<number>;
  }

  async purgeFinished(before: Date): Promise<number> {
    return this.sql.begin(async (tx) => {
      const gone = await tx<{ id: string }[]>`
        select id from webhook_deliveries where status <> 'pending' and created_at < ${before} for update skip locked`;
      if (gone.length === 0) return 0;
      const ids = gone.map((d) => d.id);
      await tx`delete from webhook_attempts where delivery_id = any(${ids}::uuid[])`;
      await tx`delete from webhook_deliveries where id = any(${ids}::uuid[])`;
      return ids.length;
    }) as Promise<number>;
  }

  async counts(): Promise<{ pending: number; disabledSubscriptions: number }> {
    const [row] = await this.sql<{ pending: string; disabled: string }[]>`
      select (select count(*) from webhook_deliveries where status = 'pending') as pending,
             (select count(*) from webhook_subscriptions where status = 'disabled') as disabled`;
    return { pending: Number(row?.pending ?? 0), disabledSubscriptions: Number(row?.disabled ?? 0) };
  }
}

async function insertAttempt(tx: TransactionSql, deliveryId: string, a: DeliveryAttempt): Promise<void> {
  await tx`
    insert into webhook_attempts (delivery_id, attempt, at, http_status, ok, error, duration_ms)
    values (${deliveryId}, ${a.attempt}, ${a.at}, ${a.status ?? null}, ${a.ok}, ${a.error ?? null}, ${Math.round(a.durationMs)})`;
}
