/**
 * @module main/hub-gauges
 * What /metrics reports as gauges beyond requests, exchanges and counters: one per figure an
 * operator watches (unavailable data services, outbox and webhook backlogs, queued audit entries),
 * each read at scrape time from the group that owns it.
 */
import type { GaugeSource } from '../http/metrics.js';
import type { Database } from '../postgres/database.js';
import { readOutboxLag } from '../postgres/outbox.js';
import type { CalendarWatch } from '../core/cases/calendar-watch.js';
import type { AuditWiring } from './audit.js';
import type { WebhookWiring } from './webhooks.js';

export interface HubGaugeDeps {
  db: Database;
  dataSharing: { unavailable(): readonly unknown[]; pendingCount(): number };
  audit: Pick<AuditWiring, 'writer'>;
  webhooks: Pick<WebhookWiring, 'store'>;
  cases: { calendarWatch: Pick<CalendarWatch, 'gap'> };
}

export function hubGauges({ db, dataSharing, audit, webhooks, cases }: HubGaugeDeps): GaugeSource[] {
  return [
    {
      name: 'zz_data_services_unavailable',
      help: 'Data services this instance refuses after repeated provider timeouts',
      read: async () => dataSharing.unavailable().length,
    },
    { name: 'zz_data_exchanges_pending', help: 'Data requests waiting for their provider', read: async () => dataSharing.pendingCount() },
    {
      name: 'zz_outbox_pending',
      help: 'Outbox rows committed but not yet published',
      read: async () => (await readOutboxLag(db.sql)).pending,
    },
    {
      name: 'zz_outbox_oldest_seconds',
      help: 'Age of the oldest unpublished outbox row',
      read: async () => (await readOutboxLag(db.sql)).oldestSeconds,
    },
    {
      name: 'zz_outbox_parked',
      help: 'Outbox rows the broker refused for good (too large, invalid), parked for an operator',
      read: async () => (await readOutboxLag(db.sql)).parked,
    },
    {
      name: 'zz_webhook_deliveries_pending',
      help: 'Webhook deliveries not yet delivered or given up',
      read: async () => (await webhooks.store.counts()).pending,
    },
    {
      name: 'zz_webhook_subscriptions_disabled',
      help: 'Webhook endpoints disabled after failing for the whole window',
      read: async () => (await webhooks.store.counts()).disabledSubscriptions,
    },
    {
      name: 'zz_calendar_years_missing',
      help: 'Working calendar years to enter now (this year, or next year within 60 days): their deadlines are counted Monday to Friday',
      read: async () => (await cases.calendarWatch.gap()).due.length,
    },
    {
      name: 'zz_calendar_days_until_unknown',
      help: 'Days until the first day in a year without a working calendar',
      read: async () => (await cases.calendarWatch.gap()).daysUntilUnknown,
    },
    { name: 'zz_audit_queued', help: 'Audit entries waiting for their group commit', read: async () => audit.writer.queued },
  ];
}
