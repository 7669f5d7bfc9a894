import { describe, expect, it } from 'vitest';
import { silentLogger } from '../ports/logger.js';
import type { MessageBus, SubscribeOptions, Subscription } from '../ports/message-bus.js';
import { ensureTopicsWithRetry, subscribeWithRetry } from './bus-setup.js';

const fast = { baseMs: 1, maxMs: 4 };
const options: SubscribeOptions = { topic: 'licenses.submit', groupId: 'g', handleBatch: async () => undefined };

function flakyBus(failures: number) {
  let subscribes = 0;
  let stops = 0;
  const bus = {
    async subscribe(): Promise<Subscription> {
      subscribes += 1;
      if (subscribes <= failures) throw new Error('group coordinator not available');
      return { stop: async () => void (stops += 1), health: () => ({ joined: true, stalledMs: 0 }) };
    },
    async ensureTopics() {
      subscribes += 1;
      if (subscribes <= failures) throw new Error('broker down');
    },
  } as unknown as MessageBus;
  return { bus, subscribes: () => subscribes, stops: () => stops };
}

describe('bus setup', () => {
  it('subscribes after failures once the topics are ready, and stop() ends the subscription', async () => {
    const flaky = flakyBus(3);
    const subscription = subscribeWithRetry(flaky.bus, Promise.resolve(true), options, silentLogger, 'submissions', fast);
    await expect.poll(() => flaky.subscribes()).toBe(4);
    await subscription.stop();
    expect(flaky.stops()).toBe(1);
  });

  it('does not subscribe when the topics never became ready, and stops retrying when stopped', async () => {
    const never = flakyBus(0);
    await subscribeWithRetry(never.bus, Promise.resolve(false), options, silentLogger, 'submissions', fast).stop();
    expect(never.subscribes()).toBe(0);

    const down = flakyBus(Number.POSITIVE_INFINITY);
    const subscription = subscribeWithRetry(down.bus, Promise.resolve(true), options, silentLogger, 'submissions', {
      baseMs: 60_000,
      maxMs: 60_000,
    });
    await expect.poll(() => down.subscribes()).toBe(1);
    await subscription.stop();
    expect(down.subscribes()).toBe(1);
  });

  it('creates the topics after failures, or answers false once stopped', async () => {
    const flaky = flakyBus(2);
    const stopper = new AbortController();
    expect(await ensureTopicsWithRetry(flaky.bus, [], silentLogger, stopper.signal, fast)).toBe(true);
    expect(flaky.subscribes()).toBe(3);
    stopper.abort();
    expect(await ensureTopicsWithRetry(flakyBus(Number.POSITIVE_INFINITY).bus, [], silentLogger, stopper.signal)).toBe(false);
  });
});
