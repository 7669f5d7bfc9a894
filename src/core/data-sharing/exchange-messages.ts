/**
 * @module core/data-sharing/exchange-messages
 * The shapes that travel on the `data.*` topics and over HTTP, the same for both transports so the
 * SDK answers and asks with one code path. A consumer's request names the service, its parameters
 * and the purpose (case number + item code); the provider sees who asks and why, never the
 * consumer's credential; answers come back as data or as a coded error.
 */

export interface Purpose {
  caseNo?: string | undefined;
  serviceItem?: string | undefined;
}

/** Consumer → hub (`data.requests` value; the HTTP body without `service`, which is in the path). */
export interface DataRequestMessage {
  service: string;
  params: unknown;
  purpose: Purpose;
}

/** Hub → provider (`data.<provider>.requests`). */
export interface ProviderRequestMessage {
  exchangeId: string;
  service: string;
  consumer: string;
  purpose: { caseNo: string; serviceItem?: string | undefined };
  params: unknown;
  /** ISO time after which the hub has stopped waiting. */
  deadline: string;
}

export interface ExchangeErrorBody {
  code: string;
  detail: string;
}

/** Provider → hub (`data.responses`). */
export type ProviderResponseMessage =
  { exchangeId: string; ok: true; data: Record<string, unknown> } | { exchangeId: string; ok: false; error: ExchangeErrorBody };

/** Hub → consumer (`data.<consumer>.responses`, and the HTTP answer's body when ok). */
export type ConsumerResponseMessage =
  | { requestId: string; exchangeId: string; ok: true; service: string; data: Record<string, unknown> }
  | { requestId: string; exchangeId?: string | undefined; ok: false; error: ExchangeErrorBody };

/** Kafka headers of the exchange. The credential header is read by the hub and never forwarded. */
export const ExchangeHeaders = {
  messageId: 'message-id',
  authorization: 'authorization',
} as const;

/** Per-department topics, after the prefix: created when a department provides or consumes. */
export const providerRequestsTopic = (uscc: string) => `data.${uscc}.requests`;
export const consumerResponsesTopic = (uscc: string) => `data.${uscc}.responses`;

/**
 * A provider's answer as received (Kafka value or HTTPS body), bound to the exchange it answers.
 * Anything that is not a JSON object reads as an empty one, which the exchange reports to the
 * consumer as a malformed answer instead of letting the request time out.
 */
export function readProviderAnswer(text: string, exchangeId: string): ProviderResponseMessage {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch {
    value = undefined;
  }
  const body = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  return { ...body, exchangeId } as ProviderResponseMessage;
}
