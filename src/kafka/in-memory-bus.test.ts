import { describe, expect, it } from 'vitest';
import { testDeadLetterKeys, testDeadLetterSealer } from '../../test/fixtures/dead-letter-keys.js';
import { describeMessageBusContract } from '../../test/port-suites/message-bus.suite.js';
import { DependencyUnavailableError } from '../core/errors.js';
import type { InboundMessage } from '../core/ports/message-bus.js';
import { createInMemoryBus } from './in-memory-bus.js';

describeMessageBusContract('in-memory', async () => {
  const deadLetterKeys = testDeadLetterKeys();
  return {
    bus: createInMemoryBus({ retry: { baseMs: 5, maxMs: 20 }, maxBatchSize: 4, deadLetters: testDeadLetterSealer(deadLetterKeys) }),
    deadLetterKeys,
    actualTopic: (logical) => logical,
  };
});

/** Polls in-process work; the bound is for a loaded machine, where a worker may wait seconds for a core. */
async function eventually(done: () => boolean): Promise<void> {
  const deadline = Date.now() + 15_000;
  while (!done()) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 5));
  }
}

const msg = (id: string) => ({ key: id, value: id, headers: { 'message-id': id } });

describe('in-memory bus', () => {
  it('never runs a handler inside the publisher’s stack', async () => {
    const bus = createInMemoryBus({ deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    let publishing = false;
    const seenWhilePublishing: boolean[] = [];
    await bus.subscribe({ topic: 't', groupId: 'g', handleBatch: async () => void seenWhilePublishing.push(publishing) });
    publishing = true;
    const published = bus.publish('t', [msg('a')]);
    await published;
    publishing = false;
    await eventually(() => seenWhilePublishing.length === 1);
    expect(seenWhilePublishing).toEqual([false]);
    await bus.close();
  });

  it('drops the oldest messages once every group consumed them, keeping at most the bound', async () => {
    const bus = createInMemoryBus({ maxMessagesPerTopic: 5, deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 2 }]);
    const seen: string[] = [];
    await bus.subscribe({ topic: 't', groupId: 'reader', handleBatch: async (ms) => void seen.push(...ms.map((m) => m.key ?? '')) });
    for (let i = 0; i < 12; i += 1) {
      await bus.publish('t', [msg(`m${i}`)]);
      await eventually(() => seen.length === i + 1);
    }
    // A new group starting from the beginning finds only what is retained: the newest 5.
    const late: InboundMessage[] = [];
    await bus.subscribe({ topic: 't', groupId: 'late', handleBatch: async (ms) => void late.push(...ms) });
    await eventually(() => late.length === 5);
    await new Promise((r) => setTimeout(r, 20));
    expect(late.map((m) => m.key).sort()).toEqual(['m10', 'm11', 'm7', 'm8', 'm9']);
    await bus.close();
  });

  it('pushes back with a retriable error instead of dropping messages a group has not consumed', async () => {
    const bus = createInMemoryBus({ maxMessagesPerTopic: 3, deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    let release = () => {};
    const handled: string[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'slow',
      handleBatch: (ms) =>
        new Promise<void>((resolve) => {
          release = () => {
            handled.push(...ms.map((m) => m.key ?? ''));
            resolve();
          };
        }),
    });
    await bus.publish('t', [msg('a'), msg('b'), msg('c')]);
    const full = bus.publish('t', [msg('d')]);
    await expect(full).rejects.toBeInstanceOf(DependencyUnavailableError);
    await expect(full).rejects.toMatchObject({ retriable: true });
    await expect(bus.publish('t', [msg('1'), msg('2'), msg('3'), msg('4')])).rejects.toThrow(TypeError);
    // Once consumed, the same publish goes through.
    const drain = async (key: string) =>
      eventually(() => {
        release();
        return handled.includes(key);
      });
    await drain('c');
    await bus.publish('t', [msg('d')]);
    await drain('d');
    await bus.close();
  });

  it('lets a topic nobody subscribes to roll over freely', async () => {
    const bus = createInMemoryBus({ maxMessagesPerTopic: 2, deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    for (let i = 0; i < 10; i += 1) await bus.publish('t', [msg(`m${i}`)]);
    const seen: string[] = [];
    await bus.subscribe({ topic: 't', groupId: 'g', handleBatch: async (ms) => void seen.push(...ms.map((m) => m.key ?? '')) });
    await eventually(() => seen.length === 2);
    expect(seen).toEqual(['m8', 'm9']);
    await bus.close();
  });

  it('starts a new group at the end when fromBeginning is false', async () => {
    const bus = createInMemoryBus({ deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 3 }]);
    // One key, one partition: had 'old' been delivered, it would have come before 'new' (no clock).
    await bus.publish('t', [{ ...msg('old'), key: 'k' }]);
    const seen: string[] = [];
    await bus.subscribe({
      topic: 't',
      groupId: 'g',
      fromBeginning: false,
      handleBatch: async (ms) => void seen.push(...ms.map((m) => m.value.toString())),
    });
    await bus.publish('t', [{ ...msg('new'), key: 'k' }]);
    await eventually(() => seen.length >= 1);
    expect(seen).toEqual(['new']);
    await bus.close();
  });

  it('does not let a handler see another group’s edits to a message', async () => {
    const bus = createInMemoryBus({ deadLetters: testDeadLetterSealer() });
    await bus.ensureTopics([{ name: 't', partitions: 1 }]);
    const values: string[] = [];
    for (const groupId of ['g1', 'g2']) {
      await bus.subscribe({
        topic: 't',
        groupId,
        handleBatch: async ([m]) => {
          values.push(m?.value.toString() ?? '');
          m?.value.fill(0x58);
        },
      });
    }
    await bus.publish('t', [msg('abc')]);
    await eventually(() => values.length === 2);
    expect(values).toEqual(['abc', 'abc']);
    await bus.close();
  });

  it('rejects a topic without partitions', async () => {
    const bus = createInMemoryBus({ deadLetters: testDeadLetterSealer() });
    await expect(bus.ensureTopics([{ name: 't', partitions: 0 }])).rejects.toThrow(TypeError);
  });
});
