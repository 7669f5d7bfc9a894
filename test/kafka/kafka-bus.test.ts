/**
 * The MessageBus contract on a real Kafka broker (the shared one from global setup). Every test
 * gets its own topic and group prefix, so tests and concurrent runs never see each other's messages.
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, inject, it, vi } from 'vitest';
import { DependencyUnavailableError } from '../../src/core/errors.js';
import { silentLogger, type Logger } from '../../src/core/ports/logger.js';
import { createKafkaBus } from '../../src/kafka/kafka-bus.js';
import { testDeadLetterKeys, testDeadLetterSealer } from '../fixtures/dead-letter-keys.js';
import { describeMessageBusContract } from '../port-suites/message-bus.suite.js';

const brokers = inject('kafkaBrokers').split(',');
const run = randomUUID().slice(0, 8);
let seq = 0;

function bus(prefix: string, deadLetterKeys = testDeadLetterKeys()) {
  return createKafkaBus({
    deadLetters: testDeadLetterSealer(deadLetterKeys),
    brokers,
    clientId: 'zz-contract',
    topicPrefix: prefix,
    logger: silentLogger,
    retry: { baseMs: 20, maxMs: 200 },
    heartbeatIntervalMs: 500,
    sessionTimeoutMs: 10_000,
    maxWaitTimeMs: 200,
  });
}

describeMessageBusContract(
  'kafka',
  async () => {
    const prefix = `zzt.${run}.${seq++}.`;
    const deadLetterKeys = testDeadLetterKeys();
    return { bus: bus(prefix, deadLetterKeys), deadLetterKeys, actualTopic: (logical) => prefix + logical };
  },
  { timeoutMs: 30_000 },
);

describe('Kafka bus', () => {
  it('answers check() on a live broker and fails fast, retriably, on a dead one', async () => {
    const live = bus(`zzt.${run}.check.`);
    await live.check();
    await live.close();

    const logged: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
    const at = (level: string) => (obj: object, msg?: string) => void logged.push({ level, obj: obj as Record<string, unknown>, msg });
    const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
    const consoleSpy = vi.spyOn(console, 'error');
    const consoleLog = vi.spyOn(console, 'log');
    const consoleWarn = vi.spyOn(console, 'warn');
    const dead = createKafkaBus({
      brokers: ['127.0.0.1:1'],
      clientId: 'zz-dead',
      topicPrefix: 'x.',
      logger,
      checkTimeoutMs: 1_000,
      deadLetters: testDeadLetterSealer(),
    });
    try {
      // The check's own deadline answers, not kafkajs' seconds of reconnect attempts (asserted by
      // which error it is, not by a clock a loaded machine would stretch).
      const checked = dead.check();
      await expect(checked).rejects.toBeInstanceOf(DependencyUnavailableError);
      await expect(checked).rejects.toThrow('Kafka did not answer within 1000 ms');
      // Bounded retries, then a retriable error (an endless retry would fail this test by its timeout).
      await expect(dead.publish('t', [{ key: null, value: 'x' }])).rejects.toMatchObject({ retriable: true });
      // kafkajs' own complaints reach our logger, tagged with their namespace, and not the console.
      expect(logged.some((e) => e.level === 'error' && typeof e.obj.namespace === 'string')).toBe(true);
      expect(consoleSpy).not.toHaveBeenCalled();
      expect(consoleLog).not.toHaveBeenCalled();
      expect(consoleWarn).not.toHaveBeenCalled();
    } finally {
      vi.restoreAllMocks();
      await dead.close();
    }
  });

  it('creates topics idempotently with the prefix, partitions and config', async () => {
    const prefix = `zzt.${run}.topics.`;
    const b = bus(prefix);
    const spec = [{ name: 'events', partitions: 3, config: { 'retention.ms': '3600000' } }];
    await b.ensureTopics(spec);
    await b.ensureTopics(spec);
    const { Kafka } = await import('kafkajs');
    const admin = new Kafka({ brokers, clientId: 'zz-inspect', logLevel: 0 }).admin();
    await admin.connect();
    try {
      const meta = await admin.fetchTopicMetadata({ topics: [`${prefix}events`] });
      expect(meta.topics[0]?.partitions).toHaveLength(3);
      const configs = await admin.describeConfigs({
        includeSynonyms: false,
        resources: [{ type: 2, name: `${prefix}events`, configNames: ['retention.ms'] }],
      });
      expect(configs.resources[0]?.configEntries[0]?.configValue).toBe('3600000');
    } finally {
      await admin.disconnect();
      await b.close();
    }
  });

  it('places a new group that starts at the end there before it joins, so nothing produced after subscribe() is skipped', async () => {
    const prefix = `zzt.${run}.at-end.`;
    const b = bus(prefix);
    await b.ensureTopics([{ name: 'answers', partitions: 3 }]);
    await b.publish(
      'answers',
      [0, 1, 2].map((i) => ({ key: `old-${i}`, value: 'before' })),
    );
    const seen: string[] = [];
    const { Kafka } = await import('kafkajs');
    const admin = new Kafka({ brokers, clientId: 'zz-inspect', logLevel: 0 }).admin();
    await admin.connect();
    try {
      await b.subscribe({
        topic: 'answers',
        groupId: 'fresh',
        fromBeginning: false,
        handleBatch: async (messages) => void seen.push(...messages.map((m) => m.value.toString())),
      });
      // kafkajs alone would leave the group without offsets until its first fetch (a race with the
      // next publish); here the end is committed by the time subscribe() resolves.
      const [committed] = await admin.fetchOffsets({ groupId: `${prefix}fresh`, topics: [`${prefix}answers`] });
      const ends = await admin.fetchTopicOffsets(`${prefix}answers`);
      expect(committed?.partitions.map((p) => [p.partition, p.offset]).sort()).toEqual(ends.map((p) => [p.partition, p.high]).sort());
      await b.publish(
        'answers',
        [0, 1, 2].map((i) => ({ key: `new-${i}`, value: `after-${i}` })),
      );
      await vi.waitFor(() => expect([...seen].sort()).toEqual(['after-0', 'after-1', 'after-2']), { timeout: 30_000, interval: 50 });
    } finally {
      await admin.disconnect();
      await b.close();
    }
  });
});
