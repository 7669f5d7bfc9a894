/**
 * @module test/port-suites/message-bus.suite
 * The behaviour every `MessageBus` adapter owes the core (see core/ports/message-bus.ts), run
 * against the in-memory bus (unit project) and against Kafka on a real broker (integration).
 * Factories should configure a short retry backoff (tens of ms) so the retry tests stay quick.
 */
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { DependencyUnavailableError, ShuttingDownError } from '../../src/core/errors.js';
import { SealedJwsMalformedError } from '../../src/core/seals/seal-errors.js';
import type { BatchHandler, InboundMessage, MessageBus, Subscription } from '../../src/core/ports/message-bus.js';
import { DeadLetterHeaders, Topics } from '../../src/core/topics.js';
import type { DeadLetterKeys } from '../../src/core/bus/dead-letter-sealer.js';
import { openDeadLetter } from '../fixtures/dead-letter-keys.js';

export interface ContractHarness {
  bus: MessageBus;
  /** The keys the bus seals its dead letters with, to open them. */
  deadLetterKeys: DeadLetterKeys;
  /** The name the broker knows a logical topic by, as it must appear in `source-topic`. */
  actualTopic(logical: string): string;
}

export interface ContractOptions {
  /** How long to wait for messages to arrive. */
  timeoutMs?: number;
}

const WORK = 'work';

