/**
 * @module core/ports/login-failure-repository
 * Failed sign-in counters and locks, keyed by `user:<name>` or `ip:<address>`. Kept in the database
 * so a lock holds across restarts and across every hub instance behind the load balancer.
 */
export interface LoginFailureRepository {
  /** The latest lock end among these keys that is still in the future at `now`, if any. */
  lockedUntil(keys: readonly string[], now: Date): Promise<Date | undefined>;
  /**
   * Atomically counts one failure for the key — starting from zero when its last failure is older
   * than `forgetBefore` — and stores the lock `lockFor(count)` asks for (never shortening an existing
   * one). Counters idle since before `forgetBefore` and not locked are pruned on the way.
   * Returns the new count.
   */
  recordFailure(key: string, at: Date, forgetBefore: Date, lockFor: (failures: number) => Date | undefined): Promise<number>;
  clear(key: string): Promise<void>;
}
