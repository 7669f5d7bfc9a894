/**
 * @module core/ports/assertion-replay-store
 * Remembers the `jti` of every client assertion the hub accepted, for as long as that assertion
 * could still be presented. It must hold across restarts and across hub instances (RFC 7523 §3,
 * item 7), so the real adapter is a PostgreSQL table whose unique key makes "insert or fail" the
 * replay check — no read-then-write race between instances.
 */

export interface AssertionUse {
  /** The client (department credit code): identifiers are unique per issuer. */
  issuer: string;
  jti: string;
  /** Until when the assertion would be accepted (its `exp` plus the allowed clock skew). */
  until: Date;
}

export interface AssertionReplayStore {
  /** True the first time this issuer's `jti` is seen; false on every later attempt. */
  remember(use: AssertionUse): Promise<boolean>;
  /** Forgets identifiers whose assertions can no longer be accepted; returns how many. */
  purgeExpired(now: Date): Promise<number>;
}
