/**
 * @module core/ports/instance-lock
 * Background rounds that every hub instance schedules but only one should run at a time (the seal
 * sweep re-verifies every stored licence: N instances doing it at once is N times the cost for the
 * same result). The lock never waits: an instance that finds it taken skips that round, and the lock
 * is released when its holder dies, so a crashed instance cannot stop the rounds for good.
 */
export interface InstanceLock {
  /** Runs `round` holding the lock; `undefined` at once, without running it, while another instance holds it. */
  tryRun<T>(round: () => Promise<T>): Promise<{ value: T } | undefined>;
}
