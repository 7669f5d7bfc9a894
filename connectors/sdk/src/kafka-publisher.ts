/**
 * @module kafka-publisher
 * Submitting sealed licences over Kafka the way the hub expects (DESIGN §3): value = compact JWS,
 * key = the issuer's credit code, header `message-id`; the answer is correlated on
 * `licenses.results` by that id. Submissions are batched into few produce requests (bulk import
 * sends thousands a second). When no answer comes in time the *same* message — same id, same JWS
 * — is sent again: the hub dedupes by digest, so a resend can never create a second licence.
 *
 * The results consumer gets a group of its own whose offsets are set to the topic's end before it
 * joins, so no answer produced after `start()` can slip past it and none from before is replayed.
 * The group is deleted on close.
 */
import { randomUUID } from 'node:crypto';
import { Partitioners, type Admin, type Consumer, type Kafka, type Producer } from 'kafkajs';
import { HubRefusalError, HubUnavailableError } from './errors.js';
import { createKafka, topicName, type KafkaSettings } from './kafka-client.js';

export interface SubmitResult {
  messageId: string;
  ok: boolean;
  licenseId?: string;
  error?: { code: string; detail: string };
}

export interface KafkaPublisher {
  /** The compact JWS, as a string or as its ASCII bytes. */
  submit(jws: string | Buffer, messageId?: string): Promise<SubmitResult>;
  close(): Promise<void>;
}

export interface KafkaPublisherOptions extends KafkaSettings {
  department: string;
  /** Resend when no answer arrived within this time (default 30 s). */
  resendAfterMs?: number;
  /** Give up after this many sends of one message (default 10). */
  maxSends?: number;
  /** Messages per produce request (default 1000). */
  batchSize?: number;
  /**
   * Bytes of values per produce request (default 256 KiB: under the broker's 1 MB batch limit, and
   * small enough that the client's encoding buffers, several times the request, stay small too).
   */
  maxBatchBytes?: number;
}

interface Pending {
  jws: string | Buffer;
  sentAt: number;
  sends: number;
  resolve(result: SubmitResult): void;
  reject(error: Error): void;
  lastError?: Error;
}

