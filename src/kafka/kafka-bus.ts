/**
 * @module kafka/kafka-bus
 * The `MessageBus` on Apache Kafka through kafkajs. Topic and consumer-group names get the
 * configured prefix, so several hubs (or test runs) can share a cluster.
 *
 * - Topics are created only by `ensureTopics` (admin client); producer and consumers run with
 *   `allowAutoTopicCreation: false`, and publishing to a topic that does not exist is a `TypeError`.
 * - One idempotent producer (`maxInFlightRequests: 1`, `acks: -1`) sends everything, dead letters
 *   included; publishes that arrive while a request is on the wire leave together in the next one
 *   (`produce-coalescer.ts`). A failed send leaves its outcome unknown, so the producer is replaced: a fresh producer
 *   id means a caller's retry cannot reuse the failed batch's sequence numbers, which the broker would
 *   otherwise take as duplicates of what it already has and drop. Failures reach callers as retriable
 *   `DependencyUnavailableError`; a broker verdict on the request itself (too large, invalid) is a
 *   non-retriable `MessageRefusedError`.
 * - kafkajs logs go to our logger, warn and above only (`kafka-log.ts`).
 */
import { Kafka, logLevel, Partitioners, type Admin, type Message, type Producer } from 'kafkajs';
import type { DeadLetterSealer } from '../core/bus/dead-letter-sealer.js';
import { createDeliveryPolicy, type RetryBackoff } from '../core/bus/delivery-policy.js';
import { DependencyUnavailableError, MessageRefusedError, ShuttingDownError } from '../core/errors.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus, OutgoingMessage, Subscription, TopicSpec } from '../core/ports/message-bus.js';
import { Topics } from '../core/topics.js';
import { kafkaLogCreator } from './kafka-log.js';
import { createProduceCoalescer } from './produce-coalescer.js';
import { startKafkaSubscription } from './kafka-subscription.js';

export interface KafkaBusOptions {
  brokers: string[];
  clientId: string;
  /** Prepended to topic and consumer-group names, e.g. `zz.`. */
  topicPrefix: string;
  logger: Logger;
  /** Replication factor of the topics `ensureTopics` creates. Default: the broker's default. */
  replicationFactor?: number;
  /** Backoff between retries of a retriable handler failure. */
  retry?: RetryBackoff;
  /** Seals the original into each dead letter (required: no bus writes a dead letter in clear). */
  deadLetters: DeadLetterSealer;
  /** `check()` gives up after this long. Default 2 s. */
  checkTimeoutMs?: number;
  /**
   * Default 10 s. After a broker outage the consumer is recreated with a new member id and the
   * group waits out the old member's session before rebalancing: a short session is a short stall.
   * Heartbeats continue during long batches, so a slow batch does not lose the session.
   */
  sessionTimeoutMs?: number;
  /** Default 3 s. */
  heartbeatIntervalMs?: number;
  /** Longest a fetch waits for new data; it also bounds how long `stop()` waits. Default 1 s. */
  maxWaitTimeMs?: number;
  /**
   * Batches of different partitions a consumer handles at once. Default 3: while one batch waits
   * for its transaction to commit, the next is verified, instead of the hub idling (BENCHMARKS.md).
   * Order within a partition, and so per key, is unaffected.
   */
  partitionsConsumedConcurrently?: number;
}

/** Broker errors that are the caller's to fix; retrying the same request cannot succeed. */
const CALLER_ERRORS = new Set([
  'MESSAGE_TOO_LARGE',
  'RECORD_LIST_TOO_LARGE',
  'INVALID_RECORD',
  'INVALID_TOPIC_EXCEPTION',
  'INVALID_PARTITIONS',
  'INVALID_REPLICATION_FACTOR',
  'INVALID_CONFIG',
  'POLICY_VIOLATION',
]);

