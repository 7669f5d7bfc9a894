/**
 * @module core/users/login-backoff
 * How long sign-in stays locked after failures, per username and per client address. Below the
 * threshold nothing happens (people mistype); from it on every further failure doubles the lock,
 * up to a cap, so guessing costs hours while a locked-out colleague waits minutes at most.
 * Counters are forgotten after a quiet period longer than the cap, so the lock keeps escalating
 * for a persistent guesser instead of starting over after each maximum lock.
 */
export interface BackoffPolicy {
  /** Failures tolerated before the first lock. */
  threshold: number;
  firstLockSeconds: number;
  maxLockSeconds: number;
  /** A counter whose last failure is older than this starts again from zero. */
  forgetAfterSeconds: number;
}

/** Per username: after 5 failures 32 s (2^5), then 64 s, 128 s … capped at 15 minutes. */
export const USERNAME_BACKOFF: BackoffPolicy = { threshold: 5, firstLockSeconds: 32, maxLockSeconds: 900, forgetAfterSeconds: 3600 };

/**
 * Per client address: a county office shares one address behind its router, so many colleagues'
 * typos must not lock the office out; the threshold is higher, the schedule the same.
 */
export const ADDRESS_BACKOFF: BackoffPolicy = { threshold: 20, firstLockSeconds: 32, maxLockSeconds: 900, forgetAfterSeconds: 3600 };

/** Seconds to lock after the `failures`-th consecutive failure (0: no lock). */
export function lockSeconds(failures: number, policy: BackoffPolicy): number {
  if (failures < policy.threshold) return 0;
  return Math.min(policy.maxLockSeconds, policy.firstLockSeconds * 2 ** (failures - policy.threshold));
}
