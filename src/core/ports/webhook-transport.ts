/**
 * @module core/ports/webhook-transport
 * One signed POST of a delivery to a subscriber (`webhooks/standard-webhook-transport.ts`). The
 * transport owns the wire format (Standard Webhooks headers and signature); the core owns when and
 * how often to send.
 */

export interface WebhookRequest {
  url: string;
  /** `webhook-id`: the delivery id, stable across attempts. */
  webhookId: string;
  body: string;
  /** The attempt time, signed as `webhook-timestamp`. */
  at: Date;
  /** Aborted when the hub stops: the attempt is then given back, not counted. */
  signal: AbortSignal;
}

export interface WebhookResponse {
  /** A 2xx answer. */
  ok: boolean;
  status: number | undefined;
  /** Why it failed (timeout, refused connection, status), fit for the delivery log. */
  error: string | undefined;
  durationMs: number;
}

export interface WebhookTransport {
  send(request: WebhookRequest): Promise<WebhookResponse>;
}
