/**
 * At-least-once across a broker restart, on a broker of this file's own (the shared one must not
 * go down under other tests): a stream of messages is published while a subscriber consumes; the
 * broker is stopped mid-stream and started again. Publishers retry what the bus reports retriable;
 * the consumer must recover by itself; in the end every message has been consumed. Duplicates are
 * allowed (at-least-once) and reported.
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, isRetriable } from '../../src/core/errors.js';
import type { Logger } from '../../src/core/ports/logger.js';
import type { MessageBus } from '../../src/core/ports/message-bus.js';
import { Topics } from '../../src/core/topics.js';
import { createKafkaBus } from '../../src/kafka/kafka-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { type KafkaService, startKafka } from '../services/kafka.js';
import { timeBudget, until } from '../support/until.js';

const N = 2_000;
const BATCH = 10;
const PAUSE_MS = 75;
/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

describe('Kafka bus across a broker restart', () => {
  let kafka: KafkaService | undefined;
  let bus: MessageBus | undefined;

  beforeAll(async () => {
    kafka = await startKafka();
  });

  afterAll(async () => {
    await bus?.close();
    await kafka?.destroy();
  });

  it('consumes every message published while the broker stops and starts again', { timeout: TEST_TIMEOUT_MS }, async ({ annotate }) => {
    const broker = kafka as KafkaService;
    const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
    const messages: string[] = [];
    const note = (msg?: string) => msg && messages.push(msg);
    const logger: Logger = { debug: () => {}, info: () => {}, warn: (_o, m) => note(m), error: (_o, m) => note(m), child: () => logger };
    const b = createKafkaBus({
      brokers: [broker.brokers],
      clientId: 'zz-restart',
      topicPrefix: `zzr.${randomUUID().slice(0, 8)}.`,
      logger,
      retry: { baseMs: 50, maxMs: 1_000 },
      heartbeatIntervalMs: 1_000,
      sessionTimeoutMs: 10_000,
      maxWaitTimeMs: 200,
      deadLetters: testDeadLetterSealer(),
    });
    bus = b;
    await b.ensureTopics([
      { name: 'stream', partitions: 3 },
      { name: Topics.deadLetter, partitions: 1 },
    ]);
    const deliveries = new Map<string, number>();
    await b.subscribe({
      topic: 'stream',
      groupId: 'restart',
      handleBatch: async (ms) => {
        for (const m of ms) {
          const id = m.headers['message-id'] ?? '?';
          deliveries.set(id, (deliveries.get(id) ?? 0) + 1);
        }
      },
    });

    let published = 0;
    let publishRetries = 0;
    // The second half waits for the outage, so the outage cuts the stream however slow the machine is.
    let outage: () => void = () => {};
    const outageBegun = new Promise<void>((resolve) => (outage = resolve));
    const publisher = (async () => {
      for (let i = 0; i < N; i += BATCH) {
        if (i === N / 2) await outageBegun;
        const batch = Array.from({ length: BATCH }, (_, j) => {
          const id = `m-${i + j}`;
          return { key: `key-${(i + j) % 17}`, value: `payload ${id}`, headers: { 'message-id': id } };
        });
        for (;;) {
          try {
            await b.publish('stream', batch);
            break;
          } catch (error) {
            if (!isRetriable(error)) throw error;
            publishRetries += 1;
            await sleep(250);
          }
        }
        published += BATCH;
        await sleep(PAUSE_MS);
      }
    })();

    await until('a quarter of the stream published', () => published >= N / 4, budget.remaining());
    const stopped = Date.now();
    await broker.stop();
    outage();
    await expect(b.check()).rejects.toBeInstanceOf(DependencyUnavailableError);
    // Down until a publish has failed on it: the outage hit the publisher, not merely the clock.
    await until('a publish refused by the stopped broker', () => publishRetries > 0, budget.remaining());
    await broker.start();
    const restarted = Date.now();
    await until(
      'check() to pass again',
      () =>
        b.check().then(
          () => true,
          () => false,
        ),
      budget.remaining(),
    );
    await publisher;
    await until(`all ${N} messages consumed`, () => deliveries.size === N, budget.remaining());
    const caughtUp = Date.now();

    const missing = Array.from({ length: N }, (_, i) => `m-${i}`).filter((id) => !deliveries.has(id));
    const duplicates = [...deliveries.values()].reduce((sum, n) => sum + n - 1, 0);
    const recreations = messages.filter((m) => m === 'Kafka consumer recreated').length;
    const report =
      `${N} messages, ${duplicates} duplicate deliveries, ${publishRetries} publish retries, ` +
      `${recreations} consumer recreations; broker down ${restarted - stopped} ms, ` +
      `caught up ${caughtUp - restarted} ms after restart`;
    process.stderr.write(`[broker-restart] ${report}\n`);
    await annotate(report);
    expect(missing).toEqual([]);
  });
});
