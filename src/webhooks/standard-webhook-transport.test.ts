import { createServer, type RequestListener, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { FileSigner } from '../pki/keys/file-signer.js';
import { createStandardWebhookSigner } from './standard-webhook-signature.js';
import { createStandardWebhookTransport } from './standard-webhook-transport.js';

const servers: Server[] = [];
async function serve(listener: RequestListener): Promise<string> {
  const server = createServer(listener);
  servers.push(server);
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}/hook`;
}
afterEach(async () => {
  for (const server of servers.splice(0)) {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }
});

describe('Standard Webhooks transport', () => {
  const signer = createStandardWebhookSigner(FileSigner.generate('EdDSA'));
  // Generous for answers that come (a loaded machine is slow), short where the timeout is the point.
  const transport = createStandardWebhookTransport({ signer, timeoutMs: 20_000 });
  const impatient = createStandardWebhookTransport({ signer, timeoutMs: 300 });
  const send = (url: string, signal = new AbortController().signal, via = transport) =>
    via.send({ url, webhookId: 'd-1', body: '{"type":"license.issued"}', at: new Date(), signal });

  it('POSTs the body as JSON with the three webhook headers, and counts a 2xx as delivered', async () => {
    let seen: { method?: string; headers?: Record<string, unknown>; body?: string } = {};
    const url = await serve((req, res) => {
      let body = '';
      req.on('data', (chunk) => (body += chunk));
      req.on('end', () => {
        seen = { method: req.method, headers: req.headers, body };
        res.writeHead(202).end('thanks');
      });
    });
    expect(await send(url)).toMatchObject({ ok: true, status: 202, error: undefined });
    expect(seen.method).toBe('POST');
    expect(seen.body).toBe('{"type":"license.issued"}');
    expect(seen.headers).toMatchObject({ 'content-type': 'application/json', 'webhook-id': 'd-1' });
    expect(seen.headers?.['webhook-signature']).toMatch(/^v1a,/);
  });

  it('does not follow a redirect: it is a failure, and the other place is never called', async () => {
    let elsewhere = 0;
    const other = await serve((_req, res) => void (elsewhere++, res.end()));
    const url = await serve((_req, res) => res.writeHead(307, { location: other }).end());
    expect(await send(url)).toMatchObject({ ok: false, status: 307, error: 'the endpoint answered HTTP 307' });
    expect(elsewhere).toBe(0);
  });

  it('gives up on an endpoint that does not answer within the timeout', async () => {
    const url = await serve(() => undefined);
    const response = await send(url, undefined, impatient);
    expect(response).toMatchObject({ ok: false, status: undefined, error: 'no answer within 300 ms' });
    expect(response.durationMs).toBeGreaterThanOrEqual(250);
  });

  it('names a refused connection without internals', async () => {
    const url = await serve(() => undefined);
    await new Promise((resolve) => servers.pop()?.close(resolve));
    expect(await send(url)).toMatchObject({ ok: false, error: 'the endpoint could not be reached (ECONNREFUSED)' });
  });

  it('stops at once when the hub stops, long before the timeout', async () => {
    const patient = createStandardWebhookTransport({
      signer: createStandardWebhookSigner(FileSigner.generate('EdDSA')),
      timeoutMs: 60_000,
    });
    const url = await serve(() => undefined);
    const stopping = new AbortController();
    const sent = patient.send({ url, webhookId: 'd-1', body: '{}', at: new Date(), signal: stopping.signal });
    stopping.abort();
    const response = await sent;
    expect(response).toMatchObject({ ok: false, status: undefined });
    expect(response.error).not.toContain('no answer within');
    expect(response.durationMs).toBeLessThan(10_000);
  });
});
