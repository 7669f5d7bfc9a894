import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { createDataExchange, type DataExchangeDeps } from './data-exchange.js';
import type { DataService } from './data-service.js';
import type { KeptExchange } from './exchange-bodies.js';
import type { DataRequestMessage, ProviderRequestMessage } from './exchange-messages.js';
import type { EndpointOutcome } from '../ports/provider-endpoint.js';
import { createPendingExchanges } from './pending-exchanges.js';
import { createProviderHealth } from './provider-health.js';

const CONSUMER: Principal = { actor: 'system:C', role: 'system', department: 'CONSUMER' };
const service = (sharingClass: DataService['sharingClass']): DataService => ({
  code: 'svc',
  name: '测试服务',
  description: '',
  provider: 'PROVIDER',
  sharingClass,
  requestSchema: 'req',
  responseSchema: 'res',
  fields: [
    { name: 'a', personal: false },
    { name: 'b', personal: true },
  ],
  legalBasis: '',
  timeoutMs: 1_000,
  createdAt: new Date(0),
  updatedAt: new Date(0),
});

/** An exchange whose provider answers `answer` at once (through the pending map, as the bus would). */
function exchangeWith(svc: DataService, answer: unknown, more: Partial<DataExchangeDeps> = {}) {
  const pending = createPendingExchanges();
  const log: AuditEntry[] = [];
  const exchange = createDataExchange({
    approvedGrants: async () => [],
    quota: { admit: async () => true },
    contracts: {
      validate: (id, value) => (id === 'res' && typeof (value as { a?: unknown }).a !== 'string' ? [{ pointer: '/a', detail: 'x' }] : []),
    },
    findService: async (code) => (code === svc.code ? svc : undefined),
    publish: async (_topic, messages) => {
      const request = JSON.parse(String(messages[0]?.value)) as ProviderRequestMessage;
      pending.settle({ exchangeId: request.exchangeId, ...(answer as object) } as never, 'PROVIDER');
    },
    endpoint: { post: async () => ({ kind: 'answered', body: JSON.stringify(answer) }) },
    pending,
    health: createProviderHealth({ unavailableAfter: 3, coolDownMs: 1_000, now: Date.now }),
    bodies: { keep: async () => undefined },
    record: async (entry) => void log.push(entry),
    digest: (text) => `digest(${text.length})`,
    observe: () => undefined,
    listening: () => true,
    maxTimeoutMs: 5_000,
    maxInFlight: 100,
    newId: () => 'x-1',
    now: () => new Date(),
    ...more,
  });
  return { exchange, log };
}

const ask = { service: 'svc', params: { idNumber: '431322199203150030' }, purpose: { caseNo: 'C-1' } };