export function createKafkaPublisher(options: KafkaPublisherOptions): KafkaPublisher {
  const kafka: Kafka = createKafka(options);
  const submitTopic = topicName(options, 'licenses.submit');
  const resultsTopic = topicName(options, 'licenses.results');
  const resendAfterMs = options.resendAfterMs ?? 30_000;
  const maxSends = options.maxSends ?? 10;
  const batchSize = options.batchSize ?? 1000;
  const maxBatchBytes = options.maxBatchBytes ?? 256 * 1024;
  const pending = new Map<string, Pending>();
  const queue: string[] = [];
  let started: Promise<{ producer: Producer; consumer: Consumer; admin: Admin; groupId: string }> | undefined;
  let flushing: Promise<void> | undefined;
  let sweeper: NodeJS.Timeout | undefined;
  let closed = false;

  async function start() {
    const admin = kafka.admin();
    await admin.connect();
    const groupId = `${options.clientId}.results.${randomUUID()}`;
    const ends = await admin.fetchTopicOffsets(resultsTopic);
    await admin.setOffsets({ groupId, topic: resultsTopic, partitions: ends.map((p) => ({ partition: p.partition, offset: p.high })) });
    const producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
    // A short fetch wait: answers are awaited by callers, a broker-side 5 s default would be felt.
    const consumer = kafka.consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await Promise.all([producer.connect(), consumer.connect()]);
    await consumer.subscribe({ topic: resultsTopic });
    await consumer.run({
      eachBatchAutoResolve: true,
      eachBatch: async ({ batch }) => {
        for (const message of batch.messages) {
          const id = message.headers?.['message-id']?.toString();
          const entry = id === undefined ? undefined : pending.get(id);
          if (!entry || !message.value) continue;
          pending.delete(id as string);
          entry.resolve(JSON.parse(message.value.toString('utf8')) as SubmitResult);
        }
      },
    });
    sweeper = setInterval(sweep, Math.min(1000, resendAfterMs)).unref();
    return { producer, consumer, admin, groupId };
  }

  function sweep(): void {
    const now = Date.now();
    for (const [id, entry] of pending) {
      if (entry.sentAt === 0 || now - entry.sentAt < resendAfterMs) continue;
      if (entry.sends >= maxSends) {
        pending.delete(id);
        entry.reject(new HubUnavailableError(`消息 ${id} 发送 ${entry.sends} 次仍未收到枢纽答复（licenses.results）`, entry.lastError));
        continue;
      }
      entry.sentAt = 0;
      queue.push(id);
    }
    if (queue.length > 0) scheduleFlush();
  }

  function scheduleFlush(): void {
    flushing ??= new Promise<void>((resolve) => setImmediate(resolve)).then(flush).finally(() => {
      flushing = undefined;
      if (queue.length > 0 && !closed) scheduleFlush();
    });
  }

  /** The next produce request: up to batchSize messages and maxBatchBytes of values (brokers cap a batch at ~1 MB). */
  function takeBatch(): string[] {
    const ids: string[] = [];
    let bytes = 0;
    while (queue.length > 0 && ids.length < batchSize) {
      const id = queue[0] as string;
      const entry = pending.get(id);
      if (entry && ids.length > 0 && bytes + entry.jws.length > maxBatchBytes) break;
      queue.shift();
      if (!entry) continue;
      ids.push(id);
      bytes += entry.jws.length;
    }
    return ids;
  }

  async function flush(): Promise<void> {
    const { producer } = await (started as NonNullable<typeof started>);
    while (queue.length > 0 && !closed) {
      const ids = takeBatch();
      const messages = ids.map((id) => ({
        key: options.department,
        value: (pending.get(id) as Pending).jws,
        headers: { 'message-id': id },
      }));
      let failure: (Error & { retriable?: boolean; type?: string }) | undefined;
      try {
        await producer.send({ topic: submitTopic, messages });
      } catch (error) {
        failure = error as Error & { retriable?: boolean; type?: string };
      }
      const now = Date.now();
      for (const id of ids) {
        const entry = pending.get(id);
        if (!entry) continue;
        entry.sentAt = now;
        entry.sends++;
        if (!failure) continue;
        if (failure.retriable === false) {
          // The broker refuses these messages as such (e.g. MESSAGE_TOO_LARGE): sending again cannot help.
          pending.delete(id);
          entry.reject(new HubRefusalError(`ERR_KAFKA_${failure.type ?? 'PRODUCE'}`, failure.message, undefined));
        } else entry.lastError = failure;
      }
      // A retriable failure: the sweep sends these again after resendAfterMs.
      if (failure) return;
    }
  }

  return {
    async submit(jws, messageId = randomUUID()) {
      if (closed) throw new TypeError('the Kafka publisher is closed');
      started ??= start();
      try {
        await started;
      } catch (cause) {
        started = undefined;
        throw new HubUnavailableError(`Kafka ${options.brokers.join(',')} 无法连接或缺少主题 ${resultsTopic}`, cause);
      }
      const existing = pending.get(messageId);
      if (existing) existing.reject(new TypeError(`message id ${messageId} submitted twice at once`));
      const answer = new Promise<SubmitResult>((resolve, reject) => pending.set(messageId, { jws, sentAt: 0, sends: 0, resolve, reject }));
      queue.push(messageId);
      scheduleFlush();
      return answer;
    },
    async close() {
      closed = true;
      if (sweeper) clearInterval(sweeper);
      for (const [id, entry] of pending) entry.reject(new HubUnavailableError(`连接已关闭，消息 ${id} 未收到答复`));
      pending.clear();
      const running = await started?.catch(() => undefined);
      if (!running) return;
      await flushing?.catch(() => undefined);
      await Promise.allSettled([running.producer.disconnect(), running.consumer.disconnect()]);
      await running.admin.deleteGroups([running.groupId]).catch(() => undefined);
      await running.admin.disconnect();
    },
  };
}
