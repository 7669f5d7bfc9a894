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
        const headers = await options.signer.headers(request.webhookId, request.at, request.body);
        const response = await send(request.url, {
          method: 'POST',
          headers: { ...headers, 'content-type': 'application/json', 'user-agent': 'zhengzhao-webhooks/1' },
          body: request.body,
          redirect: 'manual',
          signal: AbortSignal.any([timeout, request.signal]),
        });
        await response.body?.cancel().catch(() => undefined);
        const ok = response.status >= 200 && response.status < 300;
        return {
          ok,
          status: response.status,
          error: ok ? undefined : `the endpoint answered HTTP ${response.status}`,
          durationMs: elapsed(),
        };
      } catch (error) {
        const detail = timeout.aborted ? `no answer within ${timeoutMs} ms` : `the endpoint could not be reached (${reason(error)})`;
        return { ok: false, status: undefined, error: detail, durationMs: elapsed() };
      }
    },
  };
}

/** The network-level cause (ECONNREFUSED, ENOTFOUND…) without stack or internals. */
function reason(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  return error instanceof Error ? error.name : 'unknown error';
}