export function createKafkaBus(opts: KafkaBusOptions): MessageBus {
  if (opts.brokers.length === 0) throw new TypeError('createKafkaBus: at least one broker is required');
  const { logger } = opts;
  const prefix = opts.topicPrefix;
  const checkTimeoutMs = opts.checkTimeoutMs ?? 2_000;
  const kafka = new Kafka({
    clientId: opts.clientId,
    brokers: opts.brokers,
    connectionTimeout: 3_000,
    // Every field pinned: kafkajs swaps in other defaults (15 retries) when NODE_ENV=test, and tests
    // should see what production does. About 5 s of retries, then the caller hears of it.
    retry: { initialRetryTime: 250, maxRetryTime: 3_000, retries: 4, multiplier: 2, factor: 0.2 },
    logLevel: logLevel.WARN,
    logCreator: kafkaLogCreator(logger.child({ lib: 'kafkajs' })),
  });
  const policy = createDeliveryPolicy({ logger, retry: opts.retry, deadLetters: opts.deadLetters });
  const admin = lazyClient(() => kafka.admin(), 'admin');
  const producer = lazyClient(
    () =>
      kafka.producer({
        idempotent: true,
        maxInFlightRequests: 1,
        allowAutoTopicCreation: false,
        // Murmur2 like the Java client: a key lands on the same partition whoever produces it.
        createPartitioner: Partitioners.DefaultPartitioner,
      }),
    'producer',
  );
  /** Broker-side names known to exist, so publish needs no metadata round trip. */
  const known = new Set<string>();
  const subscriptions = new Set<Subscription>();
  let closing: Promise<void> | undefined;

  const withAdmin = async <T>(what: string, work: (client: Admin) => Promise<T>): Promise<T> => {
    const client = await admin.get();
    try {
      return await work(client);
    } catch (error) {
      await admin.discard(client);
      throw toBusError(error, `Kafka ${what} failed`);
    }
  };

  const requireTopic = async (logical: string): Promise<string> => {
    if (closing) throw new ShuttingDownError('the Kafka bus is closed');
    const name = prefix + logical;
    if (known.has(name)) return name;
    const existing = await withAdmin('listTopics', (client) => client.listTopics());
    if (!existing.includes(name)) throw new TypeError(`unknown topic "${name}": create it with ensureTopics first`);
    known.add(name);
    return name;
  };

  const produce = createProduceCoalescer(
    async (topicMessages) => {
      const client = await producer.get();
      try {
        await client.sendBatch({ topicMessages, acks: -1 });
      } catch (error) {
        await producer.discard(client);
        throw toBusError(error, `publishing to ${topicMessages.map((t) => t.topic).join(', ')} failed`);
      }
    },
    { refusesContent: (error) => error instanceof MessageRefusedError },
  );

  const publish = async (logical: string, messages: readonly OutgoingMessage[]): Promise<void> => {
    const topic = await requireTopic(logical);
    if (messages.length === 0) return;
    await produce({ topic, messages: messages.map(toKafkaMessage) });
  };

  return {
    async ensureTopics(specs: readonly TopicSpec[]) {
      await withAdmin('createTopics', async (client) => {
        const existing = new Set(await client.listTopics());
        const missing = specs.filter((spec) => !existing.has(prefix + spec.name));
        if (missing.length > 0) {
          await client.createTopics({
            // kafkajs' own wait gives up on the first "unknown topic" a busy broker answers right after
            // creating it; waitForPartitionLeaders waits on the condition instead.
            waitForLeaders: false,
            topics: missing.map((spec) => ({
              topic: prefix + spec.name,
              numPartitions: spec.partitions,
              replicationFactor: opts.replicationFactor ?? -1,
              configEntries: Object.entries(spec.config ?? {}).map(([name, value]) => ({ name, value })),
            })),
          });
          await waitForPartitionLeaders(
            client,
            missing.map((spec) => prefix + spec.name),
          );
        }
      });
      for (const spec of specs) known.add(prefix + spec.name);
    },

    publish,

    async subscribe(options) {
      const topic = await requireTopic(options.topic);
      let subscription: Subscription;
      try {
        subscription = await startKafkaSubscription({
          kafka,
          topic,
          groupId: prefix + options.groupId,
          logicalTopic: options.topic,
          fromBeginning: options.fromBeginning ?? true,
          handleBatch: options.handleBatch,
          policy,
          deadLetter: (letter) => publish(Topics.deadLetter, [letter]),
          logger,
          sessionTimeoutMs: opts.sessionTimeoutMs ?? 10_000,
          heartbeatIntervalMs: opts.heartbeatIntervalMs ?? 3_000,
          maxWaitTimeMs: opts.maxWaitTimeMs ?? 1_000,
          partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently ?? 3,
          commitIntervalMs: options.commitIntervalMs,
        });
      } catch (error) {
        throw toBusError(error, `subscribing to ${topic} failed`);
      }
      if (closing) {
        // close() began while this consumer was joining; it would not have stopped this one.
        await subscription.stop();
        throw new ShuttingDownError('the Kafka bus is closed');
      }
      const tracked: Subscription = {
        stop: async () => {
          await subscription.stop();
          subscriptions.delete(tracked);
        },
        health: () => subscription.health(),
      };
      subscriptions.add(tracked);
      return tracked;
    },

    async check() {
      if (closing) throw new DependencyUnavailableError('the Kafka bus is closed');
      let timer: ReturnType<typeof setTimeout> | undefined;
      const probe = withAdmin('describeCluster', (client) => client.describeCluster());
      const deadline = new Promise<never>((_, reject) => {
        timer = setTimeout(
          () => reject(new DependencyUnavailableError(`Kafka did not answer within ${checkTimeoutMs} ms`)),
          checkTimeoutMs,
        );
      });
      probe.catch(() => {}); // it may lose the race and settle later
      try {
        await Promise.race([probe, deadline]);
      } finally {
        clearTimeout(timer);
      }
    },

    close() {
      closing ??= (async () => {
        await Promise.allSettled([...subscriptions].map((s) => s.stop()));
        await Promise.allSettled([producer.close(), admin.close()]);
      })();
      return closing;
    },
  };
}

