import { describe, expect, it, vi } from 'vitest';
import { createIntervalCommits } from './interval-commits.js';

describe('interval commits', () => {
  it('commits the next offset of each partition once per interval, not once per finished message', async () => {
    vi.useFakeTimers();
    try {
      const commits: { partition: number; offset: string }[][] = [];
      const c = createIntervalCommits({ intervalMs: 1_000, commit: async (o) => void commits.push(o), onError: () => {} });
      c.finished(0, '5');
      c.finished(0, '6');
      c.finished(2, '9007199254740993'); // beyond 2^53: offsets are strings, counted as bigint
      expect(commits).toEqual([]);
      await vi.advanceTimersByTimeAsync(1_000);
      expect(commits).toEqual([
        [
          { partition: 0, offset: '7' },
          { partition: 2, offset: '9007199254740994' },
        ],
      ]);
      await vi.advanceTimersByTimeAsync(5_000);
      expect(commits).toHaveLength(1); // nothing new, nothing sent
    } finally {
      vi.useRealTimers();
    }
  });

  it('drops what is pending on a rebalance, and commits at once on flush', async () => {
    vi.useFakeTimers();
    try {
      const commits: { partition: number; offset: string }[][] = [];
      const c = createIntervalCommits({ intervalMs: 1_000, commit: async (o) => void commits.push(o), onError: () => {} });
      c.finished(1, '3');
      c.reset();
      await vi.advanceTimersByTimeAsync(2_000);
      expect(commits).toEqual([]);
      c.finished(1, '4');
      await c.flush();
      expect(commits).toEqual([[{ partition: 1, offset: '5' }]]);
    } finally {
      vi.useRealTimers();
    }
  });

  it('reports a failed commit instead of throwing from the timer', async () => {
    vi.useFakeTimers();
    try {
      const errors: unknown[] = [];
      const c = createIntervalCommits({
        intervalMs: 10,
        commit: async () => Promise.reject(new Error('rebalance in progress')),
        onError: (e) => void errors.push(e),
      });
      c.finished(0, '1');
      await vi.advanceTimersByTimeAsync(10);
      expect(errors).toHaveLength(1);
    } finally {
      vi.useRealTimers();
    }
  });
});
