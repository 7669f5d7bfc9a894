/**
 * @module webhooks/signed-provider-endpoint
 * `ProviderEndpoint` over HTTP(S) for data providers without Kafka: the request is POSTed to the
 * provider's registered URL signed exactly like an event delivery (Standard Webhooks v1a, the hub's
 * webhook key, `webhook-id` = the exchange id), so a department verifies both with the one public
 * key it pinned. The answer is read up to a size bound; what it means is the exchange's call.
 */
import type { EndpointOutcome, ProviderEndpoint } from '../core/ports/provider-endpoint.js';
import type { StandardWebhookSigner } from './standard-webhook-signature.js';
import { networkReason, postSigned } from './standard-webhook-transport.js';

/** An answer is a record's worth of fields, not a file: past this it is refused as malformed. */
export const MAX_ANSWER_BYTES = 1024 * 1024;

export interface SignedProviderEndpointOptions {
  signer: StandardWebhookSigner;
  maxAnswerBytes?: number;
  /** Injected for tests; the global fetch otherwise. */
  fetch?: typeof fetch;
  now?: () => Date;
}

export function createSignedProviderEndpoint(options: SignedProviderEndpointOptions): ProviderEndpoint {
  const send = options.fetch ?? fetch;
  const limit = options.maxAnswerBytes ?? MAX_ANSWER_BYTES;
  const now = options.now ?? (() => new Date());
  return {
    async post(url, exchangeId, body, timeoutMs): Promise<EndpointOutcome> {
      const timeout = AbortSignal.timeout(timeoutMs);
      try {
        const response = await postSigned(options.signer, send, { url, webhookId: exchangeId, body, at: now() }, timeout);
        if (response.status < 200 || response.status >= 300) {
          await response.body?.cancel().catch(() => undefined);
          return { kind: 'down', detail: `the endpoint answered HTTP ${response.status}` };
        }
        return await readBounded(response, limit);
      } catch (error) {
        if (timeout.aborted) return { kind: 'timeout' };
        return { kind: 'down', detail: `the endpoint could not be reached (${networkReason(error)})` };
      }
    },
  };
}

async function readBounded(response: Response, limit: number): Promise<EndpointOutcome> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  for await (const chunk of response.body ?? []) {
    size += chunk.byteLength;
    if (size > limit) {
      await response.body?.cancel().catch(() => undefined);
      return { kind: 'answered', body: '', tooLarge: true };
    }
    chunks.push(chunk);
  }
  return { kind: 'answered', body: Buffer.concat(chunks).toString('utf8') };
}
