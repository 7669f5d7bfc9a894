import { describe, expect, it } from 'vitest';
import { createRetrySchedule, WEBHOOK_RETRY_SCHEDULE_MS } from './retry-schedule.js';

const at = new Date('2026-01-01T00:00:00Z');
const after = (schedule: ReturnType<typeof createRetrySchedule>, attempts: number) =>
  (schedule.nextAttemptAt(attempts, at)?.getTime() ?? NaN) - at.getTime();

describe('webhook retry schedule', () => {
  it('follows 0 s, 5 s, 5 min, 30 min, 2 h, 5 h, 10 h, 10 h without jitter', () => {
    const schedule = createRetrySchedule({ jitter: 0 });
    expect(schedule.maxAttempts).toBe(8);
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => after(schedule, n))).toEqual([
      5_000, 300_000, 1_800_000, 7_200_000, 18_000_000, 36_000_000, 36_000_000,
    ]);
    expect(WEBHOOK_RETRY_SCHEDULE_MS[0]).toBe(0);
  });

  it('is spent after the eighth failed attempt', () => {
    expect(createRetrySchedule().nextAttemptAt(8, at)).toBeUndefined();
  });

  it('spreads each delay by at most ±20 %, both ways', () => {
    const low = createRetrySchedule({ random: () => 0 });
    const high = createRetrySchedule({ random: () => 0.999999 });
    expect(after(low, 2)).toBe(240_000);
    expect(after(high, 2)).toBeGreaterThan(359_000);
    expect(after(high, 2)).toBeLessThanOrEqual(360_000);
  });

  it('refuses a schedule that makes no sense', () => {
    expect(() => createRetrySchedule({ delaysMs: [] })).toThrow(TypeError);
    expect(() => createRetrySchedule({ delaysMs: [-1] })).toThrow(TypeError);
    expect(() => createRetrySchedule({ jitter: 2 })).toThrow(TypeError);
  });
});
