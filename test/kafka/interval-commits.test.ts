/**
 * A subscription that commits on an interval (data requests and answers) on the real broker: while
 * idle its finished offsets still reach the broker within the interval, and after a graceful stop
 * the group's next member starts after everything finished — nothing is handled twice.
 */
import { randomUUID } from 'node:crypto';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { InboundMessage } from '../../src/core/ports/message-bus.js';
import { createKafkaBus } from '../../src/kafka/kafka-bus.js';
import { testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { until } from '../support/until.js';

const brokers = inject('kafkaBrokers').split(',');
const prefix = `zzt.${randomUUID().slice(0, 8)}.commits.`;
const bus = createKafkaBus({
  brokers,
  clientId: 'zz-commits',
  topicPrefix: prefix,
  logger: silentLogger,
  maxWaitTimeMs: 200,
  deadLetters: testDeadLetterSealer(),
});
const admin = new Kafka({ brokers, clientId: 'zz-commits-admin', logLevel: logLevel.NOTHING }).admin();

afterAll(async () => {
  await bus.close();
  await admin.disconnect();
});

describe('interval commits on Kafka', () => {
  it('commits within the interval while idle, and a graceful stop leaves nothing to hand out again', async () => {
    await admin.connect();
    await bus.ensureTopics([{ name: 'ask', partitions: 1 }]);
    const seen: InboundMessage[] = [];
    const subscribe = () =>
      bus.subscribe({
        topic: 'ask',
        groupId: 'askers',
        commitIntervalMs: 2_000,
        handleBatch: async (messages) => void seen.push(...messages),
      });
    let subscription = await subscribe();
    await bus.publish(
      'ask',
      [1, 2, 3].map((n) => ({ key: null, value: `m${n}` })),
    );
    await until('the three messages handled', () => seen.length === 3, 30_000);
    const committed = async () =>
      (await admin.fetchOffsets({ groupId: `${prefix}askers`, topics: [`${prefix}ask`] }))[0]?.partitions[0]?.offset;
    // No further batch comes, yet the interval's timer commits what finished.
    await until('offsets committed while idle', async () => (await committed()) === String(Number(seen[2]!.offset) + 1), 30_000);

    await bus.publish('ask', [{ key: null, value: 'm4' }]);
    await until('the fourth message handled', () => seen.length === 4, 30_000);
    await subscription.stop(); // well inside the interval: the stop itself commits
    subscription = await subscribe();
    await bus.publish('ask', [{ key: null, value: 'm5' }]);
    await until('the fifth message handled', () => seen.some((m) => m.value.toString() === 'm5'), 30_000);
    await subscription.stop();
    expect(seen.map((m) => m.value.toString())).toEqual(['m1', 'm2', 'm3', 'm4', 'm5']);
  }, 120_000);
});
