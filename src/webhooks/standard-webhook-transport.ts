/**
 * @module webhooks/standard-webhook-transport
 * `WebhookTransport` over HTTP: one POST per attempt, signed anew (the timestamp is the attempt's),
 * bounded by a timeout, redirects not followed (a redirect could carry the delivery somewhere the
 * department never registered). Only a 2xx counts; the receiver's body is never read or kept.
 */
import type { WebhookRequest, WebhookResponse, WebhookTransport } from '../core/ports/webhook-transport.js';
import type { StandardWebhookSigner } from './standard-webhook-signature.js';

export interface StandardWebhookTransportOptions {
  signer: StandardWebhookSigner;
  /** Per attempt. Default 15 s, what receivers are told to answer within. */
  timeoutMs?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
}

export function createStandardWebhookTransport(options: StandardWebhookTransportOptions): WebhookTransport {
  const timeoutMs = options.timeoutMs ?? 15_000;
  const send = options.fetch ?? fetch;
  return {
    async send(request: WebhookRequest): Promise<WebhookResponse> {
      const started = performance.now();
      const elapsed = () => performance.now() - started;
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await postSigned(options.signer, send, request, AbortSignal.any([timeout, request.signal]));
        await response.body?.cancel().catch(() => undefined);
        const ok = response.status >= 200 && response.status < 300;
        return {
          ok,
          status: response.status,
          error: ok ? undefined : `the endpoint answered HTTP ${response.status}`,
          durationMs: elapsed(),
        };
      } catch (error) {
        const detail = timeout.aborted ? `no answer within ${timeoutMs} ms` : `the endpoint could not be reached (${networkReason(error)})`;
        return { ok: false, status: undefined, error: detail, durationMs: elapsed() };
      }
    },
  };
}

/**
 * One Standard Webhooks POST, signed for this attempt. Redirects are not followed: a redirect could
 * carry the body somewhere the department never registered. Shared by event deliveries and by data
 * requests to providers without Kafka, so receivers verify both the same way.
 */
export async function postSigned(
  signer: StandardWebhookSigner,
  send: typeof fetch,
  request: Pick<WebhookRequest, 'url' | 'webhookId' | 'body' | 'at'>,
  signal: AbortSignal,
): Promise<Response> {
  const headers = await signer.headers(request.webhookId, request.at, request.body);
  return send(request.url, {
    method: 'POST',
    headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'zhengzhao-webhooks/1' },
    body: request.body,
    redirect: 'manual',
    signal,
  });
}

/** The network-level cause (ECONNREFUSED, ENOTFOUND…) without stack or internals. */
export function networkReason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
