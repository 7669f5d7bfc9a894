/**
 * @module core/verification/verification-checks
 * The checks of the verification pipeline that hold no state: status (one derivation of the status
 * codes for both entry points) and holder (compared in constant time, never revealing the stored
 * value). The integrity of a stored licence is `stored-integrity.ts`.
 */
import { timingSafeEqual } from 'node:crypto';
import { beijingDate, currentStatus, type LicenseRecord, type LicenseStatus } from '../licenses/license.js';
import type { Check, VerificationRequest, VerificationResult } from './verification.js';

const STATUS_CODES: Readonly<Record<Exclude<LicenseStatus, 'valid'>, string>> = {
  suspended: 'ERR_LICENSE_SUSPENDED',
  revoked: 'ERR_LICENSE_REVOKED',
  cancelled: 'ERR_LICENSE_CANCELLED',
  expired: 'ERR_LICENSE_EXPIRED',
  replaced: 'ERR_LICENSE_REPLACED',
};

/** The licence's status today (Beijing date) and its check. */
export function statusCheck(license: Pick<LicenseRecord, 'status' | 'validUntil'>, at: Date): { status: LicenseStatus; check: Check } {
  const status = currentStatus(license, beijingDate(at));
  return {
    status,
    check: status === 'valid' ? { ok: true } : { ok: false, code: STATUS_CODES[status], detail: `证照状态：${status}` },
  };
}

/** `undefined` when the caller asked nothing about the holder. */
export function holderCheck(license: Pick<LicenseRecord, 'holder'>, holder: VerificationRequest['holder']): Check | undefined {
  if (!holder || (holder.id === undefined && holder.name === undefined)) return undefined;
  const same = (a: string, b: string) => {
    const x = Buffer.from(a.trim().toUpperCase());
    const y = Buffer.from(b.trim().toUpperCase());
    return x.length === y.length && timingSafeEqual(x, y);
  };
  const ok =
    (holder.id === undefined || same(holder.id, license.holder.id)) &&
    (holder.name === undefined || same(holder.name, license.holder.name));
  return ok ? { ok: true } : { ok: false, code: 'ERR_HOLDER_MISMATCH', detail: '持证主体与证照不符' };
}

export function resultOf(found: boolean, checks: Record<string, Check>): VerificationResult {
  if (!found) return 'not_found';
  return Object.values(checks).every((c) => c.ok) ? 'valid' : 'invalid';
}

export function codeOf(error: unknown, fallback: string): string {
  return (error as { code?: string }).code ?? fallback;
}
