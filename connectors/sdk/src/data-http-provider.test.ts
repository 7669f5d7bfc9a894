import { generateKeyPairSync, sign } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createDataHttpListener } from './data-http-provider.js';
import { DataRefusal, type DataRequest } from './data-exchange-types.js';

const hub = generateKeyPairSync('ed25519');
const stranger = generateKeyPairSync('ed25519');
const whpk = `whpk_${hub.publicKey.export({ type: 'spki', format: 'der' }).subarray(12).toString('base64')}`;

const request = (exchangeId: string, service = 'household-verification'): DataRequest => ({
  exchangeId,
  service,
  consumer: '11431322006123480N',
  purpose: { caseNo: 'XH-1', serviceItem: 'ITEM' },
  params: { idNumber: '431322199203150030' },
  deadline: new Date(Date.now() + 5_000).toISOString(),
});

describe('data provider over HTTP (the hub POSTs signed requests)', () => {
  let server: Server;
  let url: string;
  const asked: DataRequest[] = [];

  beforeAll(async () => {
    const listener = createDataHttpListener(
      (service) =>
        service === 'household-verification'
          ? async (r: DataRequest<never>) => {
              asked.push(r);
              if (r.exchangeId === 'refuse') throw new DataRefusal('ERR_NO_SUCH_PERSON', '查无此人');
              return { match: true };
            }
          : undefined,
      { publicKey: whpk },
    );
    server = createServer(listener);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/data`;
  });
  afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

  const post = async (body: string, id: string, key = hub.privateKey, at = Math.floor(Date.now() / 1000)) => {
    const signature = sign(null, Buffer.from(`${id}.${at}.${body}`), key).toString('base64');
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'webhook-id': id, 'webhook-timestamp': String(at), 'webhook-signature': `v1a,${signature}` },
      body,
    });
    return { status: response.status, body: (await response.json()) as Record<string, unknown> };
  };

  it('answers a request the hub signed with the handler answer, and a refusal with its code', async () => {
    expect(await post(JSON.stringify(request('ex-1')), 'ex-1')).toEqual({ status: 200, body: { ok: true, data: { match: true } } });
    expect(asked.at(-1)).toMatchObject({ exchangeId: 'ex-1', consumer: '11431322006123480N', purpose: { caseNo: 'XH-1' } });
    expect(await post(JSON.stringify(request('refuse')), 'refuse')).toEqual({
      status: 200,
      body: { ok: false, error: { code: 'ERR_NO_SUCH_PERSON', detail: '查无此人' } },
    });
  });

  it('refuses, before running the handler, what the hub did not sign, a replay, an old timestamp and a mismatched id', async () => {
    const before = asked.length;
    expect((await post(JSON.stringify(request('ex-2')), 'ex-2', stranger.privateKey)).body).toEqual({ code: 'ERR_WEBHOOK_SIGNATURE' });
    expect((await post(JSON.stringify(request('ex-3')), 'ex-3', hub.privateKey, Math.floor(Date.now() / 1000) - 3_600)).status).toBe(401);
    expect((await post(JSON.stringify(request('ex-4')), 'ex-other')).body).toEqual({ code: 'ERR_EXCHANGE_ID' });
    expect(asked.length).toBe(before);
    expect((await post(JSON.stringify(request('ex-5')), 'ex-5')).status).toBe(200);
    expect(await post(JSON.stringify(request('ex-5')), 'ex-5')).toEqual({ status: 409, body: { code: 'ERR_REPLAYED' } });
    expect((await post(JSON.stringify(request('ex-6', 'marriage-verification')), 'ex-6')).status).toBe(404);
  });

  it('refuses a key that is not an Ed25519 public key when it is built, not on the first request', () => {
    expect(() => createDataHttpListener(() => undefined, { publicKey: 'whpk_c2hvcnQ=' })).toThrow(TypeError);
  });
});
