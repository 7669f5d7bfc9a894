/**
 * @module core/webhooks/webhook-subscription
 * A department's subscription to licence lifecycle events by webhook, and the deliveries it gets.
 * A subscription names the licence types it wants (each one the department issues or is entitled
 * to read) and optionally the issuing departments; it receives events that occur after it was made.
 * A disabled subscription still collects its deliveries (pending, not sent), so re-enabling it
 * loses nothing.
 */
import type { EndpointHealth } from './circuit-breaker.js';

export type SubscriptionStatus = 'active' | 'disabled';
export type DeliveryStatus = 'pending' | 'delivered' | 'failed';

export interface WebhookSubscription {
  id: string;
  /** Credit code of the subscribing department. */
  department: string;
  url: string;
  /** Licence type codes; never empty. */
  typeCodes: readonly string[];
  /** Issuing departments' credit codes; empty = any issuer. */
  issuers: readonly string[];
  description: string | undefined;
  status: SubscriptionStatus;
  disabledAt: Date | undefined;
  health: EndpointHealth;
  createdAt: Date;
  createdBy: string;
}

export interface DeliveryAttempt {
  attempt: number;
  at: Date;
  /** HTTP status when the receiver answered. */
  status: number | undefined;
  ok: boolean;
  /** Why it failed, in words fit for the subscriber (never the body the receiver sent). */
  error: string | undefined;
  durationMs: number;
}

export interface WebhookDelivery {
  /** Sent as `webhook-id`; the same on every attempt and redelivery. */
  id: string;
  subscriptionId: string;
  eventId: string;
  eventType: string;
  status: DeliveryStatus;
  attempts: number;
  nextAttemptAt: Date | undefined;
  createdAt: Date;
  deliveredAt: Date | undefined;
  lastAttempts: readonly DeliveryAttempt[];
}

/** The slice of a licence event a subscription filters on. */
export interface EventSummary {
  eventId: string;
  type: string;
  typeCode: string;
  issuer: string;
  occurredAt: Date;
}

export function subscriptionMatches(subscription: WebhookSubscription, event: EventSummary): boolean {
  return (
    subscription.typeCodes.includes(event.typeCode) &&
    (subscription.issuers.length === 0 || subscription.issuers.includes(event.issuer)) &&
    event.occurredAt.getTime() >= subscription.createdAt.getTime()
  );
}