const LEADER_WAIT_MS = 30_000;

/** Until every partition of `topics` has a leader; broker errors meanwhile (unknown topic) are waited out. */
async function waitForPartitionLeaders(client: Admin, topics: string[]): Promise<void> {
  const deadline = Date.now() + LEADER_WAIT_MS;
  for (;;) {
    const led = await client.fetchTopicMetadata({ topics }).then(
      ({ topics: found }) =>
        found.length === topics.length && found.every((t) => t.partitions.length > 0 && t.partitions.every((p) => p.leader >= 0)),
      () => false,
    );
    if (led) return;
    if (Date.now() > deadline)
      throw new DependencyUnavailableError(`the partitions of ${topics.join(', ')} have no leader after ${LEADER_WAIT_MS} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

interface Connectable {
  connect(): Promise<void>;
  disconnect(): Promise<void>;
}

/** A client connected on first use and replaced after a failure, so the next use reconnects. */
function lazyClient<T extends Connectable>(create: () => T, what: string) {
  let ready: Promise<T> | undefined;
  let current: T | undefined;
  return {
    get(): Promise<T> {
      ready ??= (async () => {
        const client = create();
        try {
          await client.connect();
        } catch (error) {
          ready = undefined;
          await client.disconnect().catch(() => {});
          throw new DependencyUnavailableError(`cannot connect the Kafka ${what}`, { cause: error });
        }
        current = client;
        return client;
      })();
      return ready;
    },
    async discard(client: T): Promise<void> {
      if (current === client) {
        current = undefined;
        ready = undefined;
      }
      await client.disconnect().catch(() => {});
    },
    async close(): Promise<void> {
      const client = await ready?.catch(() => undefined);
      ready = undefined;
      current = undefined;
      await client?.disconnect();
    },
  };
}

function toKafkaMessage(message: OutgoingMessage): Message {
  return {
    key: message.key,
    value:
      typeof message.value === 'string'
        ? message.value
        : Buffer.from(message.value.buffer, message.value.byteOffset, message.value.byteLength),
    headers: message.headers,
  };
}

/**
 * Connection trouble and timeouts become retriable; a broker verdict on the request itself becomes a
 * non-retriable `MessageRefusedError`, so a consumer dead-letters instead of retrying it forever.
 */
function toBusError(error: unknown, what: string): unknown {
  if (error instanceof DependencyUnavailableError || error instanceof TypeError) return error;
  let root = error;
  while (root instanceof Error && root.cause !== undefined) root = root.cause;
  const type = (root as { type?: unknown } | undefined)?.type;
  if (typeof type === 'string' && CALLER_ERRORS.has(type)) {
    return new MessageRefusedError(`${what}: the broker refused it (${type})`, { cause: error });
  }
  return new DependencyUnavailableError(`${what}: Kafka is unavailable`, { cause: error });
}
