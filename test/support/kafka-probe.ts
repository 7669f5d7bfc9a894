/**
 * A plain kafkajs client for tests that act as a department system or a downstream consumer:
 * produce submissions, and collect everything that appears on the hub's topics.
 */
import { randomBytes } from 'node:crypto';
import { Kafka, logLevel, Partitioners, type Consumer, type Producer } from 'kafkajs';
import { inject } from 'vitest';

export interface CollectedMessage {
  key: string | null;
  value: string;
  headers: Record<string, string>;
}

export interface KafkaProbe {
  prefix: string;
  brokers: string;
  produce(topic: string, messages: { key: string | null; value: string; headers?: Record<string, string> }[]): Promise<void>;
  /** Everything seen so far on a topic (prefix added here). */
  seen(topic: string): CollectedMessage[];
  waitFor(topic: string, predicate: (all: CollectedMessage[]) => boolean, timeoutMs?: number): Promise<CollectedMessage[]>;
  close(): Promise<void>;
}

export async function createKafkaProbe(topics: readonly string[], brokers: string = inject('kafkaBrokers')): Promise<KafkaProbe> {
  const prefix = `zz-test-${randomBytes(4).toString('hex')}.`;
  const kafka = new Kafka({ clientId: 'test-probe', brokers: [brokers], logLevel: logLevel.NOTHING });
  const producer: Producer = kafka.producer({ allowAutoTopicCreation: false, createPartitioner: Partitioners.DefaultPartitioner });
  const consumer: Consumer = kafka.consumer({ groupId: `${prefix}probe`, allowAutoTopicCreation: false });
  const collected = new Map<string, CollectedMessage[]>(topics.map((t) => [t, []]));
  return {
    prefix,
    brokers,
    async produce(topic, messages) {
      await producer.connect();
      await producer.send({
        topic: prefix + topic,
        acks: -1,
        messages: messages.map((m) => ({ key: m.key, value: m.value, headers: m.headers ?? {} })),
      });
    },
    seen: (topic) => collected.get(topic) ?? [],
    async waitFor(topic, predicate, timeoutMs = 60_000) {
      // Subscribe lazily: the hub creates the topics on start.
      if (!(consumer as unknown as { running?: boolean }).running) {
        (consumer as unknown as { running?: boolean }).running = true;
        await consumer.connect();
        await consumer.subscribe({ topics: topics.map((t) => prefix + t), fromBeginning: true });
        await consumer.run({
          eachMessage: async ({ topic, message }) => {
            const headers = Object.fromEntries(Object.entries(message.headers ?? {}).map(([k, v]) => [k, String(v)]));
            collected
              .get(topic.slice(prefix.length))
              ?.push({ key: message.key?.toString() ?? null, value: message.value?.toString() ?? '', headers });
          },
        });
      }
      const deadline = Date.now() + timeoutMs;
      while (!predicate(collected.get(topic) ?? [])) {
        if (Date.now() > deadline) throw new Error(`timed out waiting on ${topic}; seen ${(collected.get(topic) ?? []).length}`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      return collected.get(topic) ?? [];
    },
    async close() {
      await Promise.allSettled([producer.disconnect(), consumer.disconnect()]);
    },
  };
}
