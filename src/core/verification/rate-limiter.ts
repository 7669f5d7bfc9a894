/**
 * @module core/verification/rate-limiter
 * Token buckets per key (a user, a department): `ratePerSecond` refill up to `burst`. In memory per
 * hub instance — a limit of N per instance, which is what protects an instance; a county-wide limit
 * would need a shared counter and is not worth a database round trip per verification.
 */
export interface RateLimiter {
  /** `0` when allowed (and counted), else the seconds to wait. */
  take(key: string): number;
}

export function createRateLimiter(options: { ratePerSecond: number; burst: number; now?: () => number; maxKeys?: number }): RateLimiter {
  const now = options.now ?? (() => performance.now());
  const maxKeys = options.maxKeys ?? 100_000;
  const buckets = new Map<string, { tokens: number; at: number }>();
  return {
    take(key) {
      const t = now();
      const bucket = buckets.get(key) ?? { tokens: options.burst, at: t };
      bucket.tokens = Math.min(options.burst, bucket.tokens + ((t - bucket.at) / 1000) * options.ratePerSecond);
      bucket.at = t;
      if (!buckets.has(key)) {
        if (buckets.size >= maxKeys) buckets.delete(buckets.keys().next().value as string);
        buckets.set(key, bucket);
      }
      if (bucket.tokens >= 1) {
        bucket.tokens -= 1;
        return 0;
      }
      return (1 - bucket.tokens) / options.ratePerSecond;
    },
  };
}
