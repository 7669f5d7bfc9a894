/**
 * @module core/identifiers/resident-id
 * 居民身份证号 (GB 11643-1999): 6-digit region, 8-digit birth date, 3-digit sequence, and an
 * ISO 7064 MOD 11-2 check character (0-9 or X). The region is not checked against a table (codes
 * change; a stale table would reject real people), but the birth date must be a real calendar day
 * and, when `at` is given, not in the future.
 */
import { IdNumberInvalidError } from './identifier-errors.js';

const WEIGHTS = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2] as const;
const CHECK_CHARS = '10X98765432';
const SHAPE = /^\d{17}[\dX]$/;
const FIRST_BIRTH_YEAR = 1850;

export type ResidentIdCheck = { ok: true; birthDate: string } | { ok: false; reason: 'format' | 'birth-date' | 'check' };

export function residentIdCheckChar(first17: string): string {
  if (!/^\d{17}$/.test(first17)) throw new TypeError('residentIdCheckChar needs exactly 17 digits');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) sum += Number(first17[i]) * (WEIGHTS[i] as number);
  return CHECK_CHARS[sum % 11] as string;
}

/** `at` (optional) rejects birth dates after that instant, e.g. the verification time. */
export function validateResidentId(id: string, options: { at?: Date } = {}): ResidentIdCheck {
  if (!SHAPE.test(id)) return { ok: false, reason: 'format' };
  const year = Number(id.slice(6, 10));
  const month = Number(id.slice(10, 12));
  const day = Number(id.slice(12, 14));
  const birth = new Date(Date.UTC(year, month - 1, day));
  const realDay =
    year >= FIRST_BIRTH_YEAR && birth.getUTCFullYear() === year && birth.getUTCMonth() === month - 1 && birth.getUTCDate() === day;
  if (!realDay || (options.at !== undefined && birth.getTime() > options.at.getTime())) {
    return { ok: false, reason: 'birth-date' };
  }
  if (id[17] !== residentIdCheckChar(id.slice(0, 17))) return { ok: false, reason: 'check' };
  return { ok: true, birthDate: `${id.slice(6, 10)}-${id.slice(10, 12)}-${id.slice(12, 14)}` };
}

const DETAILS: Record<'format' | 'birth-date' | 'check', string> = {
  format: '居民身份证号应为18位，前17位为数字，末位为数字或X',
  'birth-date': '居民身份证号中的出生日期无效',
  check: '居民身份证号校验位错误',
};

/** Throws `IdNumberInvalidError`; the number itself is never put in the error. */
export function assertResidentId(id: string, options: { at?: Date } = {}): void {
  const result = validateResidentId(id, options);
  if (!result.ok) throw new IdNumberInvalidError(DETAILS[result.reason], { extra: { reason: result.reason } });
}

/**
 * Keeps the first 4 (province + city) and last 4 characters, hiding the district and birth date —
 * enough for a clerk to match a presented card, too little to reuse the number. Other lengths are
 * fully masked except the last 4, so a malformed value never leaks either.
 */
export function maskResidentId(id: string): string {
  const chars = Array.from(id);
  if (chars.length === 18) return `${chars.slice(0, 4).join('')}${'*'.repeat(10)}${chars.slice(14).join('')}`;
  if (chars.length <= 4) return '*'.repeat(chars.length);
  return `${'*'.repeat(chars.length - 4)}${chars.slice(-4).join('')}`;
}
