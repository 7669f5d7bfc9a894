import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { MessageBus } from '../../src/core/ports/message-bus.js';
import { createKafkaBus } from '../../src/kafka/kafka-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { migrate } from '../../src/postgres/migrate.js';
import { readOutboxLag, writeOutbox } from '../../src/postgres/outbox.js';
import { createOutboxRelay } from '../../src/postgres/outbox-relay.js';
import type { OutgoingMessage } from '../../src/core/ports/message-bus.js';
import { startKafka, type KafkaService } from '../services/kafka.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { timeBudget, until } from '../support/until.js';

const TOPIC = 'licenses.events';
const TOTAL = 2_000;
/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

const onTopic = (topic: string, messages: readonly OutgoingMessage[]) => messages.map((message) => ({ topic, message }));

describe('outbox relay while the broker stops and restarts', () => {
  let kafka: KafkaService;
  let db: TestDatabase;
  let producerBus: MessageBus;
  let consumerBus: MessageBus;

  beforeAll(async () => {
    [kafka, db] = await Promise.all([startKafka(), createTestDatabase()]);
    await migrate(db.sql);
    const prefix = `zz-relay-${randomBytes(4).toString('hex')}.`;
    const options = {
      brokers: [kafka.brokers],
      clientId: 'relay-test',
      topicPrefix: prefix,
      logger: silentLogger,
      deadLetters: testDeadLetterSealer(),
    };
    producerBus = createKafkaBus(options);
    consumerBus = createKafkaBus(options);
    await producerBus.ensureTopics([
      { name: TOPIC, partitions: 3 },
      { name: 'dlq', partitions: 1 },
    ]);
  });

  afterAll(async () => {
    await producerBus?.close();
    await consumerBus?.close();
    await db?.drop();
    await kafka?.destroy();
  });

  it('publishes every committed row, none lost, after the broker comes back', { timeout: TEST_TIMEOUT_MS }, async () => {
    const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
    const received = new Map<string, number>();
    const subscription = await consumerBus.subscribe({
      topic: TOPIC,
      groupId: 'relay-test-consumer',
      async handleBatch(messages) {
        for (const m of messages) {
          const id = m.headers['event-id'] as string;
          received.set(id, (received.get(id) ?? 0) + 1);
        }
      },
    });
    const relay = createOutboxRelay({
      sql: db.sql,
      bus: producerBus,
      logger: silentLogger,
      idleIntervalMs: 20,
      batchSize: 200,
      retryMinMs: 100,
      retryMaxMs: 1_000,
    });
    relay.start();

    let written = 0;
    // The second half is committed only once the broker is down, so rows wait in the outbox during
    // the outage however fast or slow the machine is.
    let outage: () => void = () => {};
    const outageBegun = new Promise<void>((resolve) => (outage = resolve));
    const writer = (async () => {
      while (written < TOTAL) {
        if (written === TOTAL / 2) await outageBegun;
        const batch = Array.from({ length: 20 }, (_, i) => ({
          key: `L${(written + i) % 37}`,
          value: JSON.stringify({ n: written + i }),
          headers: { 'event-id': `e${written + i}` },
        }));
        await db.sql.begin((tx) => writeOutbox(tx, onTopic(TOPIC, batch)));
        written += batch.length;
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();

    await until('first events before the outage', () => received.size >= 300, budget.remaining());
    await kafka.stop();
    const duringOutage = received.size;
    outage();
    // Writers keep committing while the broker is down: the rows wait in the outbox.
    await writer;
    expect((await readOutboxLag(db.sql)).pending).toBeGreaterThan(0);
    await kafka.start();
    await until(`all ${TOTAL} events`, () => received.size === TOTAL, budget.remaining());
    await relay.stop();
    await subscription.stop();

    expect(duringOutage).toBeLessThan(TOTAL);
    const missing = Array.from({ length: TOTAL }, (_, i) => `e${i}`).filter((id) => !received.has(id));
    expect(missing).toEqual([]);
    expect((await readOutboxLag(db.sql)).pending).toBe(0);
  });
});
