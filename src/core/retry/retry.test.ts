import { describe, expect, it } from 'vitest';
import { backoffDelay, retry } from './retry.js';

const fast = { baseMs: 1, maxMs: 4, jitter: 0 };

describe('retry', () => {
  it('tries again after each failure until the action succeeds, reporting every failure', async () => {
    const failures: Array<[number, number]> = [];
    let calls = 0;
    const result = await retry(
      async (attempt) => {
        calls += 1;
        if (attempt < 4) throw new Error(`attempt ${attempt}`);
        return 'done';
      },
      { ...fast, onFailure: (_error, attempt, retryInMs) => failures.push([attempt, retryInMs]) },
    );
    expect(result).toBe('done');
    expect(calls).toBe(4);
    expect(failures).toEqual([
      [1, 1],
      [2, 2],
      [3, 4],
    ]);
  });

  it('stops waiting and resolves undefined once its signal aborts', async () => {
    const stopper = new AbortController();
    let calls = 0;
    const pending = retry(
      async () => {
        calls += 1;
        throw new Error('down');
      },
      { baseMs: 60_000, maxMs: 60_000, signal: stopper.signal },
    );
    await expect.poll(() => calls).toBe(1);
    stopper.abort();
    await expect(pending).resolves.toBeUndefined();
    expect(calls).toBe(1);
  });

  it('refuses a backoff that cannot work', async () => {
    await expect(retry(async () => 1, { baseMs: 0, maxMs: 10 })).rejects.toThrow(TypeError);
    await expect(retry(async () => 1, { baseMs: 10, maxMs: 5 })).rejects.toThrow(TypeError);
  });
});

describe('backoffDelay', () => {
  it('doubles up to the ceiling and takes off at most the jitter share', () => {
    const backoff = { baseMs: 100, maxMs: 1_000, jitter: 0.5 };
    expect([0, 1, 2, 3, 4, 40].map((n) => backoffDelay(n, backoff, () => 0))).toEqual([100, 200, 400, 800, 1_000, 1_000]);
    expect(backoffDelay(3, backoff, () => 1)).toBe(400);
    expect(backoffDelay(3, backoff, () => 0.5)).toBe(600);
  });
});
