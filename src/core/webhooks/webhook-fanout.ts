/**
 * @module core/webhooks/webhook-fanout
 * The consumer of `licenses.events` that turns each event into one pending delivery per matching
 * subscription. Inserting is idempotent on (subscription, event), so the bus redelivering a batch
 * (at-least-once) never doubles a webhook. Deliveries are only written here; the dispatcher sends
 * them, so a slow receiver never holds up the consumer.
 */
import { DependencyUnavailableError, HubError, MalformedMessageError } from '../errors.js';
import type { BatchHandler, InboundMessage } from '../ports/message-bus.js';
import type { NewDelivery, WebhookStore } from '../ports/webhook-store.js';
import { subscriptionMatches, type EventSummary } from './webhook-subscription.js';

export interface WebhookFanoutDeps {
  store: Pick<WebhookStore, 'listSubscriptions' | 'enqueue'>;
  /** Called after new deliveries were written, so they go out at once. */
  onEnqueued(count: number): void;
  now(): Date;
}

interface ParsedEvent {
  summary: EventSummary;
  /** The Standard Webhooks payload: `{type, timestamp, data}` with the event as data. */
  body: string;
}

export function createWebhookFanout(deps: WebhookFanoutDeps): BatchHandler {
  return async (messages) => {
    const parsed = messages.map(parseEvent);
    const subscriptions = await deps.store.listSubscriptions({}).catch(unavailable);
    const deliveries: NewDelivery[] = [];
    const createdAt = deps.now();
    for (const event of parsed) {
      if (event instanceof Error) continue;
      for (const subscription of subscriptions) {
        if (!subscriptionMatches(subscription, event.summary)) continue;
        deliveries.push({
          subscriptionId: subscription.id,
          eventId: event.summary.eventId,
          eventType: event.summary.type,
          body: event.body,
          createdAt,
        });
      }
    }
    if (deliveries.length > 0) {
      const added = await deps.store.enqueue(deliveries).catch(unavailable);
      if (added > 0) deps.onEnqueued(added);
    }
    return parsed.map((event) => (event instanceof Error ? event : undefined));
  };
}

function parseEvent(message: InboundMessage): ParsedEvent | MalformedMessageError {
  let event: Record<string, unknown>;
  try {
    event = JSON.parse(message.value.toString('utf8'));
  } catch {
    return new MalformedMessageError('a licence event that is not JSON');
  }
  const issuer = event.issuer as { uscc?: unknown } | undefined;
  const occurredAt = new Date(String(event.occurredAt));
  const fields = [event.eventId, event.type, event.typeCode, issuer?.uscc];
  if (fields.some((f) => typeof f !== 'string' || f.length === 0) || Number.isNaN(occurredAt.getTime())) {
    return new MalformedMessageError('a licence event without eventId, type, typeCode, issuer or occurredAt');
  }
  const summary = {
    eventId: event.eventId as string,
    type: event.type as string,
    typeCode: event.typeCode as string,
    issuer: issuer?.uscc as string,
    occurredAt,
  };
  return { summary, body: JSON.stringify({ type: summary.type, timestamp: event.occurredAt, data: event }) };
}

/** The store failing is never the message's fault: retry the batch, never dead-letter it. */
function unavailable(error: unknown): never {
  throw error instanceof HubError ? error : new DependencyUnavailableError('webhook deliveries cannot be stored now', { cause: error });
}
