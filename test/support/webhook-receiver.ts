/**
 * A department's webhook endpoint on loopback, written from `src/webhooks/README.md` alone: it
 * records every request, answers with a status the test chooses per request, and checks deliveries
 * the way a receiver must (v1a signature with the published `whpk_` key, dedupe on webhook-id).
 */
import { createPublicKey, verify } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface ReceivedRequest {
  headers: IncomingHttpHeaders;
  body: string;
  /** The status the receiver answered with. */
  answered?: number;
}

export interface WebhookReceiver {
  url: string;
  received: ReceivedRequest[];
  /** Status to answer the n-th request (0-based); 204 by default. */
  respond: (request: ReceivedRequest, index: number) => number;
  close(): Promise<void>;
}

export async function startWebhookReceiver(): Promise<WebhookReceiver> {
  const receiver: Partial<WebhookReceiver> & { received: ReceivedRequest[] } = { received: [], respond: () => 204 };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const request = { headers: req.headers, body: Buffer.concat(chunks).toString('utf8') };
      const index = receiver.received.push(request) - 1;
      res.statusCode = (receiver as WebhookReceiver).respond(request, index);
      (request as ReceivedRequest).answered = res.statusCode;
      res.end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return Object.assign(receiver, {
    url: `http://127.0.0.1:${port}/hooks/zhengzhao`,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  }) as WebhookReceiver;
}

/** True when some `v1a` entry of the request verifies with the `whpk_` public key. */
export function signatureVerifies(request: ReceivedRequest, publicKey: string): boolean {
  const raw = Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  const signed = Buffer.from(`${request.headers['webhook-id']}.${request.headers['webhook-timestamp']}.${request.body}`);
  return String(request.headers['webhook-signature'] ?? '')
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, signed, key, Buffer.from(entry.slice(4), 'base64')));
}

/**
 * The event ids a receiver that deduplicates on webhook-id acts on, one entry per time it acts: the
 * first copy of each id it accepted with a 2xx.
 */
export function effects(receiver: WebhookReceiver): string[] {
  const acted = new Set<string>();
  const eventIds: string[] = [];
  for (const request of receiver.received) {
    const id = String(request.headers['webhook-id']);
    if ((request.answered ?? 0) >= 300 || (request.answered ?? 0) < 200 || acted.has(id)) continue;
    acted.add(id);
    eventIds.push((JSON.parse(request.body) as { data: { eventId: string } }).data.eventId);
  }
  return eventIds;
}