describe('data exchange', () => {
  it('answers an unconditional service with every field and logs digests, never the parameters', async () => {
    const { exchange, log } = exchangeWith(service('unconditional'), { ok: true, data: { a: 'x', b: 'y' } });
    expect(await exchange.request(CONSUMER, ask, 'http')).toEqual({ exchangeId: 'x-1', service: 'svc', data: { a: 'x', b: 'y' } });
    expect(log[0]).toMatchObject({
      action: 'data.exchange',
      result: 'ok',
      purpose: { caseNo: 'C-1' },
      details: { requestDigest: expect.any(String) },
    });
    expect(JSON.stringify(log)).not.toContain('431322199203150030');
  });

  it('refuses a 不予共享 service, a caller that is not a system, and a request without a case number, each logged with its code', async () => {
    const notShared = exchangeWith(service('not-shared'), {});
    await expect(notShared.exchange.request(CONSUMER, ask, 'kafka')).rejects.toMatchObject({ code: 'ERR_DATA_NOT_SHARED' });
    expect(notShared.log[0]?.result).toBe('ERR_DATA_NOT_SHARED');
    const open = exchangeWith(service('unconditional'), {});
    await expect(open.exchange.request({ ...CONSUMER, role: 'clerk' }, ask, 'http')).rejects.toMatchObject({ code: 'ERR_FORBIDDEN' });
    await expect(open.exchange.request(CONSUMER, { ...ask, purpose: {} }, 'http')).rejects.toMatchObject({
      code: 'ERR_DATA_PURPOSE_MISSING',
    });
  });

  it('a conditional service without an approved grant is refused before anything reaches the provider', async () => {
    const { exchange } = exchangeWith(service('conditional'), { ok: true, data: { a: 'x' } });
    await expect(exchange.request(CONSUMER, { ...ask, purpose: { caseNo: 'C', serviceItem: 'I' } }, 'http')).rejects.toMatchObject({
      code: 'ERR_DATA_NO_GRANT',
    });
  });

  it('reports an answer outside the response contract as malformed, and a refusal with the provider code', async () => {
    const malformed = exchangeWith(service('unconditional'), { ok: true, data: { a: 1 } });
    await expect(malformed.exchange.request(CONSUMER, ask, 'http')).rejects.toMatchObject({ code: 'ERR_DATA_MALFORMED_ANSWER' });
    const garbage = exchangeWith(service('unconditional'), { nonsense: true });
    await expect(garbage.exchange.request(CONSUMER, ask, 'http')).rejects.toMatchObject({ code: 'ERR_DATA_MALFORMED_ANSWER' });
    const refused = exchangeWith(service('unconditional'), { ok: false, error: { code: 'ERR_NO_SUCH_PERSON', detail: '查无此人' } });
    await expect(refused.exchange.request(CONSUMER, ask, 'http')).rejects.toMatchObject({
      code: 'ERR_DATA_PROVIDER_REFUSED',
      extra: { providerCode: 'ERR_NO_SUCH_PERSON' },
    });
  });

  it('asks a provider without Kafka at its endpoint, with the same checks on the answer', async () => {
    const posted: { url: string; id: string; body: string; timeoutMs: number }[] = [];
    const https = (outcome: EndpointOutcome) =>
      exchangeWith({ ...service('unconditional'), endpoint: 'https://psb.example/data' }, undefined, {
        endpoint: { post: async (url, id, body, timeoutMs) => (posted.push({ url, id, body, timeoutMs }), outcome) },
        publish: async () => expect.unreachable('nothing goes to Kafka'),
      }).exchange;
    const ok = https({ kind: 'answered', body: JSON.stringify({ ok: true, data: { a: 'x', b: 'y', extra: 1 } }) });
    expect((await ok.request(CONSUMER, ask, 'http')).data).toEqual({ a: 'x', b: 'y' });
    expect(posted[0]).toMatchObject({ url: 'https://psb.example/data', id: 'x-1', timeoutMs: 1_000 });
    expect(JSON.parse(posted[0]?.body ?? '')).toMatchObject({
      exchangeId: 'x-1',
      service: 'svc',
      consumer: 'CONSUMER',
      params: ask.params,
    });

    const code = (outcome: EndpointOutcome) =>
      https(outcome)
        .request(CONSUMER, ask, 'http')
        .catch((e: { code: string }) => e.code);
    expect(await code({ kind: 'timeout' })).toBe('ERR_DATA_TIMEOUT');
    expect(await code({ kind: 'down', detail: 'ECONNREFUSED' })).toBe('ERR_DATA_PROVIDER_UNREACHABLE');
    expect(await code({ kind: 'answered', body: '<html>' })).toBe('ERR_DATA_MALFORMED_ANSWER');
    expect(await code({ kind: 'answered', body: '', tooLarge: true })).toBe('ERR_DATA_MALFORMED_ANSWER');
  });

  it('refuses with ERR_DATA_BUSY once the instance holds its bound of requests, and takes more as they end', async () => {
    const gate: { release?: (() => void) | undefined } = {};
    /** Lets the provider answer the request it holds, once it holds one. */
    const answerHeld = async () => {
      await expect.poll(() => gate.release !== undefined).toBe(true);
      const release = gate.release;
      gate.release = undefined;
      release?.();
    };
    const { exchange, log } = exchangeWith(service('unconditional'), undefined, {
      maxInFlight: 1,
      endpoint: {
        post: () =>
          new Promise<EndpointOutcome>((resolve) => {
            gate.release = () => resolve({ kind: 'answered', body: JSON.stringify({ ok: true, data: { a: 'x' } }) });
          }),
      },
      findService: async () => ({ ...service('unconditional'), endpoint: 'https://psb.example/data' }),
    });
    const first = exchange.request(CONSUMER, ask, 'http');
    await expect(exchange.request(CONSUMER, ask, 'http')).rejects.toMatchObject({ code: 'ERR_DATA_BUSY', extra: { retryAfter: 1 } });
    expect(log.map((entry) => entry.result)).toEqual(['ERR_DATA_BUSY']);
    await answerHeld();
    expect((await first).data).toEqual({ a: 'x' });
    const third = exchange.request(CONSUMER, ask, 'http');
    await answerHeld();
    expect((await third).data).toEqual({ a: 'x' });
  });

  describe('kept bodies', () => {
    const kept = (svc: DataService, answer: unknown, more: Partial<DataExchangeDeps> = {}) => {
      const bodies: KeptExchange[] = [];
      const { exchange, log } = exchangeWith(svc, answer, { bodies: { keep: async (b) => void bodies.push(b) }, ...more });
      const run = (message: DataRequestMessage = ask) =>
        exchange.request(CONSUMER, message, 'kafka').then(
          () => 'ok',
          (e: { code: string }) => e.code,
        );
      return { run, bodies, log };
    };
    const retained = { ...service('unconditional'), bodyRetentionDays: 30 };
    const request = JSON.stringify(ask.params);

    it('keeps an answered exchange with the full answer, marked ok, and says so in the message log', async () => {
      const { run, bodies, log } = kept(retained, { ok: true, data: { a: 'x', b: 'y' } });
      expect(await run()).toBe('ok');
      expect(bodies).toEqual([
        { exchangeId: 'x-1', service: retained, consumer: 'CONSUMER', outcome: 'ok', request, response: '{"a":"x","b":"y"}' },
      ]);
      expect(log[0]?.details).toMatchObject({ bodiesKeptDays: 30, responseDigest: 'digest(17)' });
    });

    it('keeps a refusal and a malformed answer with what the provider sent, marked with the code', async () => {
      const refusal = { ok: false, error: { code: 'ERR_NO_SUCH_PERSON', detail: '查无此人' } };
      const refused = kept(retained, refusal);
      expect(await refused.run()).toBe('ERR_DATA_PROVIDER_REFUSED');
      expect(refused.bodies).toEqual([
        expect.objectContaining({ outcome: 'ERR_DATA_PROVIDER_REFUSED', request, response: JSON.stringify(refusal) }),
      ]);
      expect(refused.log[0]?.details).toMatchObject({ bodiesKeptDays: 30, responseDigest: expect.any(String) });
      const malformed = kept(retained, { ok: true, data: { a: 1 } });
      expect(await malformed.run()).toBe('ERR_DATA_MALFORMED_ANSWER');
      expect(malformed.bodies).toEqual([expect.objectContaining({ outcome: 'ERR_DATA_MALFORMED_ANSWER', response: '{"a":1}' })]);
      // Text that is no JSON object is no answer body to keep: the request alone is.
      const https = { ...retained, endpoint: 'https://psb.example/data' };
      const html = kept(https, undefined, { endpoint: { post: async () => ({ kind: 'answered', body: '<html>维护中</html>' }) } });
      expect(await html.run()).toBe('ERR_DATA_MALFORMED_ANSWER');
      expect(html.bodies).toEqual([expect.objectContaining({ outcome: 'ERR_DATA_MALFORMED_ANSWER', request, response: undefined })]);
    });

    it('keeps the request alone when no answer arrived: a timeout, an unreachable endpoint', async () => {
      for (const [outcome, code] of [
        [{ kind: 'timeout' }, 'ERR_DATA_TIMEOUT'],
        [{ kind: 'down', detail: 'ECONNREFUSED' }, 'ERR_DATA_PROVIDER_UNREACHABLE'],
      ] as const) {
        const https = kept({ ...retained, endpoint: 'https://psb.example/data' }, undefined, { endpoint: { post: async () => outcome } });
        expect(await https.run()).toBe(code);
        expect(https.bodies).toEqual([
          { exchangeId: 'x-1', service: expect.anything(), consumer: 'CONSUMER', outcome: code, request, response: undefined },
        ]);
        expect(https.log[0]?.details).toMatchObject({ bodiesKeptDays: 30, responseDigest: undefined });
      }
    });

    it('keeps nothing of a request the hub refused before routing it', async () => {
      const { run, bodies, log } = kept(
        retained,
        { ok: true, data: { a: 'x' } },
        {
          contracts: { validate: (id) => (id === 'req' ? [{ pointer: '/idNumber', detail: 'x' }] : []) },
        },
      );
      expect(await run()).toBe('ERR_VALIDATION');
      expect(await run({ ...ask, purpose: {} })).toBe('ERR_DATA_PURPOSE_MISSING');
      expect(bodies).toEqual([]);
      expect(log.map((e) => e.details?.bodiesKeptDays)).toEqual([undefined, undefined]);
    });

    it('a failure to keep the bodies of a failed exchange still answers with why it failed, and the log says none were kept', async () => {
      const { run, log } = kept(
        retained,
        { ok: false, error: { code: 'ERR_NO_SUCH_PERSON' } },
        {
          bodies: { keep: async () => Promise.reject(new Error('database gone')) },
        },
      );
      expect(await run()).toBe('ERR_DATA_PROVIDER_REFUSED');
      expect(log[0]).toMatchObject({ result: 'ERR_DATA_PROVIDER_REFUSED', details: { bodiesKeptDays: undefined } });
    });
  });
});
