import { describe, expect, it } from 'vitest';
import { createProduceCoalescer, type TopicMessages } from './produce-coalescer.js';

class Refused extends Error {}

/** A fake broker: records each request, answers when released, refuses any value 'bad'. */
function fakeBroker() {
  const requests: TopicMessages[][] = [];
  const releases: (() => void)[] = [];
  const sendBatch = (topicMessages: TopicMessages[]) => {
    requests.push(topicMessages);
    return new Promise<void>((resolve, reject) =>
      releases.push(() => {
        if (topicMessages.some((t) => t.messages.some((m) => m.value === 'bad'))) reject(new Refused('too large'));
        else if (topicMessages.some((t) => t.messages.some((m) => m.value === 'down'))) reject(new Error('broker away'));
        else resolve();
      }),
    );
  };
  const releaseAll = async () => {
    // Release whatever is on the wire until the coalescer stops sending.
    for (let idle = 0; idle < 5;) {
      const next = releases.shift();
      if (next) (next(), (idle = 0));
      else idle += 1;
      await new Promise((r) => setImmediate(r));
    }
  };
  return { requests, sendBatch, releaseAll };
}

const msg = (value: string) => ({ topic: 't', messages: [{ key: 'k', value }] });
const values = (request: TopicMessages[] | undefined) => request?.flatMap((t) => t.messages.map((m) => `${t.topic}:${String(m.value)}`));

describe('produce coalescer', () => {
  it('sends alone when idle, and gathers the callers that arrive while a request is on the wire, in order', async () => {
    const broker = fakeBroker();
    const send = createProduceCoalescer(broker.sendBatch, { refusesContent: (e) => e instanceof Refused });
    const first = send(msg('1'));
    await new Promise((r) => setImmediate(r));
    const later = [send(msg('2')), send({ topic: 'u', messages: [{ value: '3' }] }), send(msg('4'))];
    await broker.releaseAll();
    await Promise.all([first, ...later]);
    expect(broker.requests.map(values)).toEqual([['t:1'], ['t:2', 't:4', 'u:3']]);
  });

  it('callers of the same tick leave together', async () => {
    const broker = fakeBroker();
    const send = createProduceCoalescer(broker.sendBatch, { refusesContent: () => false });
    const all = Promise.all([send(msg('a')), send(msg('b'))]);
    await broker.releaseAll();
    await all;
    expect(broker.requests.map(values)).toEqual([['t:a', 't:b']]);
  });

  it('keeps each request under the byte bound, a larger caller going alone', async () => {
    const broker = fakeBroker();
    const send = createProduceCoalescer(broker.sendBatch, { refusesContent: () => false, maxBytes: 300 });
    const all = Promise.all([send(msg('x'.repeat(50))), send(msg('y'.repeat(50))), send(msg('z'.repeat(500))), send(msg('w'))]);
    await broker.releaseAll();
    await all;
    expect(broker.requests.map((r) => r.flatMap((t) => t.messages.length))).toEqual([[2], [1], [1]]);
  });

  it("a refused message fails only its own caller: the others' messages are sent again without it", async () => {
    const broker = fakeBroker();
    const send = createProduceCoalescer(broker.sendBatch, { refusesContent: (e) => e instanceof Refused });
    const outcomes = Promise.allSettled([send(msg('ok-1')), send(msg('bad')), send(msg('ok-2'))]);
    await broker.releaseAll();
    expect((await outcomes).map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect(broker.requests.map(values)).toEqual([['t:ok-1', 't:bad', 't:ok-2'], ['t:ok-1'], ['t:bad'], ['t:ok-2']]);
  });

  it('a broker that is away fails every caller of the request at once, without trying them one by one', async () => {
    const broker = fakeBroker();
    const send = createProduceCoalescer(broker.sendBatch, { refusesContent: (e) => e instanceof Refused });
    const outcomes = Promise.allSettled([send(msg('down')), send(msg('x'))]);
    await broker.releaseAll();
    expect((await outcomes).map((o) => o.status)).toEqual(['rejected', 'rejected']);
    expect(broker.requests).toHaveLength(1);
    // …and the next caller is sent as usual.
    const next = send(msg('y'));
    await broker.releaseAll();
    await next;
    expect(values(broker.requests[1])).toEqual(['t:y']);
  });
});
