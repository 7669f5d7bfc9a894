import { describe, expect, it } from 'vitest';
import { openDeadLetter, testDeadLetterKeys } from '../../../test/fixtures/dead-letter-keys.js';
import { DependencyUnavailableError, MalformedMessageError, MessageRefusedError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { BatchHandler, InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import { createDeadLetterSealer, deadLetterDigest, TRUNCATED_VALUE_BYTES } from './dead-letter-sealer.js';
import { createDeliveryPolicy, type Delivery, type RetryBackoff } from './delivery-policy.js';

function message(offset: number, extra: Partial<InboundMessage> = {}): InboundMessage {
  return {
    topic: 'licenses.submit',
    partition: 2,
    offset: String(offset),
    key: '91350100M000100Y43',
    value: Buffer.from([0, 255, offset, 0x80]),
    headers: { 'message-id': `m-${offset}` },
    timestamp: 1_700_000_000_000,
    ...extra,
  };
}

function batch(n: number): InboundMessage[] {
  return Array.from({ length: n }, (_, i) => message(i));
}

function captureLogger() {
  const entries: Array<{ level: string; obj: Record<string, unknown>; msg?: string }> = [];
  const at =
    (level: string) =>
    (obj: object, msg?: string): void => {
      entries.push({ level, obj: obj as Record<string, unknown>, msg });
    };
  const logger: Logger = { debug: at('debug'), info: at('info'), warn: at('warn'), error: at('error'), child: () => logger };
  return { logger, entries };
}

function harness(opts: { retry?: RetryBackoff; deadLetter?: Delivery['deadLetter'] } = {}) {
  const { logger, entries } = captureLogger();
  const keys = testDeadLetterKeys();
  const policy = createDeliveryPolicy({ logger, retry: opts.retry ?? { baseMs: 1, maxMs: 4 }, deadLetters: createDeadLetterSealer(keys) });
  const finished: string[] = [];
  const dlq: OutgoingMessage[] = [];
  const controller = new AbortController();
  const deliver = (messages: InboundMessage[], handleBatch: BatchHandler, more: Partial<Delivery> = {}) =>
    policy.deliver({
      messages,
      handleBatch,
      sourceTopic: 'zz.licenses.submit',
      deadLetter:
        opts.deadLetter ??
        (async (m) => {
          dlq.push(m);
        }),
      onFinished: (m) => finished.push(m.offset),
      signal: controller.signal,
      ...more,
    });
  return { deliver, finished, dlq, controller, entries, keys };
}

const offsets = (ms: readonly InboundMessage[]) => ms.map((m) => m.offset);

describe('delivery policy', () => {
  it('finishes a batch the handler accepts, in order, with one call', async () => {
    const h = harness();
    const calls: string[][] = [];
    const outcome = await h.deliver(batch(5), async (ms) => void calls.push(offsets(ms)));
    expect(outcome).toEqual({ finished: 5, deadLettered: 0 });
    expect(calls).toEqual([['0', '1', '2', '3', '4']]);
    expect(h.finished).toEqual(['0', '1', '2', '3', '4']);
  });

  it('isolates a poison message in the middle of a rejected batch and dead-letters only it', async () => {
    const h = harness();
    const calls: string[][] = [];
    const poison = message(3, { headers: { 'message-id': 'm-3', 'x-trace': '证照' } });
    const messages = [message(0), message(1), message(2), poison, message(4), message(5)];
    const outcome = await h.deliver(messages, async (ms) => {
      calls.push(offsets(ms));
      if (ms.some((m) => m.offset === '3')) throw new MalformedMessageError('value is not a compact JWS');
    });
    expect(outcome).toEqual({ finished: 6, deadLettered: 1 });
    expect(calls).toEqual([['0', '1', '2', '3', '4', '5'], ['0'], ['1'], ['2'], ['3'], ['4'], ['5']]);
    expect(h.finished).toEqual(['0', '1', '2', '3', '4', '5']);
    expect(h.dlq).toHaveLength(1);
    const letter = h.dlq[0] as OutgoingMessage;
    // Nothing of the original in clear: the key, the other headers and the value are sealed.
    expect(letter.key).toBeNull();
    expect(letter.headers).toEqual({
      'message-id': 'm-3',
      'error-code': 'ERR_MALFORMED_MESSAGE',
      'error-detail': 'value is not a compact JWS',
      'source-topic': 'zz.licenses.submit',
      'source-partition': '2',
      'source-offset': '3',
      'original-size': '4',
      'original-digest': deadLetterDigest(h.keys.digests, poison.value),
      'sealed-key-id': expect.stringMatching(/^body-/),
    });
    const opened = await openDeadLetter(h.keys, letter);
    expect(opened).toMatchObject({ key: poison.key, headers: poison.headers, truncated: false, sourceOffset: '3' });
    expect(Buffer.from(opened.valueBase64 ?? '', 'base64')).toEqual(poison.value);
  });

  it('dead-letters exactly the messages a handler marks as failed, without echoing internal errors', async () => {
    const h = harness();
    let calls = 0;
    const outcome = await h.deliver(batch(4), async () => {
      calls += 1;
      return [undefined, new MalformedMessageError('missing message-id header'), undefined, new Error('db password=hunter2')];
    });
    expect(calls).toBe(1);
    expect(outcome).toEqual({ finished: 4, deadLettered: 2 });
    expect(h.finished).toEqual(['0', '1', '2', '3']);
    expect(h.dlq.map((m) => m.headers?.['error-code'])).toEqual(['ERR_MALFORMED_MESSAGE', 'ERR_INTERNAL']);
    expect(h.dlq[0]?.headers?.['error-detail']).toBe('missing message-id header');
    expect(h.dlq[1]?.headers?.['error-detail']).toBe('internal error while processing the message');
    expect(JSON.stringify(h.dlq.map((m) => m.headers))).not.toContain('hunter2');
    // The operator still gets the internal error in the log.
    expect(h.entries.some((e) => e.level === 'error' && (e.obj.err as Error)?.message === 'db password=hunter2')).toBe(true);
  });

  it('retries a retriable failure with exponential backoff until it succeeds, never dead-lettering it', async () => {
    const h = harness({ retry: { baseMs: 4, maxMs: 16, jitter: 0 } });
    let calls = 0;
    const outcome = await h.deliver(batch(2), async () => {
      calls += 1;
      if (calls <= 5) throw new DependencyUnavailableError('database unreachable');
    });
    expect(calls).toBe(6);
    expect(outcome).toEqual({ finished: 2, deadLettered: 0 });
    expect(h.dlq).toEqual([]);
    const delays = h.entries.filter((e) => e.msg === 'retriable failure; retrying').map((e) => e.obj.delayMs);
    expect(delays).toEqual([4, 8, 16, 16, 16]);
  });

  it('retries from the failing message when the handler marks one retriable, keeping earlier ones finished', async () => {
    const h = harness();
    const calls: string[][] = [];
    const outcome = await h.deliver(batch(4), async (ms) => {
      calls.push(offsets(ms));
      if (calls.length === 1) return [undefined, new DependencyUnavailableError('timeout'), undefined, undefined];
      return undefined;
    });
    expect(calls).toEqual([
      ['0', '1', '2', '3'],
      ['1', '2', '3'],
    ]);
    expect(outcome).toEqual({ finished: 4, deadLettered: 0 });
    expect(h.finished).toEqual(['0', '1', '2', '3']);
  });

  it('stops during a backoff as soon as it is aborted, leaving the message unfinished', async () => {
    const h = harness({ retry: { baseMs: 60_000, maxMs: 60_000 } });
    let calls = 0;
    const started = Date.now();
    const delivering = h.deliver(batch(3), async () => {
      calls += 1;
      setTimeout(() => h.controller.abort(), 20);
      throw new DependencyUnavailableError('broker down');
    });
    const outcome = await delivering;
    // Far below the 60 s backoff: the abort ended the wait (a loaded machine still passes).
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(calls).toBe(1);
    expect(outcome).toEqual({ finished: 0, deadLettered: 0 });
    expect(h.finished).toEqual([]);
    expect(h.dlq).toEqual([]);
  });

  it('stops when the adapter reports it is no longer active', async () => {
    const h = harness({ retry: { baseMs: 60_000, maxMs: 60_000 } });
    let active = true;
    const started = Date.now();
    const outcome = await h.deliver(
      batch(2),
      async () => {
        setTimeout(() => (active = false), 20);
        throw new DependencyUnavailableError('broker down');
      },
      { isActive: () => active },
    );
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(outcome.finished).toBe(0);
  });

  it('retries a failed dead-letter write instead of skipping the message', async () => {
    let writes = 0;
    const written: OutgoingMessage[] = [];
    const h = harness({
      deadLetter: async (m) => {
        writes += 1;
        if (writes < 3) throw new DependencyUnavailableError('dlq unavailable');
        written.push(m);
      },
    });
    const outcome = await h.deliver(batch(2), async () => [new MalformedMessageError('bad'), undefined]);
    expect(writes).toBe(3);
    expect(written).toHaveLength(1);
    expect(outcome).toEqual({ finished: 2, deadLettered: 1 });
    expect(h.finished).toEqual(['0', '1']);
  });

  it('dead-letters a truncated copy, with the original size and keyed digest, when the bus refuses the full one for good', async () => {
    const written: OutgoingMessage[] = [];
    let attempts = 0;
    const h = harness({
      retry: { baseMs: 60_000, maxMs: 60_000 },
      deadLetter: async (m) => {
        attempts += 1;
        if (Buffer.byteLength(m.value) > 100_000) throw new MessageRefusedError('publishing to zz.dlq failed: MESSAGE_TOO_LARGE');
        written.push(m);
      },
    });
    const huge = Buffer.alloc(1_048_000, 0x41);
    const started = Date.now();
    const outcome = await h.deliver([message(0, { value: huge }), message(1)], async (ms) =>
      ms.map((m) => (m.value.length > 1000 ? new MalformedMessageError('not a JWS') : undefined)),
    );
    // No backoff at all: a 60 s wait would have failed this test by its timeout.
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(attempts).toBe(2);
    expect(outcome).toEqual({ finished: 2, deadLettered: 1 });
    expect(h.finished).toEqual(['0', '1']);
    const letter = written[0] as OutgoingMessage;
    expect(letter.headers).toEqual({
      'message-id': 'm-0',
      'error-code': 'ERR_MALFORMED_MESSAGE',
      'error-detail': 'not a JWS',
      'source-topic': 'zz.licenses.submit',
      'source-partition': '2',
      'source-offset': '0',
      truncated: 'true',
      'original-size': '1048000',
      'original-digest': deadLetterDigest(h.keys.digests, huge),
      'sealed-key-id': expect.stringMatching(/^body-/),
    });
    const opened = await openDeadLetter(h.keys, letter);
    expect(opened.truncated).toBe(true);
    expect(opened.value).toBe(huge.subarray(0, TRUNCATED_VALUE_BYTES).toString('utf8'));
  });

  it('keeps retrying when even the truncated copy fails retriably, never dropping the message', async () => {
    let attempts = 0;
    const h = harness({
      deadLetter: async (m) => {
        attempts += 1;
        if (m.headers?.truncated === undefined) throw new MessageRefusedError('too large');
        if (attempts < 4) throw new DependencyUnavailableError('dlq down');
      },
    });
    const outcome = await h.deliver([message(0)], async () => [new MalformedMessageError('bad')]);
    expect(attempts).toBe(4);
    expect(outcome).toEqual({ finished: 1, deadLettered: 1 });
  });

  it('treats a result array of the wrong length as a handler bug, not as success', async () => {
    const h = harness();
    const outcome = await h.deliver(batch(2), async () => []);
    expect(outcome).toEqual({ finished: 2, deadLettered: 2 });
    expect(h.dlq.map((m) => m.headers?.['error-code'])).toEqual(['ERR_INTERNAL', 'ERR_INTERNAL']);
  });

  it('truncates a long public detail to 1 KiB of valid UTF-8', async () => {
    const h = harness();
    await h.deliver(batch(1), async () => {
      throw new MalformedMessageError('证照'.repeat(1000));
    });
    const detail = h.dlq[0]?.headers?.['error-detail'] ?? '';
    expect(Buffer.byteLength(detail)).toBeLessThanOrEqual(1024);
    expect(Buffer.byteLength(detail)).toBeGreaterThan(1000);
    expect(detail.endsWith('…')).toBe(true);
    expect(detail).not.toContain('\uFFFD');
  });

  it('heartbeats while a handler runs long', async () => {
    const h = harness();
    let beats = 0;
    let beatThrice: () => void = () => {};
    const thrice = new Promise<void>((resolve) => (beatThrice = resolve));
    // The handler returns only once it has seen three heartbeats: a loaded machine is slower, not wrong.
    await h.deliver(batch(1), () => thrice, {
      heartbeat: async () => {
        beats += 1;
        if (beats >= 3) beatThrice();
      },
      heartbeatIntervalMs: 10,
    });
    expect(beats).toBeGreaterThanOrEqual(3);
  });

  it('abandons the batch when a heartbeat fails (e.g. the group is rebalancing)', async () => {
    const h = harness({ retry: { baseMs: 5_000, maxMs: 5_000 } });
    const rebalance = new Error('The group is rebalancing');
    const delivering = h.deliver(
      batch(2),
      async () => {
        throw new DependencyUnavailableError('busy');
      },
      {
        heartbeat: async () => {
          throw rebalance;
        },
        heartbeatIntervalMs: 10,
      },
    );
    await expect(delivering).rejects.toBe(rebalance);
    expect(h.finished).toEqual([]);
  });

  it('rejects a nonsensical backoff configuration', () => {
    const { logger } = captureLogger();
    const deadLetters = createDeadLetterSealer(testDeadLetterKeys());
    expect(() => createDeliveryPolicy({ logger, deadLetters, retry: { baseMs: 0 } })).toThrow(TypeError);
    expect(() => createDeliveryPolicy({ logger, deadLetters, retry: { baseMs: 10, maxMs: 5 } })).toThrow(TypeError);
    expect(() => createDeliveryPolicy({ logger, deadLetters, retry: { jitter: 2 } })).toThrow(TypeError);
  });
});

describe('delivery policy before the dead-letter keys are loaded', () => {
  it('waits with the dead letter (never writing it in clear) and writes it sealed once the keys arrive', async () => {
    const { logger, entries } = captureLogger();
    const sealer = createDeadLetterSealer();
    const policy = createDeliveryPolicy({ logger, retry: { baseMs: 1, maxMs: 4 }, deadLetters: sealer });
    const keys = testDeadLetterKeys();
    const written: OutgoingMessage[] = [];
    const outcome = await policy.deliver({
      messages: [message(0)],
      handleBatch: async () => [new MalformedMessageError('bad')],
      sourceTopic: 'zz.licenses.submit',
      deadLetter: async (m) => void written.push(m),
      onFinished: () => {},
      signal: new AbortController().signal,
      // The keys arrive after the third retry: until then nothing may be written.
      isActive: () => {
        if (entries.filter((e) => e.msg === 'dead-letter write failed; retrying').length >= 3) sealer.useKeys(keys);
        return true;
      },
    });
    expect(outcome).toEqual({ finished: 1, deadLettered: 1 });
    expect(written).toHaveLength(1);
    expect(entries.filter((e) => e.msg === 'dead-letter write failed; retrying').length).toBeGreaterThanOrEqual(3);
    expect((await openDeadLetter(keys, written[0] as OutgoingMessage)).valueBase64).toBe(message(0).value.toString('base64'));
  });
});
