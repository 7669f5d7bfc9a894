/**
 * @module test/services/services.test
 * Proves the integration harness itself: the injected PostgreSQL is a real server (not PGlite), the
 * injected Kafka takes explicit topics and round-trips messages, and a broker started by
 * startKafka() keeps acknowledged messages across a stop/start on the same port.
 */
import { randomUUID } from 'node:crypto';
import { connect } from 'node:net';
import { ConfigResourceTypes, Kafka, type KafkaMessage, logLevel, Partitioners } from 'kafkajs';
import postgres from 'postgres';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { startKafka } from './kafka.js';

const CONSUME_TIMEOUT_MS = 30_000;

describe('injected PostgreSQL', () => {
  const url = inject('databaseUrl');
  const sql = postgres(url, { max: 2, onnotice: () => {} });
  afterAll(() => sql.end());

  it('is a PostgreSQL 14+ server listening where the URL says', async () => {
    const [row] = await sql<{ version: string; num: number; port: number }[]>`
      select version() as version,
             current_setting('server_version_num')::int as num,
             current_setting('port')::int as port`;
    expect(row?.version).toMatch(/^PostgreSQL \d+/);
    expect(row?.num).toBeGreaterThanOrEqual(140_000);
    expect(row?.port).toBe(Number(new URL(url).port || 5432));
  });

  it('is a multi-process server, not PGlite (single-user WASM backend, one connection)', async () => {
    const [bg] = await sql<{ n: number }[]>`
      select count(*)::int as n from pg_stat_activity where backend_type = 'checkpointer'`;
    expect(bg?.n).toBe(1);
    const [a, b] = await Promise.all([sql.reserve(), sql.reserve()]);
    try {
      const [[pidA], [pidB]] = await Promise.all([a`select pg_backend_pid() as pid`, b`select pg_backend_pid() as pid`]);
      expect(pidA?.pid).not.toBe(pidB?.pid);
    } finally {
      a.release();
      b.release();
    }
  });
});

describe('injected Kafka', () => {
  const kafka = client(inject('kafkaBrokers'));

  it('never auto-creates topics', async () => {
    const admin = kafka.admin();
    await admin.connect();
    try {
      const { brokers } = await admin.describeCluster();
      const { resources } = await admin.describeConfigs({
        includeSynonyms: false,
        resources: brokers.map((b) => ({
          type: ConfigResourceTypes.BROKER,
          name: String(b.nodeId),
          configNames: ['auto.create.topics.enable'],
        })),
      });
      const values = resources.map((r) => r.configEntries[0]?.configValue);
      expect(values).toEqual(brokers.map(() => 'false'));
    } finally {
      await admin.disconnect();
    }
  });

  it('creates a topic and round-trips messages with keys and headers', async () => {
    const topic = `zz.harness.${randomUUID()}`;
    await createTopic(kafka, topic, 2);
    const sent = ['一', '二', '三'].map((v, i) => ({ key: `k${i}`, value: v, headers: { 'message-id': `m${i}` } }));
    await produce(kafka, topic, sent);
    const received = await consume(kafka, topic, sent.length);
    const simplified = received.map((m) => ({
      key: m.key?.toString(),
      value: m.value?.toString(),
      headers: { 'message-id': m.headers?.['message-id']?.toString() },
    }));
    expect(simplified.sort((x, y) => String(x.key).localeCompare(String(y.key)))).toEqual(sent);
  });
});

describe('startKafka()', () => {
  // Two broker starts (each bounded at 90 s), a topic, a stop and a read: the timeout covers the sum of
  // their bounds, so a slow machine fails on the wait that was slow, not on the test's clock.
  it('brings a stopped broker back on the same port with its messages', { timeout: 300_000 }, async () => {
    const broker = await startKafka();
    try {
      const topic = 'zz.harness.restart';
      const before = client(broker.brokers);
      await createTopic(before, topic, 1);
      await produce(before, topic, [{ value: 'survives' }, { value: 'the restart' }]);

      await broker.stop();
      await expect(tcpConnect(broker.port)).rejects.toThrow(/ECONNREFUSED/);
      await broker.start();

      expect(broker.brokers).toBe(`127.0.0.1:${broker.port}`);
      const received = await consume(client(broker.brokers), topic, 2);
      expect(received.map((m) => m.value?.toString())).toEqual(['survives', 'the restart']);
    } finally {
      await broker.destroy();
    }
  });
});

function client(brokers: string): Kafka {
  return new Kafka({ clientId: 'zz-harness-test', brokers: brokers.split(','), logLevel: logLevel.NOTHING });
}

async function createTopic(kafka: Kafka, topic: string, numPartitions: number): Promise<void> {
  const admin = kafka.admin();
  await admin.connect();
  try {
    expect(await admin.createTopics({ topics: [{ topic, numPartitions }], waitForLeaders: false })).toBe(true);
    // kafkajs's own wait for leaders fails outright when a busy broker answers "does not host this
    // topic-partition" for a moment, so create without it and wait until the broker serves offsets
    // for every partition.
    const deadline = Date.now() + 60_000;
    for (;;) {
      const served = await admin.fetchTopicOffsets(topic).then(
        (offsets) => offsets.length === numPartitions,
        (error: unknown) => error,
      );
      if (served === true) break;
      if (Date.now() > deadline) throw served instanceof Error ? served : new Error(`${topic}: partitions not served in time`);
      await new Promise((resolve) => setTimeout(resolve, 100));
    }
  } finally {
    await admin.disconnect();
  }
}

interface Outgoing {
  key?: string;
  value: string;
  headers?: Record<string, string>;
}

async function produce(kafka: Kafka, topic: string, messages: Outgoing[]): Promise<void> {
  const producer = kafka.producer({ createPartitioner: Partitioners.DefaultPartitioner });
  await producer.connect();
  try {
    await producer.send({ topic, acks: -1, messages });
  } finally {
    await producer.disconnect();
  }
}

/** Reads `count` messages from the start of `topic` with a fresh consumer group. */
async function consume(kafka: Kafka, topic: string, count: number): Promise<KafkaMessage[]> {
  const consumer = kafka.consumer({ groupId: `zz-harness-${randomUUID()}` });
  const received: KafkaMessage[] = [];
  await consumer.connect();
  try {
    await consumer.subscribe({ topic, fromBeginning: true });
    await new Promise<void>((resolve, reject) => {
      const timer = setTimeout(
        () => reject(new Error(`${received.length}/${count} messages from ${topic} in ${CONSUME_TIMEOUT_MS} ms`)),
        CONSUME_TIMEOUT_MS,
      );
      consumer
        .run({
          eachMessage: async ({ message }) => {
            received.push(message);
            if (received.length < count) return;
            clearTimeout(timer);
            resolve();
          },
        })
        .catch(reject);
    });
  } finally {
    await consumer.disconnect();
  }
  return received;
}

function tcpConnect(port: number): Promise<void> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1', () => {
      socket.end();
      resolve();
    });
    socket.once('error', reject);
  });
}
