import { describe, expect, it } from 'vitest';
import { ADDRESS_BACKOFF, lockSeconds, USERNAME_BACKOFF } from './login-backoff.js';

describe('sign-in back-off schedule', () => {
  it('tolerates four failures of a username, then locks for 2^n seconds', () => {
    expect([0, 1, 2, 3, 4].map((n) => lockSeconds(n, USERNAME_BACKOFF))).toEqual([0, 0, 0, 0, 0]);
    expect([5, 6, 7, 8, 9].map((n) => lockSeconds(n, USERNAME_BACKOFF))).toEqual([32, 64, 128, 256, 512]);
  });

  it('caps the lock at 15 minutes however many failures follow', () => {
    expect(lockSeconds(10, USERNAME_BACKOFF)).toBe(900);
    expect(lockSeconds(10_000, USERNAME_BACKOFF)).toBe(900);
  });

  it('gives a shared office address more room before the first lock', () => {
    expect(lockSeconds(19, ADDRESS_BACKOFF)).toBe(0);
    expect(lockSeconds(20, ADDRESS_BACKOFF)).toBe(32);
    expect(lockSeconds(21, ADDRESS_BACKOFF)).toBe(64);
  });

  it('remembers failures longer than the longest lock, so locks keep escalating', () => {
    for (const policy of [USERNAME_BACKOFF, ADDRESS_BACKOFF]) {
      expect(policy.forgetAfterSeconds).toBeGreaterThan(policy.maxLockSeconds);
    }
  });
});
