/**
 * @module test/port-suites/assertion-replay-store.suite
 * What every `AssertionReplayStore` owes the token endpoint (core/ports/assertion-replay-store.ts):
 * a `jti` is remembered once per issuer, racing callers get exactly one `true`, and only expired
 * identifiers are purged. Run against the in-memory store (unit) and PostgreSQL (integration).
 */
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AssertionReplayStore } from '../../src/core/ports/assertion-replay-store.js';

const A = '91350100M000100Y43';
const B = '11431322006123456X';

export function describeAssertionReplayStoreContract(name: string, factory: () => Promise<AssertionReplayStore>): void {
  describe(`AssertionReplayStore contract: ${name}`, () => {
    const soon = () => new Date(Date.now() + 60_000);

    it('remembers a jti once per issuer', async () => {
      const store = await factory();
      const jti = randomUUID();
      expect(await store.remember({ issuer: A, jti, until: soon() })).toBe(true);
      expect(await store.remember({ issuer: A, jti, until: soon() })).toBe(false);
      expect(await store.remember({ issuer: B, jti, until: soon() })).toBe(true);
    });

    it('lets exactly one of many racing callers win', async () => {
      const store = await factory();
      const jti = randomUUID();
      const results = await Promise.all(Array.from({ length: 20 }, () => store.remember({ issuer: A, jti, until: soon() })));
      expect(results.filter(Boolean)).toHaveLength(1);
    });

    it('purges only identifiers whose assertions have expired', async () => {
      const store = await factory();
      const now = new Date();
      const [expired, live] = [randomUUID(), randomUUID()];
      await store.remember({ issuer: A, jti: expired, until: new Date(now.getTime() - 1000) });
      await store.remember({ issuer: A, jti: live, until: new Date(now.getTime() + 60_000) });
      expect(await store.purgeExpired(now)).toBeGreaterThanOrEqual(1);
      expect(await store.remember({ issuer: A, jti: live, until: soon() })).toBe(false);
      expect(await store.remember({ issuer: A, jti: expired, until: soon() })).toBe(true);
    });
  });
}
