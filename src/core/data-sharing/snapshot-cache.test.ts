import { describe, expect, it } from 'vitest';
import type { DataService } from './data-service.js';
import { createSnapshotCache } from './snapshot-cache.js';

describe('snapshot cache', () => {
  it('reads a service once per max age, and again after it', async () => {
    let clock = 0;
    let reads = 0;
    const service = { code: 'hukou' } as DataService;
    const cache = createSnapshotCache(async () => (reads++, service), { maxAgeMs: 1_000, now: () => clock });
    const find = (code: string) => cache.get(code);
    expect(await find('hukou')).toBe(service);
    clock = 999;
    await find('hukou');
    expect(reads).toBe(1);
    clock = 1_000;
    await find('hukou');
    expect(reads).toBe(2);
  });

  it('does not keep a failed read', async () => {
    let reads = 0;
    const cache = createSnapshotCache(async () => {
      reads += 1;
      if (reads === 1) throw new Error('database away');
      return undefined;
    });
    const find = (code: string) => cache.get(code);
    await expect(find('hukou')).rejects.toThrow('database away');
    await expect(find('hukou')).resolves.toBeUndefined();
    expect(reads).toBe(2);
  });
});
