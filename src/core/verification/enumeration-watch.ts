/**
 * @module core/verification/enumeration-watch
 * Someone walking through licence numbers to see what exists produces mostly `not_found`. Per
 * caller, over a sliding window, a high count and share of misses raises an alert (once per window).
 */
export interface EnumerationWatch {
  /** Records a verification; returns true when this caller now looks like it is enumerating. */
  observe(actor: string, notFound: boolean): boolean;
}

export function createEnumerationWatch(
  options: { windowMs?: number; minMisses?: number; minShare?: number; now?: () => number } = {},
): EnumerationWatch {
  const windowMs = options.windowMs ?? 5 * 60_000;
  const minMisses = options.minMisses ?? 30;
  const minShare = options.minShare ?? 0.5;
  const now = options.now ?? (() => Date.now());
  const windows = new Map<string, { start: number; total: number; misses: number; alerted: boolean }>();
  return {
    observe(actor, notFound) {
      const t = now();
      let w = windows.get(actor);
      if (!w || t - w.start > windowMs) {
        if (windows.size > 50_000) windows.clear();
        w = { start: t, total: 0, misses: 0, alerted: false };
        windows.set(actor, w);
      }
      w.total += 1;
      if (notFound) w.misses += 1;
      if (!w.alerted && w.misses >= minMisses && w.misses / w.total >= minShare) {
        w.alerted = true;
        return true;
      }
      return false;
    },
  };
}
