import { describe, expect, it } from 'vitest';
import { UsccInvalidError } from './identifier-errors.js';
import { assertUscc, usccCheckChar, validateUscc } from './uscc.js';

const VECTORS = ['91350100M000100Y43', '92431322MA4L0ABC15', '114313220061234566', '11100000000013338W'];
/** Every printable ASCII character: covers the alphabet, lower case and excluded letters. */
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

describe('GB 32100 credit code', () => {
  it.each(VECTORS)('accepts %s', (code) => {
    expect(validateUscc(code)).toEqual({ ok: true });
    expect(usccCheckChar(code.slice(0, 17))).toBe(code[17]);
    expect(() => assertUscc(code)).not.toThrow();
  });

  it.each(VECTORS)('rejects every single-character change of %s', (code) => {
    for (let i = 0; i < code.length; i += 1) {
      for (const ch of ASCII) {
        if (ch === code[i]) continue;
        const variant = code.slice(0, i) + ch + code.slice(i + 1);
        expect(validateUscc(variant).ok, variant).toBe(false);
      }
    }
  });

  it('reports the expected check character', () => {
    expect(validateUscc('91350100M000100Y40')).toEqual({ ok: false, reason: 'check', expected: '3' });
    const error = (() => {
      try {
        assertUscc('91350100M000100Y40');
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(UsccInvalidError);
    expect(error).toMatchObject({ code: 'ERR_USCC_INVALID', extra: { expected: '3' } });
  });

  it('rejects wrong length, lower case and excluded letters as format errors', () => {
    for (const code of ['', '91350100M000100Y4', '91350100M000100Y433', '91350100m000100Y43', '9135010OM000100Y43']) {
      expect(validateUscc(code)).toEqual({ ok: false, reason: 'format' });
    }
    expect(() => assertUscc('x')).toThrow(UsccInvalidError);
  });
});
