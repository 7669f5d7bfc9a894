import { describe, expect, it } from 'vitest';
import { NotReadyError } from '../errors.js';
import type { Subscription } from '../ports/message-bus.js';
import { assertConsuming, createConsumerProgress } from './consumer-progress.js';

describe('consumer progress', () => {
  it('measures the longest wait of a partition in hand, and nothing while idle', () => {
    let now = 1_000;
    const progress = createConsumerProgress(() => now);
    expect(progress.health()).toEqual({ joined: false, stalledMs: 0 });
    progress.setJoined(true);
    progress.batchStarted(0);
    progress.batchStarted(1);
    now += 500;
    progress.finished(1);
    now += 200;
    expect(progress.health()).toEqual({ joined: true, stalledMs: 700 });
    progress.batchEnded(0);
    expect(progress.health().stalledMs).toBe(200);
    progress.batchEnded(1);
    expect(progress.health().stalledMs).toBe(0);
  });

  it('is not ready without a subscription, out of the group, or stuck past the bound', () => {
    const at = (joined: boolean, stalledMs: number): Subscription => ({ stop: async () => {}, health: () => ({ joined, stalledMs }) });
    expect(() => assertConsuming(undefined, 'licence submission', 1000)).toThrow(NotReadyError);
    expect(() => assertConsuming(at(false, 0), 'licence submission', 1000)).toThrow(/not in its group/);
    expect(() => assertConsuming(at(true, 5_000), 'licence submission', 1000)).toThrow(/stuck on one message for 5 s/);
    expect(() => assertConsuming(at(true, 900), 'licence submission', 1000)).not.toThrow();
  });
});
