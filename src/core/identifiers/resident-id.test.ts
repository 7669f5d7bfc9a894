import { describe, expect, it } from 'vitest';
import { IdNumberInvalidError } from './identifier-errors.js';
import { assertResidentId, maskResidentId, residentIdCheckChar, validateResidentId } from './resident-id.js';

const VECTOR = '11010519491231002X';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

/** Builds a number with a correct check character, so only the birth date can be wrong. */
function withCheck(first17: string): string {
  return first17 + residentIdCheckChar(first17);
}

describe('GB 11643 resident ID number', () => {
  it('accepts the vector and reports its birth date', () => {
    expect(validateResidentId(VECTOR)).toEqual({ ok: true, birthDate: '1949-12-31' });
    expect(() => assertResidentId(VECTOR)).not.toThrow();
  });

  it('rejects every single-character change of the vector', () => {
    for (let i = 0; i < VECTOR.length; i += 1) {
      for (const ch of ASCII) {
        if (ch === VECTOR[i]) continue;
        const variant = VECTOR.slice(0, i) + ch + VECTOR.slice(i + 1);
        expect(validateResidentId(variant).ok, variant).toBe(false);
      }
    }
  });

  it('rejects impossible and future birth dates even with a correct check character', () => {
    expect(validateResidentId(withCheck('11010519490230002'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(validateResidentId(withCheck('11010519491301002'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(validateResidentId(withCheck('11010517000101002'))).toEqual({ ok: false, reason: 'birth-date' });
    expect(validateResidentId(withCheck('11010520000229002')).ok).toBe(true);
    expect(validateResidentId(withCheck('11010519000229002'))).toEqual({ ok: false, reason: 'birth-date' });
    const future = withCheck('11010520300101002');
    expect(validateResidentId(future).ok).toBe(true);
    expect(validateResidentId(future, { at: new Date('2026-01-01T00:00:00Z') })).toEqual({
      ok: false,
      reason: 'birth-date',
    });
  });

  it('throws a coded error that never contains the number', () => {
    let error: unknown;
    try {
      assertResidentId('110105194912310021');
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(IdNumberInvalidError);
    expect(error).toMatchObject({ code: 'ERR_ID_NUMBER_INVALID', extra: { reason: 'check' } });
    expect(JSON.stringify({ m: (error as Error).message, e: (error as IdNumberInvalidError).extra })).not.toContain('1101051949');
  });

  it('masks the district and birth date', () => {
    expect(maskResidentId(VECTOR)).toBe('1101**********002X');
    expect(maskResidentId('12345')).toBe('*2345');
    expect(maskResidentId('123')).toBe('***');
  });
});
