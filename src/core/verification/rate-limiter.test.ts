import { describe, expect, it } from 'vitest';
import { createEnumerationWatch } from './enumeration-watch.js';
import { createRateLimiter } from './rate-limiter.js';

describe('verification limits', () => {
  it('allows a burst, then refills at the rate and says how long to wait', () => {
    let t = 0;
    const limiter = createRateLimiter({ ratePerSecond: 2, burst: 3, now: () => t });
    expect([limiter.take('u'), limiter.take('u'), limiter.take('u')]).toEqual([0, 0, 0]);
    expect(limiter.take('u')).toBeCloseTo(0.5);
    expect(limiter.take('other')).toBe(0);
    t = 500;
    expect(limiter.take('u')).toBe(0);
    expect(limiter.take('u')).toBeGreaterThan(0);
  });

  it('flags a caller whose verifications are mostly misses, once per window', () => {
    let t = 0;
    const watch = createEnumerationWatch({ minMisses: 5, minShare: 0.5, windowMs: 1000, now: () => t });
    const flags = Array.from({ length: 6 }, () => watch.observe('prober', true));
    expect(flags).toEqual([false, false, false, false, true, false]);
    const honest = Array.from({ length: 20 }, (_, i) => watch.observe('clerk', i % 5 === 0));
    expect(honest.some(Boolean)).toBe(false);
    t = 2000;
    expect(Array.from({ length: 5 }, () => watch.observe('prober', true)).at(-1)).toBe(true);
  });
});
