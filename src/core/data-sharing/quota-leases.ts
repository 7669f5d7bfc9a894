/**
 * @module core/data-sharing/quota-leases
 * A grant's per-minute quota, counted in PostgreSQL so every hub instance shares it — but not one
 * query per request. An instance takes a lease of several requests at once from the shared counter
 * and spends it locally; the counter never passes the limit, so the quota is never exceeded
 * however many instances serve the grant. What a lease costs instead: requests an instance took
 * and did not spend by the minute's end are lost to the others, at most `lease − 1` per instance.
 * Leases are 1 for quotas up to 100 a minute (exact, a query per request, as before) and 1 % of
 * the quota above that, at most 100. Once the counter is spent, the rest of the minute is refused
 * without asking the database again. Concurrent requests wait on one refill, not one each.
 */
export interface QuotaLeasesOptions {
  /** Takes up to `wanted` of the grant's `limit` for the minute from `windowStart`; how many it got. */
  take(grantId: string, windowStart: Date, limit: number, wanted: number): Promise<number>;
}

export interface QuotaLeases {
  /** Counts one request of the grant's minute; false once the minute's `limit` is spent. */
  admit(grantId: string, windowStart: Date, limit: number): Promise<boolean>;
}

interface Lease {
  window: number;
  left: number;
  spent: boolean;
  refill?: Promise<void> | undefined;
}

export const leaseSize = (limit: number): number => (limit <= 100 ? 1 : Math.min(100, Math.floor(limit / 100)));

export function createQuotaLeases(options: QuotaLeasesOptions): QuotaLeases {
  const leases = new Map<string, Lease>();

  return {
    async admit(grantId, windowStart, limit) {
      const window = windowStart.getTime();
      let lease = leases.get(grantId);
      if (!lease || lease.window < window) {
        lease = { window, left: 0, spent: false };
        leases.set(grantId, lease);
      }
      const current = lease;
      for (;;) {
        if (current.left > 0) {
          current.left -= 1;
          return true;
        }
        if (current.spent) return false;
        current.refill ??= options
          .take(grantId, windowStart, limit, leaseSize(limit))
          .then((got) => {
            current.left += got;
            if (got === 0) current.spent = true;
          })
          .finally(() => (current.refill = undefined));
        await current.refill;
      }
    },
  };
}