export function describeMessageBusContract(name: string, factory: () => Promise<ContractHarness>, options: ContractOptions = {}): void {
  const timeoutMs = options.timeoutMs ?? 5_000;

  describe(`MessageBus contract: ${name}`, () => {
    let h: ContractHarness;
    let bus: MessageBus;

    beforeEach(async () => {
      h = await factory();
      bus = h.bus;
      await bus.ensureTopics([
        { name: WORK, partitions: 4 },
        { name: Topics.deadLetter, partitions: 1 },
      ]);
    });

    afterEach(async () => {
      await bus.close();
    });

    /** Records every message a handler accepted. */
    function recorder(onBatch?: (ms: readonly InboundMessage[]) => void) {
      const seen: InboundMessage[] = [];
      const handleBatch: BatchHandler = async (ms) => {
        onBatch?.(ms);
        seen.push(...ms);
      };
      const ids = () => seen.map((m) => m.headers['message-id'] ?? '?');
      return { seen, ids, handleBatch };
    }

    /** `bound` is longer for the first delivery of a run: a fresh broker sets up its group coordinator then. */
    async function eventually(what: string, done: () => boolean, bound = timeoutMs): Promise<void> {
      const deadline = Date.now() + bound;
      while (!done()) {
        if (Date.now() > deadline) throw new Error(`timed out after ${bound} ms waiting for ${what}`);
        await new Promise((r) => setTimeout(r, 10));
      }
    }

    const msg = (id: string, key: string | null = id, value: string | Uint8Array = `value of ${id}`) => ({
      key,
      value,
      headers: { 'message-id': id },
    });
    const range = (prefix: string, n: number) => Array.from({ length: n }, (_, i) => `${prefix}${i}`);

    it('delivers key, headers and value bytes intact', async () => {
      const bytes = Uint8Array.from({ length: 256 }, (_, i) => i);
      await bus.publish(WORK, [
        { key: '91350100M000100Y43', value: bytes, headers: { 'message-id': 'm-1', 'x-来源': '新化县市场监督管理局' } },
        { key: null, value: '纯文本 value', headers: { 'message-id': 'm-2' } },
      ]);
      const r = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'g', handleBatch: r.handleBatch });
      await eventually('both messages', () => r.seen.length === 2, 3 * timeoutMs);
      const first = r.seen.find((m) => m.headers['message-id'] === 'm-1') as InboundMessage;
      const second = r.seen.find((m) => m.headers['message-id'] === 'm-2') as InboundMessage;
      expect(first.topic).toBe(WORK);
      expect(first.key).toBe('91350100M000100Y43');
      expect(Buffer.isBuffer(first.value)).toBe(true);
      expect([...first.value]).toEqual([...bytes]);
      expect(first.headers).toEqual({ 'message-id': 'm-1', 'x-来源': '新化县市场监督管理局' });
      expect(first.offset).toMatch(/^\d+$/);
      expect(Math.abs(first.timestamp - Date.now())).toBeLessThan(60_000);
      expect(second.key).toBeNull();
      expect(second.value.toString('utf8')).toBe('纯文本 value');
    });

    it('keeps per-key order across publishes and batches', async () => {
      const keys = ['91350100M000100Y43', '114313220061234566', '92431322MA4L0ABC15'];
      const r = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'g', handleBatch: r.handleBatch });
      for (let round = 0; round < 10; round += 1) {
        const batch = [0, 1, 2].flatMap((i) => keys.map((key) => msg(`${key}#${round * 3 + i}`, key)));
        await bus.publish(WORK, batch);
      }
      await eventually('90 messages', () => r.seen.length >= 90);
      for (const key of keys) {
        const sequence = r.seen.filter((m) => m.key === key).map((m) => Number(m.headers['message-id']?.split('#')[1]));
        expect(sequence).toEqual(range('', 30).map(Number));
      }
    });

    it('shares the work between two subscribers of one group, without duplicates', async () => {
      const a = recorder();
      const b = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'shared', handleBatch: a.handleBatch });
      await bus.subscribe({ topic: WORK, groupId: 'shared', handleBatch: b.handleBatch });
      const ids = range('s', 60);
      await bus.publish(
        WORK,
        ids.map((id) => msg(id)),
      );
      await eventually('60 messages across both', () => a.seen.length + b.seen.length >= 60);
      // A duplicate would be a redelivery from a committed offset, ahead of anything published later
      // on the same partition: once a trailer per key is in, any duplicate has shown (no clock).
      const trailers = ids.map((id) => msg(`t-${id}`, id));
      await bus.publish(WORK, trailers);
      await eventually('a trailer per key', () => a.seen.length + b.seen.length >= 120);
      const all = [...a.ids(), ...b.ids()];
      expect(all.sort()).toEqual([...ids, ...trailers.map((t) => t.headers['message-id'])].sort());
      expect(a.seen.length).toBeGreaterThan(0);
      expect(b.seen.length).toBeGreaterThan(0);
    });

    it('gives every group every message', async () => {
      const g1 = recorder();
      const g2 = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'g1', handleBatch: g1.handleBatch });
      await bus.subscribe({ topic: WORK, groupId: 'g2', handleBatch: g2.handleBatch });
      const ids = range('e', 25);
      await bus.publish(
        WORK,
        ids.map((id) => msg(id)),
      );
      await eventually('25 messages in both groups', () => g1.seen.length >= 25 && g2.seen.length >= 25);
      expect(g1.ids().sort()).toEqual([...ids].sort());
      expect(g2.ids().sort()).toEqual([...ids].sort());
    });

    it('dead-letters exactly the poison messages with the DLQ headers and the original sealed, and keeps going', async () => {
      const processed: string[] = [];
      await bus.subscribe({
        topic: WORK,
        groupId: 'worker',
        handleBatch: async (ms) => {
          // A rejected batch: the bus must find the poison message by itself.
          if (ms.some((m) => m.headers.kind === 'poison')) throw new SealedJwsMalformedError('value is not a compact JWS');
          // Per-message verdicts; the unknown error must not leak into the dead letter.
          const verdicts = ms.map((m) => (m.headers.kind === 'bad' ? new Error('db password=hunter2') : undefined));
          ms.forEach((m, i) => verdicts[i] === undefined && processed.push(m.headers['message-id'] ?? '?'));
          return verdicts;
        },
      });
      const dlq = recorder();
      await bus.subscribe({ topic: Topics.deadLetter, groupId: 'dlq-reader', handleBatch: dlq.handleBatch });

      const poisonValue = Uint8Array.from([0xff, 0x00, 0xfe, 0x7b]);
      await bus.publish(
        WORK,
        range('p', 10).map((id, i) => ({
          key: 'same-key',
          value: i === 4 ? poisonValue : `ok ${id}`,
          headers: { 'message-id': id, ...(i === 4 ? { kind: 'poison' } : i === 7 ? { kind: 'bad' } : {}) },
        })),
      );
      await eventually('two dead letters', () => dlq.seen.length >= 2);
      await bus.publish(WORK, [msg('after', 'same-key')]);
      await eventually('the message after the poison', () => processed.includes('after'));

      expect(processed.sort()).toEqual(['after', 'p0', 'p1', 'p2', 'p3', 'p5', 'p6', 'p8', 'p9']);
      expect(dlq.ids()).toEqual(['p4', 'p7']);
      const [poison, bad] = dlq.seen as [InboundMessage, InboundMessage];
      // The original key, headers and value travel sealed; the clear headers describe it.
      expect(poison.key).toBeNull();
      expect(poison.headers).toEqual({
        'message-id': 'p4',
        [DeadLetterHeaders.errorCode]: 'ERR_JWS_MALFORMED',
        [DeadLetterHeaders.errorDetail]: 'value is not a compact JWS',
        [DeadLetterHeaders.sourceTopic]: h.actualTopic(WORK),
        [DeadLetterHeaders.sourcePartition]: expect.stringMatching(/^[0-3]$/),
        [DeadLetterHeaders.sourceOffset]: expect.stringMatching(/^[0-9]+$/),
        [DeadLetterHeaders.originalSize]: '4',
        [DeadLetterHeaders.originalDigest]: expect.stringMatching(/^[0-9a-f]{64}$/),
        [DeadLetterHeaders.sealedKeyId]: expect.any(String),
      });
      const openedPoison = await openDeadLetter(h.deadLetterKeys, poison);
      expect(openedPoison).toMatchObject({
        key: 'same-key',
        headers: { 'message-id': 'p4', kind: 'poison' },
        sourceTopic: h.actualTopic(WORK),
      });
      expect([...Buffer.from(openedPoison.valueBase64 ?? '', 'base64')]).toEqual([...poisonValue]);
      expect((await openDeadLetter(h.deadLetterKeys, bad)).value).toBe('ok p7');
      expect(bad.headers[DeadLetterHeaders.errorCode]).toBe('ERR_INTERNAL');
      expect(bad.headers[DeadLetterHeaders.errorDetail]).not.toContain('hunter2');
      expect(bad.headers[DeadLetterHeaders.sourceTopic]).toBe(h.actualTopic(WORK));
    });

    it('retries a retriable failure until it succeeds and never dead-letters it', async () => {
      let failuresLeft = 3;
      const processed: string[] = [];
      await bus.subscribe({
        topic: WORK,
        groupId: 'worker',
        handleBatch: async (ms) => {
          if (ms.some((m) => m.headers['message-id'] === 'flaky') && failuresLeft > 0) {
            failuresLeft -= 1;
            throw new DependencyUnavailableError('database unreachable');
          }
          if (ms.some((m) => m.headers.kind === 'poison')) throw new SealedJwsMalformedError('poison');
          processed.push(...ms.map((m) => m.headers['message-id'] ?? '?'));
        },
      });
      const dlq = recorder();
      await bus.subscribe({ topic: Topics.deadLetter, groupId: 'dlq-reader', handleBatch: dlq.handleBatch });
      // Same key: had 'flaky' been dead-lettered, it would reach the DLQ before the poison marker.
      await bus.publish(WORK, [msg('flaky', 'k'), { ...msg('marker', 'k'), headers: { 'message-id': 'marker', kind: 'poison' } }]);
      await eventually('the marker in the DLQ', () => dlq.seen.length >= 1);
      await eventually('the flaky message processed', () => processed.includes('flaky'));
      expect(failuresLeft).toBe(0);
      expect(dlq.ids()).toEqual(['marker']);
    });

    it('stops promptly during a retry backoff and redelivers the unfinished message later', async () => {
      let attempts = 0;
      const failing = await bus.subscribe({
        topic: WORK,
        groupId: 'worker',
        handleBatch: async () => {
          attempts += 1;
          throw new DependencyUnavailableError('still down');
        },
      });
      await bus.publish(WORK, [msg('stuck')]);
      await eventually('two failed attempts', () => attempts >= 2);
      const stopping = Date.now();
      await failing.stop();
      expect(Date.now() - stopping).toBeLessThan(timeoutMs);
      const r = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'worker', handleBatch: r.handleBatch });
      await eventually('the stuck message', () => r.seen.length >= 1);
      expect(r.ids()).toEqual(['stuck']);
    });

    it('reports a subscription joined, stalled while one message is retried, moving again after, and not joined once stopped', async () => {
      let failing = true;
      let attempts = 0;
      const sub = await bus.subscribe({
        topic: WORK,
        groupId: 'health',
        handleBatch: async () => {
          attempts += 1;
          if (failing) throw new DependencyUnavailableError('database unreachable');
        },
      });
      expect(sub.health()).toEqual({ joined: true, stalledMs: 0 });
      await bus.publish(WORK, [msg('stuck', 'k')]);
      // Retried, never finished: the stall grows (wait on it, not on a clock).
      await eventually('the stall to grow', () => attempts >= 2 && sub.health().stalledMs >= 50);
      expect(sub.health().joined).toBe(true);
      failing = false;
      await eventually('progress again', () => sub.health().stalledMs === 0);
      await sub.stop();
      expect(sub.health().joined).toBe(false);
    });

    it('rejects publishing to or subscribing to a topic that was never ensured', async () => {
      await expect(bus.publish('never-ensured', [msg('x')])).rejects.toThrow(TypeError);
      await expect(bus.subscribe({ topic: 'never-ensured', groupId: 'g', handleBatch: async () => {} })).rejects.toThrow(TypeError);
    });

    it('refuses work once closed and reports itself unavailable', async () => {
      await bus.close();
      await expect(bus.publish(WORK, [msg('late')])).rejects.toBeInstanceOf(ShuttingDownError);
      await expect(bus.check()).rejects.toBeInstanceOf(DependencyUnavailableError);
      await bus.close();
    });

    it('resumes a group after its committed offset: no redelivery of finished messages', async () => {
      const first = recorder();
      const sub: Subscription = await bus.subscribe({ topic: WORK, groupId: 'resume', handleBatch: first.handleBatch });
      await bus.publish(
        WORK,
        range('a', 12).map((id) => msg(id)),
      );
      await eventually('the first 12', () => first.seen.length >= 12);
      await sub.stop();
      // Each b on the partition of its a: a redelivered a would arrive before its b (no clock).
      await bus.publish(
        WORK,
        range('b', 12).map((id, i) => msg(id, `a${i}`)),
      );
      const second = recorder();
      await bus.subscribe({ topic: WORK, groupId: 'resume', handleBatch: second.handleBatch });
      await eventually('the next 12', () => second.seen.length >= 12);
      expect(first.ids().sort()).toEqual(range('a', 12).sort());
      expect(second.ids().sort()).toEqual(range('b', 12).sort());
    });
  });
}
