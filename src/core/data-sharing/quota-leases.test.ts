import { describe, expect, it } from 'vitest';
import { createQuotaLeases, leaseSize } from './quota-leases.js';

/** A shared counter like data_grant_usage: takes never pass the limit. */
function sharedCounter() {
  const counts = new Map<string, number>();
  const takes: number[] = [];
  return {
    takes,
    async take(grant: string, window: Date, limit: number, wanted: number) {
      await Promise.resolve();
      const key = `${grant}@${window.toISOString()}`;
      const used = counts.get(key) ?? 0;
      const got = Math.max(0, Math.min(wanted, limit - used));
      counts.set(key, used + got);
      takes.push(got);
      return got;
    },
  };
}

const minute = (n: number) => new Date(Date.UTC(2026, 11, 7, 8, n));

describe('quota leases', () => {
  it('sizes leases: exact up to 100 a minute, 1 % above, at most 100', () => {
    expect([1, 60, 100, 101, 250, 1_000, 10_000, 1_000_000].map(leaseSize)).toEqual([1, 1, 1, 1, 2, 10, 100, 100]);
  });

  it('never admits more than the limit across instances, and asks the counter once per lease', async () => {
    const counter = sharedCounter();
    const [a, b] = [createQuotaLeases(counter), createQuotaLeases(counter)];
    const asked = Array.from({ length: 1_500 }, (_, i) => (i % 2 === 0 ? a : b).admit('g', minute(0), 1_000));
    const admitted = (await Promise.all(asked)).filter(Boolean).length;
    expect(admitted).toBe(1_000); // both leases of 10 divide the 1,000 exactly: nothing stranded here
    expect(counter.takes.filter((n) => n > 0)).toHaveLength(100);
  });

  it('refuses the rest of a spent minute without asking again, and starts afresh the next minute', async () => {
    const counter = sharedCounter();
    const leases = createQuotaLeases(counter);
    const first = await Promise.all(Array.from({ length: 5 }, () => leases.admit('g', minute(0), 3)));
    expect(first).toEqual([true, true, true, false, false]);
    const asked = counter.takes.length;
    expect(await leases.admit('g', minute(0), 3)).toBe(false);
    expect(counter.takes).toHaveLength(asked);
    expect(await leases.admit('g', minute(1), 3)).toBe(true);
  });

  it('a failed take fails the requests waiting on it (closed), and the next request asks again', async () => {
    let fail = true;
    const leases = createQuotaLeases({
      take: async (_g, _w, _l, wanted) => {
        if (fail) throw new Error('database away');
        return wanted;
      },
    });
    await expect(Promise.all([leases.admit('g', minute(0), 500), leases.admit('g', minute(0), 500)])).rejects.toThrow('database away');
    fail = false;
    expect(await leases.admit('g', minute(0), 500)).toBe(true);
  });
});
