/**
 * @module core/identifiers/uscc
 * 统一社会信用代码 (GB 32100-2015): 18 characters over a 31-character alphabet without I, O, S, V, Z;
 * the 18th is a weighted MOD 31 check over the first 17. Input must already be upper case: the code
 * is an identifier, and silently normalising it would let two spellings of one department coexist.
 */
import { UsccInvalidError } from './identifier-errors.js';

const ALPHABET = '0123456789ABCDEFGHJKLMNPQRTUWXY';
const WEIGHTS = [1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28] as const;
const SHAPE = /^[0-9A-HJ-NPQRTUWXY]{18}$/;

export type UsccCheck = { ok: true } | { ok: false; reason: 'format' } | { ok: false; reason: 'check'; expected: string };

/** The check character for the first 17 characters of a credit code. */
export function usccCheckChar(first17: string): string {
  if (first17.length !== 17) throw new TypeError('usccCheckChar needs exactly 17 characters');
  let sum = 0;
  for (let i = 0; i < 17; i += 1) {
    const value = ALPHABET.indexOf(first17[i] as string);
    if (value < 0) throw new TypeError(`not a credit-code character: ${first17[i]}`);
    sum += value * (WEIGHTS[i] as number);
  }
  const check = 31 - (sum % 31);
  return ALPHABET[check === 31 ? 0 : check] as string;
}

export function validateUscc(code: string): UsccCheck {
  if (!SHAPE.test(code)) return { ok: false, reason: 'format' };
  const expected = usccCheckChar(code.slice(0, 17));
  return code[17] === expected ? { ok: true } : { ok: false, reason: 'check', expected };
}

/** Throws `UsccInvalidError` (with `extra.expected` for a wrong check character). */
export function assertUscc(code: string): void {
  const result = validateUscc(code);
  if (result.ok) return;
  if (result.reason === 'format') {
    throw new UsccInvalidError('统一社会信用代码应为18位，由数字和大写字母（不含I、O、S、V、Z）组成');
  }
  throw new UsccInvalidError(`统一社会信用代码校验位错误，应为 ${result.expected}`, {
    extra: { expected: result.expected },
  });
}
