/**
 * @module main/hub-metrics
 * What /metrics reports beyond requests and exchanges: one gauge per figure an operator watches
 * (unavailable data services, outbox and webhook backlogs, queued audit entries, counters of this
 * instance), each read from the group that owns it at scrape time. Every series carries
 * `hub_instance` so several instances behind one scrape job stay apart.
 */
import type { Config } from '../config/config.js';
import { createHubMetrics, type HubMetrics } from '../http/metrics.js';
import type { Database } from '../postgres/database.js';
import { readOutboxLag } from '../postgres/outbox.js';
import type { AuditWiring } from './audit.js';
import type { LicenseWiring } from './licenses.js';
import type { WebhookWiring } from './webhooks.js';

export interface HubMetricsDeps {
  config: Config;
  db: Database;
  dataSharing: { unavailable(): readonly unknown[]; pendingCount(): number };
  audit: Pick<AuditWiring, 'writer'>;
  webhooks: Pick<WebhookWiring, 'store'>;
  licensing: Pick<LicenseWiring, 'submissionsHandled'>;
  enumerationAlerts(): number;
}

export function openHubMetrics({ config, db, dataSharing, audit, webhooks, licensing, enumerationAlerts }: HubMetricsDeps): HubMetrics {
  return createHubMetrics(
    [
      {
        name: 'zz_data_services_unavailable',
        help: 'Data services this instance refuses after repeated provider timeouts',
        read: async () => dataSharing.unavailable().length,
      },
      { name: 'zz_data_exchanges_pending', help: 'Data requests waiting for their provider', read: async () => dataSharing.pendingCount() },
      {
        name: 'zz_verification_enumeration_alerts',
        help: 'Callers whose verification misses looked like enumeration (since start)',
        read: async () => enumerationAlerts(),
      },
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
        name: 'zz_webhook_deliveries_pending',
        help: 'Webhook deliveries not yet delivered or given up',
        read: async () => (await webhooks.store.counts()).pending,
      },
      {
        name: 'zz_webhook_subscriptions_disabled',
        help: 'Webhook endpoints disabled after failing for the whole window',
        read: async () => (await webhooks.store.counts()).disabledSubscriptions,
      },
      { name: 'zz_audit_queued', help: 'Audit entries waiting for their group commit', read: async () => audit.writer.queued },
      {
        name: 'zz_licence_submissions_handled',
        help: 'Messages of licenses.submit this instance finished (stored, refused or dead-lettered) since start',
        read: async () => licensing.submissionsHandled,
      },
    ],
    { hub_instance: config.instanceId },
  );
}
