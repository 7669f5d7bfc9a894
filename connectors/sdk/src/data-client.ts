/**
 * @module data-client
 * Data sharing for department systems: `serve(code, handler)` answers the hub's requests for one of
 * the department's services — read from the department's Kafka topic, or, with `{via: 'http'}`,
 * POSTed by the hub to `httpListener(…)` mounted at the service's registered endpoint —
 * `request(code, params, purpose)` asks another department's service.
 * Both carry the system's access token (Kafka authenticates nobody; the hub checks the token on
 * every message) and correlate by `message-id`. Requests go over Kafka or HTTP with the same call
 * and the same typed errors: a hub refusal is a `HubRefusalError` with the hub's code.
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { loadConnectorConfig, type ConnectorConfig } from './connector-config.js';
import type { DataAnswer, DataHandler, DataPurpose, DataRequest } from './data-exchange-types.js';
import { answerDataRequest, createDataHttpListener, type DataHttpListener } from './data-http-provider.js';
import { HubRefusalError, HubUnavailableError } from './errors.js';
import { createHttpTransport } from './http-transport.js';
import { createKafka, topicName } from './kafka-client.js';
import { createTokenSource } from './token-source.js';
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
  close(): Promise<void>;
}

interface Waiter {
  resolve(answer: DataAnswer<never>): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function createDataClient(config: ConnectorConfig | string, options: DataClientOptions = {}): DataClient {
  const cfg = typeof config === 'string' ? loadConnectorConfig(config) : config;
  const tokens = createTokenSource({ hub: cfg.hub, department: cfg.department, system: cfg.system, fetch: options.fetch });
  // One attempt: a retried data request would ask the provider again and spend the grant's quota.
  const http = createHttpTransport({ hub: cfg.hub, tokens, fetch: options.fetch, attempts: 1 });
  const handlers = new Map<string, DataHandler<never>>();
  const waiters = new Map<string, Waiter>();
  const providers = new Map<string, Promise<string>>();
  let kafka: Kafka | undefined;
  let producer: Promise<Producer> | undefined;
  let provider: Promise<Consumer> | undefined;
  let answers: Promise<Consumer> | undefined;

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
  const send = async (logical: string, key: string, value: unknown, messageId: string) =>
    (await getProducer()).send({
      topic: topic(logical),
      acks: -1,
      messages: [
        { key, value: JSON.stringify(value), headers: { 'message-id': messageId, authorization: `Bearer ${await tokens.get()}` } },
      ],
    });

  /** One consumer of the department's request topic, shared by every served service. */
  const startProvider = () =>
    (provider ??= retryFreshTopic(async () => {
      const consumer = client().consumer({
        groupId: `${settings().topicPrefix}${settings().clientId}.data-provider`,
        allowAutoTopicCreation: false,
        maxWaitTimeInMs: 100,
      });
      await consumer.connect();
      await consumer
        .subscribe({ topic: topic(`data.${cfg.department}.requests`), fromBeginning: false })
        .catch(async (error: unknown) => Promise.reject(await consumer.disconnect().then(() => error)));
      await consumer.run({
        partitionsConsumedConcurrently: 3,
        eachMessage: async ({ message, partition }) => {
          if (!message.value) return;
          const request = JSON.parse(message.value.toString('utf8')) as DataRequest<never>;
          const handler = handlers.get(request.service);
          if (!handler || Date.parse(request.deadline) < Date.now()) return; // not ours, or nobody waits any more
          const answer = await answerDataRequest(handler, request, { via: 'kafka', partition, offset: message.offset });
          await send('data.responses', cfg.department, { exchangeId: request.exchangeId, ...answer }, request.exchangeId);
        },
      });
      return consumer;
    }).catch((error: unknown) => {
      provider = undefined; // the next serve tries again
      throw error;
    }));

  /** The department's answer topic, read by a group of this client's own from its current end. */
  const startAnswers = () =>
    (answers ??= retryFreshTopic(async () => {
      const responses = topic(`data.${cfg.department}.responses`);
      const groupId = `${settings().topicPrefix}${settings().clientId}.data-answers.${randomUUID()}`;
      const admin = client().admin();
      await admin.connect();
      try {
        const ends = await admin.fetchTopicOffsets(responses);
        await admin.setOffsets({ groupId, topic: responses, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
      } finally {
        await admin.disconnect();
      }
      const consumer = client().consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
      await consumer.connect();
      await consumer
        .subscribe({ topic: responses })
        .catch(async (error: unknown) => Promise.reject(await consumer.disconnect().then(() => error)));
      await consumer.run({
        eachMessage: async ({ message }) => {
          const id = message.headers?.['message-id']?.toString();
          const waiter = id === undefined ? undefined : waiters.get(id);
          if (!waiter || !message.value) return;
          waiters.delete(id as string);
          clearTimeout(waiter.timer);
          const body = JSON.parse(message.value.toString('utf8')) as
            { ok: true; exchangeId: string; service: string; data: never } | { ok: false; error: { code: string; detail: string } };
          if (body.ok) waiter.resolve({ exchangeId: body.exchangeId, service: body.service, data: body.data });
          else waiter.reject(new HubRefusalError(body.error.code, body.error.detail, undefined));
        },
      });
      return consumer;
    }).catch((error: unknown) => {
      answers = undefined;
      throw error;
    }));

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
    const [key] = await Promise.all([providerOf(code), startAnswers()]);
    const requestId = randomUUID();
    const answer = new Promise<DataAnswer<D>>((resolve, reject) => {
      const timer = setTimeout(() => {
        waiters.delete(requestId);
        reject(new HubUnavailableError(`数据请求 ${requestId} 未收到枢纽答复（data.${cfg.department}.responses）`));
      }, options.answerTimeoutMs ?? 60_000);
      waiters.set(requestId, { resolve: resolve as (a: DataAnswer<never>) => void, reject, timer });
    });
    // The answer may come before the send resolves: mark it handled so an early refusal is not "unhandled".
    answer.catch(() => undefined);
    try {
      await send('data.requests', key, { service: code, params, purpose }, requestId);
    } catch (error) {
      const waiter = waiters.get(requestId);
      waiters.delete(requestId);
      if (waiter) clearTimeout(waiter.timer);
      throw new HubUnavailableError('the data request could not be sent to Kafka', error);
    }
    return answer;
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
    async close() {
      for (const [id, waiter] of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new HubUnavailableError(`the data client closed before request ${id} was answered`));
      }
      waiters.clear();
      const started = [provider, answers, producer].filter((p): p is Promise<Consumer> | Promise<Producer> => p !== undefined);
      await Promise.all(started.map(async (p) => (await p.catch(() => undefined))?.disconnect()));
    },
  };
}

/**
 * A department's topics are made by the hub moments before a system first uses them, and a KRaft
 * broker may still answer UNKNOWN_TOPIC_OR_PARTITION for a second (kafkajs does not retry that).
 */
async function retryFreshTopic<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const type = (error as { type?: string; cause?: { type?: string } }).type ?? (error as { cause?: { type?: string } }).cause?.type;
      if (attempt >= 8 || type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
