/**
 * @module core/ports/webhook-store
 * Persistence of webhook subscriptions and their deliveries (PostgreSQL: `postgres/postgres-webhook-store.ts`).
 * Deliveries are claimed with a lease so that any number of hub instances deliver each at most one
 * at a time; an attempt's outcome, the endpoint's health and, when it comes to that, the endpoint's
 * disabling and its audit entry are written together.
 */
import type { AuditEntry } from '../audit/audit-entry.js';
import type { EndpointHealth } from '../webhooks/circuit-breaker.js';
import type { DeliveryAttempt, DeliveryStatus, WebhookDelivery, WebhookSubscription } from '../webhooks/webhook-subscription.js';

export interface NewSubscription {
  department: string;
  url: string;
  typeCodes: readonly string[];
  issuers: readonly string[];
  description: string | undefined;
  createdAt: Date;
  createdBy: string;
}

export interface NewDelivery {
  subscriptionId: string;
  eventId: string;
  eventType: string;
  /** The exact body to sign and send. */
  body: string;
  createdAt: Date;
}

/** A due delivery, leased to this instance until the lease passes. */
export interface ClaimedDelivery {
  id: string;
  subscriptionId: string;
  /** The subscribing department, named when the endpoint is disabled. */
  department: string;
  url: string;
  body: string;
  attempts: number;
}

export interface AttemptOutcome {
  deliveryId: string;
  subscriptionId: string;
  attempt: DeliveryAttempt;
  status: DeliveryStatus;
  nextAttemptAt: Date | undefined;
  /** Computes the endpoint's new health from its current one, under the endpoint's row lock. */
  health(current: EndpointHealth): { health: EndpointHealth; disable: boolean };
  /** Written with the disabling, if it happens. */
  disableAudit: AuditEntry;
}

export interface WebhookStore {
  createSubscription(subscription: NewSubscription, audit: readonly AuditEntry[]): Promise<WebhookSubscription>;
  findSubscription(id: string): Promise<WebhookSubscription | undefined>;
  listSubscriptions(filter: { department?: string }): Promise<WebhookSubscription[]>;
  /** Inserts deliveries, skipping any (subscription, event) pair already there; returns how many were new. */
  enqueue(deliveries: readonly NewDelivery[]): Promise<number>;
  /** Leases up to `limit` pending deliveries due at `now` of active endpoints whose breaker is closed at `now`. */
  claimDue(now: Date, leaseUntil: Date, limit: number): Promise<ClaimedDelivery[]>;
  /** Records one attempt; resolves whether the endpoint was disabled by it. */
  recordAttempt(outcome: AttemptOutcome): Promise<{ disabled: boolean; health: EndpointHealth }>;
  /** Gives claimed deliveries back unattempted, due again at `dueAt`. */
  release(deliveryIds: readonly string[], dueAt: Date): Promise<void>;
  listDeliveries(subscriptionId: string, filter: { status?: DeliveryStatus; limit: number }): Promise<WebhookDelivery[]>;
  /**
   * Makes the named deliveries (or, without names, every failed one) pending again with a fresh
   * schedule due at `now`, and re-enables the endpoint with a closed breaker. Returns how many.
   */
  redeliver(subscriptionId: string, deliveryIds: readonly string[] | undefined, now: Date, audit: readonly AuditEntry[]): Promise<number>;
  /** Deletes delivered and failed deliveries (with their attempts) created before `before`; returns how many. */
  purgeFinished(before: Date): Promise<number>;
  counts(): Promise<{ pending: number; disabledSubscriptions: number }>;
}
