/**
 * @module data-http-provider
 * Serving data requests without Kafka: the hub POSTs each request to the URL the service registered
 * (`endpoint`), signed like its event webhooks (Standard Webhooks v1a, the hub's webhook key). This
 * listener verifies the signature before reading anything, refuses a delivery id seen within the
 * replay window, runs the service's handler and answers `{ok, data}` or `{ok: false, error}` — the
 * same answer a Kafka provider puts on `data.responses`. Mount it on any Node HTTP server.
 */
import type { IncomingMessage, ServerResponse } from 'node:http';
import type { DataHandler, DataRequest } from './data-exchange-types.js';
import { ConnectorError } from './errors.js';
import { verifyHubSignature, WEBHOOK_TOLERANCE_SECONDS, webhookPublicKey, type WebhookReceiverOptions } from './webhook-receiver.js';

/** A request is a few parameters; anything larger is not from the hub. */
const MAX_REQUEST_BYTES = 256 * 1024;

export type DataHttpListener = (request: IncomingMessage, response: ServerResponse) => void;

/** The provider's answer to one request, the same over Kafka and HTTP. */
export async function answerDataRequest(
  handler: DataHandler<never>,
  request: DataRequest<never>,
  context: Parameters<DataHandler>[1],
): Promise<{ ok: true; data: object } | { ok: false; error: { code: string; detail: string } }> {
  return handler(request, context).then(
    (data) => ({ ok: true as const, data }),
    (error: unknown) => ({
      ok: false as const,
      error:
        error instanceof ConnectorError
          ? { code: error.code, detail: error.message }
          : { code: 'ERR_PROVIDER_INTERNAL', detail: 'the provider failed to answer' },
    }),
  );
}

export function createDataHttpListener(
  handlerOf: (service: string) => DataHandler<never> | undefined,
  options: WebhookReceiverOptions,
): DataHttpListener {
  // A wrong key is the connector's mistake: thrown here, at start, not as 401s later.
  const verifying = { ...options, publicKey: webhookPublicKey(options.publicKey) };
  const clock = options.clock ?? Date.now;
  const windowMs = 2 * (options.toleranceSeconds ?? WEBHOOK_TOLERANCE_SECONDS) * 1000;
  const seen = new Map<string, number>(); // delivery id → when it may be forgotten

  const reply = (response: ServerResponse, status: number, body: unknown): void =>
    void response.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    if (request.method !== 'POST') return reply(response, 405, { code: 'ERR_METHOD' });
    const raw = await readBody(request);
    if (!raw) return reply(response, 413, { code: 'ERR_TOO_LARGE' });
    let delivery: ReturnType<typeof verifyHubSignature>;
    try {
      delivery = verifyHubSignature(raw, request.headers, verifying);
    } catch (error) {
      return reply(response, 401, { code: (error as ConnectorError).code ?? 'ERR_WEBHOOK_SIGNATURE' });
    }
    const now = clock();
    for (const [id, until] of seen) if (until < now) seen.delete(id);
    if (seen.has(delivery.id)) return reply(response, 409, { code: 'ERR_REPLAYED' });
    seen.set(delivery.id, now + windowMs);

    const asked = JSON.parse(delivery.body.toString('utf8')) as DataRequest<never>;
    if (asked.exchangeId !== delivery.id) return reply(response, 400, { code: 'ERR_EXCHANGE_ID' });
    const handler = handlerOf(asked.service);
    if (!handler) return reply(response, 404, { code: 'ERR_SERVICE_NOT_SERVED' });
    reply(response, 200, await answerDataRequest(handler, asked, { via: 'http', deliveryId: delivery.id }));
  }

  return (request, response) => {
    handle(request, response).catch(() => {
      if (!response.headersSent) reply(response, 500, { code: 'ERR_PROVIDER_INTERNAL' });
      else response.end();
    });
  };
}

/** The raw body, or undefined past the size bound. */
async function readBody(request: IncomingMessage): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_REQUEST_BYTES) return undefined;
    chunks.push(chunk);
  }
  return Buffer.concat(chunks);
}
