/**
 * @module data-client
 * Data sharing for department systems: `serve(code, handler)` answers the hub's requests for one of
 * the department's services — read from the department's Kafka topic, or, with `{via: 'http'}`,
 * POSTed by the hub to `httpListener(…)` mounted at the service's registered endpoint —
 * `request(code, params, purpose)` asks another department's service, and `verify(…)` checks licences
 * (one, or a batch for one case) over the same bus.
 * Both carry the system's access token (Kafka authenticates nobody; the hub checks the token on
 * every message) and correlate by `message-id`. Requests go over Kafka or HTTP with the same call
 * and the same typed errors: a hub refusal is a `HubRefusalError` with the hub's code.
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Consumer, type Kafka, type KafkaMessage, type Producer } from 'kafkajs';
import { loadConnectorConfig, type ConnectorConfig } from './connector-config.js';
import type { DataAnswer, DataHandler, DataPurpose, DataRequest } from './data-exchange-types.js';
import { answerDataRequest, createDataHttpListener, type DataHttpListener } from './data-http-provider.js';
import { HubRefusalError, HubUnavailableError } from './errors.js';
import { createHttpTransport } from './http-transport.js';
import { createKafka, topicName } from './kafka-client.js';
import { createTokenSource } from './token-source.js';
import { startGroupAtEnd } from './group-start.js';
import { createAnswerListener, retryFreshTopic, type AnswerListener } from './answer-listener.js';
import { runWithIntervalCommits, type IntervalCommits } from './interval-commits.js';
import { createProduceCoalescer } from './produce-coalescer.js';

/** Requests are committed once a second, not after every small batch; a crash repeats at most that (answers are idempotent for the hub). */
const COMMIT_INTERVAL_MS = 1_000;

/** Broker answers about what a request carries: the one caller whose message it was hears of it. */
const BROKER_REFUSALS = new Set(['MESSAGE_TOO_LARGE', 'RECORD_LIST_TOO_LARGE', 'INVALID_RECORD']);
const brokerErrorType = (error: unknown): string => {
  let root = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  return String((root as { type?: unknown } | undefined)?.type);
};
import type { VerificationAnswer, VerifyBatchRequest, VerifyBatchAnswer, VerifyRequest } from './hub-types.js';
import type { WebhookReceiverOptions } from './webhook-receiver.js';

export type DataTransport = 'http' | 'kafka';

export interface DataClientOptions {
  /** Transport of `request` (default `kafka` when the config has it, else `http`). */
  via?: DataTransport;
  /** Kafka: give up on an answer after this long (default 60 s; the hub answers a timeout itself sooner). */
  answerTimeoutMs?: number;
  fetch?: typeof fetch;
}

export interface Serving {
  stop(): Promise<void>;
}

export interface DataClient {
  /** Kafka (default): reads `data.<department>.requests`. HTTP: answered by `httpListener`, nothing to connect. */
  serve<P = unknown>(code: string, handler: DataHandler<P>, options?: { via?: DataTransport }): Promise<Serving>;
  /**
   * The Node HTTP listener a provider without Kafka mounts at its registered endpoint: it verifies
   * the hub's signature with the hub's webhook key (`GET /v1/webhooks/signing-key`, pinned) and
   * answers with the handler `serve(code, handler, {via: 'http'})` registered.
   */
  httpListener(options: WebhookReceiverOptions): DataHttpListener;
  request<D = Record<string, unknown>>(
    code: string,
    params: unknown,
    purpose: DataPurpose,
    options?: { via?: DataTransport },
  ): Promise<DataAnswer<D>>;
  /**
   * Verifies like `POST /v1/verifications` (one licence) or `…/batch` (up to 100 for one case, one
   * receipt); over Kafka the answer comes on the department's own `verifications.<uscc>.results`.
   */
  verify(request: VerifyRequest, options?: { via?: DataTransport }): Promise<VerificationAnswer>;
  verify(request: VerifyBatchRequest, options?: { via?: DataTransport }): Promise<VerifyBatchAnswer>;
  close(): Promise<void>;
}

