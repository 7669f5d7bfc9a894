/**
 * @module core/verification/holder-guard
 * The holder check answers yes or no, so without a bound it lets anyone guess a holder's ID number
 * one try at a time. Failed holder checks are counted per caller and per licence over a window:
 * after a few, each further check is slowed; after more, refused (429) until the window ends; and
 * reaching the refusal raises the same alert as enumerating licence numbers. A right guess does not
 * reset the count — otherwise guessing until right would wipe the trace.
 */
import { HolderChecksLimitedError } from './verification-errors.js';

export interface HolderGuard {
  /** Before a holder check: the milliseconds to wait first; throws when the caller or licence is refused. */
  admit(actor: string, licenseId: string): number;
  /** After a holder check; true when this failure made the caller or the licence reach refusal (alert once per window). */
  record(actor: string, licenseId: string, ok: boolean): boolean;
}

export interface HolderGuardOptions {
  windowMs?: number;
  /** Failures of one caller answered at full speed. */
  slowAfter?: number;
  /** Failures of one caller after which holder checks are refused. */
  refuseAfter?: number;
  /** Failures on one licence, by anyone, after which holder checks on it are refused. */
  refuseAfterPerLicense?: number;
  /** Added wait per failure beyond `slowAfter`, up to `maxDelayMs`. */
  stepMs?: number;
  maxDelayMs?: number;
  now?: () => number;
}

interface Window {
  start: number;
  failures: number;
  alerted: boolean;
}

export function createHolderGuard(options: HolderGuardOptions = {}): HolderGuard {
  const windowMs = options.windowMs ?? 15 * 60_000;
  const slowAfter = options.slowAfter ?? 3;
  const refuseAfter = options.refuseAfter ?? 10;
  const refuseAfterPerLicense = options.refuseAfterPerLicense ?? 20;
  const stepMs = options.stepMs ?? 100;
  const maxDelayMs = options.maxDelayMs ?? 1_000;
  const now = options.now ?? (() => Date.now());
  const windows = new Map<string, Window>();

  const windowOf = (key: string, t: number): Window => {
    let w = windows.get(key);
    if (!w || t - w.start > windowMs) {
      if (windows.size > 100_000) windows.clear();
      w = { start: t, failures: 0, alerted: false };
      windows.set(key, w);
    }
    return w;
  };

  return {
    admit(actor, licenseId) {
      const t = now();
      const caller = windowOf(`caller:${actor}`, t);
      const license = windowOf(`license:${licenseId}`, t);
      const refused = [caller.failures >= refuseAfter && caller, license.failures >= refuseAfterPerLicense && license].filter(
        (w): w is Window => w !== false,
      );
      if (refused.length > 0) {
        const until = Math.max(...refused.map((w) => w.start + windowMs));
        throw new HolderChecksLimitedError('too many failed holder checks; try again later', {
          extra: { retryAfter: Math.max(1, Math.ceil((until - t) / 1000)) },
        });
      }
      return Math.min(maxDelayMs, stepMs * Math.max(0, caller.failures - slowAfter + 1));
    },
    record(actor, licenseId, ok) {
      if (ok) return false;
      const t = now();
      let alert = false;
      for (const [w, limit] of [
        [windowOf(`caller:${actor}`, t), refuseAfter],
        [windowOf(`license:${licenseId}`, t), refuseAfterPerLicense],
      ] as const) {
        w.failures += 1;
        if (!w.alerted && w.failures >= limit) {
          w.alerted = true;
          alert = true;
        }
      }
      return alert;
    },
  };
}
