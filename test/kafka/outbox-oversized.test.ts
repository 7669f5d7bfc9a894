/**
 * An outbox row the real broker refuses for good (over its 1 MiB message.max.bytes) must not stall the
 * rows after it: the relay parks it (kept whole, counted) and the next rows on the same topic and
 * partition are published within seconds.
 */
import { randomBytes } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { InboundMessage, MessageBus } from '../../src/core/ports/message-bus.js';
import { createKafkaBus } from '../../src/kafka/kafka-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { migrate } from '../../src/postgres/migrate.js';
import { readOutboxLag, writeOutbox } from '../../src/postgres/outbox.js';
import { createOutboxRelay } from '../../src/postgres/outbox-relay.js';
import type { OutgoingMessage } from '../../src/core/ports/message-bus.js';
import { waitFor } from '../support/case-fixture.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const TOPIC = 'licenses.events';

const onTopic = (topic: string, messages: readonly OutgoingMessage[]) => messages.map((message) => ({ topic, message }));

describe('outbox relay and a row the real broker refuses for good', () => {
  let db: TestDatabase;
  let producerBus: MessageBus;
  let consumerBus: MessageBus;

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
    const prefix = `zz-oversized-${randomBytes(4).toString('hex')}.`;
    const options = {
      brokers: [inject('kafkaBrokers')],
      clientId: 'oversized-test',
      topicPrefix: prefix,
      logger: silentLogger,
      deadLetters: testDeadLetterSealer(),
    };
    producerBus = createKafkaBus(options);
    consumerBus = createKafkaBus(options);
    await producerBus.ensureTopics([{ name: TOPIC, partitions: 1 }]);
  });
  afterAll(async () => {
    await producerBus?.close();
    await consumerBus?.close();
    await db?.drop();
  });

  it('parks the oversized row and publishes the rows after it on the same partition', async () => {
    const received: InboundMessage[] = [];
    const subscription = await consumerBus.subscribe({
      topic: TOPIC,
      groupId: 'oversized-consumer',
      fromBeginning: true,
      handleBatch: async (messages) => void received.push(...messages),
    });
    const relay = createOutboxRelay({ sql: db.sql, bus: producerBus, logger: silentLogger, idleIntervalMs: 20, retryMaxMs: 1_000 });
    const huge = randomBytes(600_000).toString('hex'); // 1.2 MB: over the broker's 1 MiB for good
    await writeOutbox(
      db.sql,
      onTopic(TOPIC, [
        { key: 'L1', value: 'before', headers: { 'event-id': 'before' } },
        { key: 'L1', value: huge, headers: { 'event-id': 'huge' } },
        { key: 'L1', value: 'after-1', headers: { 'event-id': 'after-1' } },
      ]),
    );
    await writeOutbox(db.sql, onTopic(TOPIC, [{ key: 'L1', value: 'after-2', headers: { 'event-id': 'after-2' } }]));
    relay.start();
    try {
      // Retried for ever before: nothing after the huge row ever arrived.
      await waitFor(
        async () => received.some((m) => m.headers['event-id'] === 'after-2'),
        (arrived) => arrived,
        'the rows after the oversized one',
        60_000,
      );
      const seen = [...new Set(received.map((m) => String(m.headers['event-id'])))];
      expect(seen).toEqual(['before', 'after-1', 'after-2']);
      const rows = await db.sql<{ id: string; reason: string; bytes: number }[]>`
        select id, parked_reason as reason, length(value) as bytes from outbox where parked_at is not null`;
      expect(rows).toHaveLength(1);
      expect(rows[0]).toMatchObject({ bytes: huge.length });
      expect(rows[0]?.reason).toMatch(/MESSAGE_TOO_LARGE|RECORD_LIST_TOO_LARGE/);
      expect(await readOutboxLag(db.sql)).toMatchObject({ pending: 0, parked: 1 });
    } finally {
      await relay.stop(1_000);
      await subscription.stop();
    }
  });
});
