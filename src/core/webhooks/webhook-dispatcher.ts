/**
 * @module core/webhooks/webhook-dispatcher
 * Sends due webhook deliveries. Each round leases a batch of due deliveries (other instances skip
 * them), sends them — endpoints in parallel, one endpoint's deliveries one after another — and
 * records each attempt with the endpoint's new health. A failed attempt is due again on the retry
 * schedule; when the breaker opens (or the endpoint is disabled) the rest of that endpoint's batch
 * is given back unattempted. A crash mid-round loses nothing: leased rows fall due again when the
 * lease passes, and are sent with the same `webhook-id`.
 *
 * Time comes from `now()` alone (never the database clock), so tests drive days of schedule in
 * milliseconds.
 */
import { AuditActions, auditEntry, servicePrincipal } from '../audit/audit-actions.js';
import type { Logger } from '../ports/logger.js';
import type { ClaimedDelivery, WebhookStore } from '../ports/webhook-store.js';
import type { WebhookTransport } from '../ports/webhook-transport.js';
import type { CircuitBreaker } from './circuit-breaker.js';
import type { RetrySchedule } from './retry-schedule.js';

export interface WebhookDispatcherOptions {
  store: WebhookStore;
  transport: WebhookTransport;
  schedule: RetrySchedule;
  breaker: CircuitBreaker;
  logger: Logger;
  now(): Date;
  /** An endpoint was disabled after failing for the whole window (the metric counts these). */
  onDisabled?(subscriptionId: string): void;
  batchSize?: number;
  /** How long a claimed delivery is ours; longer than the transport's timeout. Default 60 s. */
  leaseMs?: number;
  /** Look for due deliveries this often when nobody called `wake()`. Default 1 s. */
  idleIntervalMs?: number;
  /** Delivered and failed deliveries stay in the log this long. Default 30 days. */
  keepFinishedMs?: number;
}

export interface WebhookDispatcher {
  start(): void;
  /** Deliveries were added or made due: look now. */
  wake(): void;
  /** One round; resolves how many deliveries were attempted. */
  runOnce(): Promise<number>;
  /** Ends the loop; attempts in flight are aborted and given back. */
  stop(): Promise<void>;
}

const hub = servicePrincipal('webhooks');

export function createWebhookDispatcher(options: WebhookDispatcherOptions): WebhookDispatcher {
  const { store, transport, schedule, breaker, logger, now } = options;
  const batchSize = options.batchSize ?? 50;
  const leaseMs = options.leaseMs ?? 60_000;
  const idleIntervalMs = options.idleIntervalMs ?? 1_000;
  const keepFinishedMs = options.keepFinishedMs ?? 30 * 24 * 3600_000;
  let purgedAt: number | undefined;
  const stopping = new AbortController();
  let loop: Promise<void> | undefined;
  let wakeUp: (() => void) | undefined;
  let woken = false;

  async function runOnce(): Promise<number> {
    const claimedAt = now();
    await purgeHourly(claimedAt);
    const claimed = await store.claimDue(claimedAt, new Date(claimedAt.getTime() + leaseMs), batchSize);
    const byEndpoint = new Map<string, ClaimedDelivery[]>();
    for (const delivery of claimed) {
      const queue = byEndpoint.get(delivery.subscriptionId);
      if (queue) queue.push(delivery);
      else byEndpoint.set(delivery.subscriptionId, [delivery]);
    }
    const attempted = await Promise.all([...byEndpoint.values()].map(deliverInTurn));
    return attempted.reduce((a, b) => a + b, 0);
  }

  /** One endpoint's deliveries in order, stopping at the first that opens its breaker. */
  async function deliverInTurn(deliveries: readonly ClaimedDelivery[]): Promise<number> {
    for (const [index, delivery] of deliveries.entries()) {
      const held = await attempt(delivery);
      if (held !== undefined) {
        await store.release(
          deliveries.slice(index + 1).map((d) => d.id),
          held,
        );
        return index + 1;
      }
    }
    return deliveries.length;
  }

  /** Sends one delivery and records it; resolves when the endpoint's other deliveries must wait. */
  async function attempt(delivery: ClaimedDelivery): Promise<Date | undefined> {
    const at = now();
    const response = await transport.send({ url: delivery.url, webhookId: delivery.id, body: delivery.body, at, signal: stopping.signal });
    if (stopping.signal.aborted) {
      // The stop cut it short: give it back unattempted, due at once for whoever runs next.
      await store.release([delivery.id], at);
      return at;
    }
    const number = delivery.attempts + 1;
    const retryAt = response.ok ? undefined : schedule.nextAttemptAt(number, at);
    const recorded = await store.recordAttempt({
      deliveryId: delivery.id,
      subscriptionId: delivery.subscriptionId,
      attempt: { attempt: number, at, status: response.status, ok: response.ok, error: response.error, durationMs: response.durationMs },
      status: response.ok ? 'delivered' : retryAt ? 'pending' : 'failed',
      nextAttemptAt: retryAt,
      health: (current) => (response.ok ? { health: breaker.afterSuccess(), disable: false } : breaker.afterFailure(current, at)),
      disableAudit: auditEntry(hub, AuditActions.webhookDisable, at, {
        target: delivery.subscriptionId,
        result: 'error',
        details: { department: delivery.department, url: delivery.url, reason: 'every attempt failed for the whole disable window' },
      }),
    });
    const where = { subscription: delivery.subscriptionId, delivery: delivery.id, attempt: number };
    if (!response.ok) logger.warn({ ...where, status: response.status, error: response.error, retryAt }, 'webhook delivery failed');
    if (recorded.disabled) {
      logger.error(
        { ...where, department: delivery.department, url: delivery.url },
        'webhook endpoint disabled: it failed every attempt for the whole window',
      );
      options.onDisabled?.(delivery.subscriptionId);
      return at;
    }
    return breaker.allows(recorded.health, at) ? undefined : recorded.health.openUntil;
  }

  /** The delivery log is kept for a while, not for ever: an hourly sweep of old finished rows. */
  async function purgeHourly(at: Date): Promise<void> {
    if (purgedAt !== undefined && at.getTime() - purgedAt < 3600_000) return;
    purgedAt = at.getTime();
    const purged = await store.purgeFinished(new Date(at.getTime() - keepFinishedMs));
    if (purged > 0) logger.info({ purged }, 'old webhook deliveries removed from the log');
  }

  function sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        wakeUp = undefined;
        resolve();
      };
      const timer = setTimeout(done, ms);
      wakeUp = done;
    });
  }

  async function run(): Promise<void> {
    let failures = 0;
    while (!stopping.signal.aborted) {
      woken = false;
      try {
        const attempted = await runOnce();
        failures = 0;
        if (attempted === 0 && !woken) await sleep(idleIntervalMs);
      } catch (error) {
        failures += 1;
        const retryInMs = Math.min(30_000, 200 * 2 ** Math.min(failures, 16));
        logger.warn({ err: error, failures, retryInMs }, 'webhook dispatch round failed; retrying');
        await sleep(retryInMs);
      }
    }
  }

  return {
    start() {
      loop ??= run();
    },
    wake() {
      woken = true;
      wakeUp?.();
    },
    runOnce,
    async stop() {
      stopping.abort();
      wakeUp?.();
      await loop;
    },
  };
}