/** The hub writes these; anything unreadable on the topic is nobody's request and is passed over. */
function readRequest(message: KafkaMessage): DataRequest<never> | undefined {
  try {
    const request = JSON.parse(message.value?.toString('utf8') ?? '') as DataRequest<never> | null;
    return typeof request?.exchangeId === 'string' && typeof request.service === 'string' ? request : undefined;
  } catch {
    return undefined;
  }
}

export function createDataClient(config: ConnectorConfig | string, options: DataClientOptions = {}): DataClient {
  const cfg = typeof config === 'string' ? loadConnectorConfig(config) : config;
  const tokens = createTokenSource({ hub: cfg.hub, department: cfg.department, system: cfg.system, fetch: options.fetch });
  // One attempt: a retried data request would ask the provider again and spend the grant's quota.
  const http = createHttpTransport({ hub: cfg.hub, tokens, fetch: options.fetch, attempts: 1 });
  const handlers = new Map<string, DataHandler<never>>();
  const listeners = new Map<string, AnswerListener>();
  const providers = new Map<string, Promise<string>>();
  let kafka: Kafka | undefined;
  let producer: Promise<Producer> | undefined;
  let provider: Promise<Consumer> | undefined;
  let providerCommits: Pick<IntervalCommits, 'flush'> | undefined;

  const settings = () => {
    if (!cfg.kafka) throw new TypeError(`${cfg.file}: the data exchange over Kafka needs "kafka" in the config`);
    return cfg.kafka;
  };
  const client = () => (kafka ??= createKafka(settings()));
  const topic = (logical: string) => topicName(settings(), logical);
  const getProducer = () =>
    (producer ??= (async () => {
      const p = client().producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
      await p.connect();
      return p;
    })());
  // Requests and answers of many callers share produce requests (produce-coalescer.ts).
  const produce = createProduceCoalescer(
    async (topicMessages) => void (await (await getProducer()).sendBatch({ topicMessages, acks: -1 })),
    {
      refusesContent: (error) => BROKER_REFUSALS.has(brokerErrorType(error)),
    },
  );
  const send = async (logical: string, key: string, value: unknown, messageId: string) =>
    produce({
      topic: topic(logical),
      messages: [
        { key, value: JSON.stringify(value), headers: { 'message-id': messageId, authorization: `Bearer ${await tokens.get()}` } },
      ],
    });

  /** One consumer of the department's request topic, shared by every served service. */
  const startProvider = () =>
    (provider ??= retryFreshTopic(async () => {
      const groupId = `${settings().topicPrefix}${settings().clientId}.data-provider`;
      const requests = topic(`data.${cfg.department}.requests`);
      // A request sent the moment serve() resolves must not fall before the group's first fetch.
      await startGroupAtEnd(client(), groupId, requests);
      const consumer = client().consumer({
        groupId,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 100,
      });
      await consumer.connect();
      await consumer
        .subscribe({ topic: requests, fromBeginning: false })
        .catch(async (error: unknown) => Promise.reject(await consumer.disconnect().then(() => error)));
      const answerOne = async (message: KafkaMessage, partition: number) => {
        const request = readRequest(message);
        const handler = request && handlers.get(request.service);
        if (!request || !handler || Date.parse(request.deadline) < Date.now()) return; // not ours, or nobody waits any more
        const answer = await answerDataRequest(handler, request, { via: 'kafka', partition, offset: message.offset });
        await send('data.responses', cfg.department, { exchangeId: request.exchangeId, ...answer }, request.exchangeId);
      };
      providerCommits = await runWithIntervalCommits(consumer, requests, {
        intervalMs: COMMIT_INTERVAL_MS,
        partitionsConsumedConcurrently: 3,
        // A batch's requests are answered at once, not one after another: each waits on its
        // handler and its send, and a partition would otherwise serve one request per round trip.
        eachBatch: async (batch) => void (await Promise.all(batch.messages.map((message) => answerOne(message, batch.partition)))),
      });
      return consumer;
    }).catch((error: unknown) => {
      provider = undefined; // the next serve tries again
      throw error;
    }));

  /** The department's own answer topics, each read from its current end by a group of this client's own. */
  const answerTopic = (logical: string) => {
    let listener = listeners.get(logical);
    if (!listener) {
      listener = createAnswerListener(client, topic(logical), `${settings().topicPrefix}${settings().clientId}.answers`);
      listeners.set(logical, listener);
    }
    return listener;
  };
  const dataAnswers = () => answerTopic(`data.${cfg.department}.responses`);
  const verificationResults = () => answerTopic(`verifications.${cfg.department}.results`);

  /** Sends one request and waits for the hub's answer on the department's topic, under the same id. */
  async function exchange(listener: AnswerListener, logical: string, key: string, value: unknown, id: string): Promise<string> {
    const answer = listener.expect(id, options.answerTimeoutMs ?? 60_000, `请求 ${id} 未收到枢纽答复`);
    try {
      await send(logical, key, value, id);
    } catch (error) {
      listener.forget(id);
      throw new HubUnavailableError('the request could not be sent to Kafka', error);
    }
    return answer;
  }

  /** The provider of a service is the key of `data.requests` (one lookup per service). */
  const providerOf = (code: string) => {
    let found = providers.get(code);
    if (!found) {
      found = http
        .request({ method: 'GET', path: `/v1/data/services/${encodeURIComponent(code)}` })
        .then((a) => (a.body as { provider: string }).provider);
      found.catch(() => providers.delete(code));
      providers.set(code, found);
    }
    return found;
  };

  async function requestKafka<D>(code: string, params: unknown, purpose: DataPurpose): Promise<DataAnswer<D>> {
    const [key] = await Promise.all([providerOf(code), dataAnswers().start()]);
    const body = JSON.parse(await exchange(dataAnswers(), 'data.requests', key, { service: code, params, purpose }, randomUUID())) as
      { ok: true; exchangeId: string; service: string; data: D } | { ok: false; error: { code: string; detail: string } };
    if (!body.ok) throw new HubRefusalError(body.error.code, body.error.detail, undefined);
    return { exchangeId: body.exchangeId, service: body.service, data: body.data };
  }

  async function verifyKafka(request: VerifyRequest | VerifyBatchRequest): Promise<unknown> {
    await verificationResults().start();
    const body = JSON.parse(await exchange(verificationResults(), 'verifications.requests', cfg.department, request, randomUUID())) as
      { ok: true; answer: unknown } | { ok: false; error: { code: string; detail: string } };
    if (!body.ok) throw new HubRefusalError(body.error.code, body.error.detail, undefined);
    return body.answer;
  }

  return {
    async serve(code, handler, serveOptions = {}) {
      handlers.set(code, handler as DataHandler<never>);
      if ((serveOptions.via ?? 'kafka') === 'kafka') await startProvider();
      return { stop: async () => void handlers.delete(code) };
    },
    httpListener: (listenerOptions) => createDataHttpListener((code) => handlers.get(code), listenerOptions),
    async request<D>(code: string, params: unknown, purpose: DataPurpose, requestOptions: { via?: DataTransport } = {}) {
      const via = requestOptions.via ?? options.via ?? (cfg.kafka ? 'kafka' : 'http');
      if (via === 'kafka') return requestKafka<D>(code, params, purpose);
      const answer = await http.request({
        method: 'POST',
        path: `/v1/data/${encodeURIComponent(code)}/requests`,
        body: { params, purpose },
      });
      return answer.body as DataAnswer<D>;
    },
    async verify(request: VerifyRequest | VerifyBatchRequest, verifyOptions: { via?: DataTransport } = {}) {
      const via = verifyOptions.via ?? options.via ?? (cfg.kafka ? 'kafka' : 'http');
      if (via === 'kafka') return verifyKafka(request) as never;
      const path = 'items' in request ? '/v1/verifications/batch' : '/v1/verifications';
      return (await http.request({ method: 'POST', path, body: request })).body as never;
    },
    async close() {
      await Promise.all([...listeners.values()].map((listener) => listener.close()));
      await providerCommits?.flush().catch(() => undefined);
      const started = [provider, producer].filter((p): p is Promise<Consumer> | Promise<Producer> => p !== undefined);
      await Promise.all(started.map(async (p) => (await p.catch(() => undefined))?.disconnect()));
    },
  };
}
