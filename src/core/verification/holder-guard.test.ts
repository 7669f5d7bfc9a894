import { describe, expect, it } from 'vitest';
import { createHolderGuard } from './holder-guard.js';
import { HolderChecksLimitedError } from './verification-errors.js';

describe('holder guard', () => {
  const options = { windowMs: 60_000, slowAfter: 2, refuseAfter: 4, refuseAfterPerLicense: 6, stepMs: 100, maxDelayMs: 250 };

  it('answers the first failures at once, slows the next, then refuses the caller and alerts once', () => {
    let t = 0;
    const guard = createHolderGuard({ ...options, now: () => t });
    const delays: number[] = [];
    const alerts: boolean[] = [];
    for (let i = 0; i < 4; i++) {
      delays.push(guard.admit('clerk-a', 'L1'));
      alerts.push(guard.record('clerk-a', 'L1', false));
    }
    expect(delays).toEqual([0, 0, 100, 200]);
    expect(alerts).toEqual([false, false, false, true]);
    t = 10_000;
    let refused: unknown;
    try {
      guard.admit('clerk-a', 'L2');
    } catch (error) {
      refused = error;
    }
    expect(refused).toBeInstanceOf(HolderChecksLimitedError);
    expect((refused as HolderChecksLimitedError).extra).toEqual({ retryAfter: 50 });
    // Another caller is not refused; after the window the caller starts afresh.
    expect(guard.admit('clerk-b', 'L2')).toBe(0);
    t = 61_000;
    expect(guard.admit('clerk-a', 'L2')).toBe(0);
  });

  it('does not count right answers, and refuses a licence many callers guess at', () => {
    const guard = createHolderGuard({ ...options, now: () => 0 });
    for (let i = 0; i < 10; i++) expect(guard.record('clerk-a', 'L1', true)).toBe(false);
    expect(guard.admit('clerk-a', 'L1')).toBe(0);
    const alerts = Array.from({ length: 6 }, (_, i) => guard.record(`clerk-${i}`, 'L9', false));
    expect(alerts).toEqual([false, false, false, false, false, true]);
    expect(() => guard.admit('clerk-new', 'L9')).toThrow(HolderChecksLimitedError);
    expect(guard.admit('clerk-new', 'L1')).toBe(0);
  });

  it('caps the slowdown', () => {
    const guard = createHolderGuard({ ...options, refuseAfter: 100, now: () => 0 });
    for (let i = 0; i < 20; i++) guard.record('clerk-a', `L${i}`, false);
    expect(guard.admit('clerk-a', 'L1')).toBe(250);
  });
});
