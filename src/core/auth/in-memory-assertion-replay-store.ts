/**
 * @module core/auth/in-memory-assertion-replay-store
 * The replay store for unit tests and single-process tools; the contract suite holds it to the
 * same behaviour as the PostgreSQL adapter.
 */
import type { AssertionReplayStore, AssertionUse } from '../ports/assertion-replay-store.js';

export class InMemoryAssertionReplayStore implements AssertionReplayStore {
  private readonly seen = new Map<string, Date>();

  async remember(use: AssertionUse): Promise<boolean> {
    const key = JSON.stringify([use.issuer, use.jti]);
    if (this.seen.has(key)) return false;
    this.seen.set(key, use.until);
    return true;
  }

  async purgeExpired(now: Date): Promise<number> {
    let purged = 0;
    for (const [key, until] of this.seen) {
      if (until.getTime() < now.getTime()) {
        this.seen.delete(key);
        purged += 1;
      }
    }
    return purged;
  }
}
