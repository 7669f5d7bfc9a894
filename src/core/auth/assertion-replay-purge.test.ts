import { afterEach, describe, expect, it, vi } from 'vitest';
import { silentLogger } from '../ports/logger.js';
import { startAssertionReplayPurge } from './assertion-replay-purge.js';
import { InMemoryAssertionReplayStore } from './in-memory-assertion-replay-store.js';

afterEach(() => {
  vi.useRealTimers();
});

describe('assertion replay purge', () => {
  it('forgets expired identifiers every interval, survives a failing run, and stops', async () => {
    vi.useFakeTimers();
    const store = new InMemoryAssertionReplayStore();
    let now = new Date('2030-01-01T00:00:00Z');
    await store.remember({ issuer: 'A', jti: 'old', until: new Date(now.getTime() + 1000) });
    const purge = vi.spyOn(store, 'purgeExpired').mockRejectedValueOnce(new Error('db down'));
    const warn = vi.fn();
    const running = startAssertionReplayPurge({ store, logger: { ...silentLogger, warn }, now: () => now, intervalMs: 60_000 });

    await vi.advanceTimersByTimeAsync(60_000);
    expect(warn).toHaveBeenCalledTimes(1);
    now = new Date(now.getTime() + 120_000);
    await vi.advanceTimersByTimeAsync(60_000);
    await expect(purge.mock.results[1]?.value).resolves.toBe(1);
    await expect(store.remember({ issuer: 'A', jti: 'old', until: now })).resolves.toBe(true);

    await running.stop();
    await vi.advanceTimersByTimeAsync(600_000);
    expect(purge).toHaveBeenCalledTimes(2);
  });
});
