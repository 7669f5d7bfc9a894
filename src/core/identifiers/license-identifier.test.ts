import { describe, expect, it } from 'vitest';
import { LicenseIdInvalidError, UsccInvalidError } from './identifier-errors.js';
import { deriveLicenseIdentifier, licenseSerialFromNumber, mod3736CheckChar, parseLicenseIdentifier } from './license-identifier.js';

const VECTOR = '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U';
const ASCII = Array.from({ length: 95 }, (_, i) => String.fromCharCode(32 + i));

function codeOf(fn: () => unknown): unknown {
  try {
    fn();
  } catch (e) {
    return e;
  }
  return undefined;
}

describe('GB/T 36904 licence identifier', () => {
  it('derives the DESIGN vector', () => {
    expect(
      deriveLicenseIdentifier({
        typeCode: '11100000000013338W011',
        issuerUscc: '11430000006122244L',
        number: '2023-0000403',
        version: 1,
      }),
    ).toBe(VECTOR);
    expect(mod3736CheckChar('11100000000013338W01111430000006122244L20230000403001')).toBe('U');
  });

  it('parses the vector into its parts', () => {
    expect(parseLicenseIdentifier(VECTOR)).toEqual({
      typeCode: '11100000000013338W011',
      issuerUscc: '11430000006122244L',
      serial: '20230000403',
      version: '001',
      check: 'U',
    });
  });

  it('rejects every single-character change of the vector', () => {
    for (let i = 0; i < VECTOR.length; i += 1) {
      for (const ch of ASCII) {
        if (ch === VECTOR[i]) continue;
        const variant = VECTOR.slice(0, i) + ch + VECTOR.slice(i + 1);
        expect(
          codeOf(() => parseLicenseIdentifier(variant)),
          variant,
        ).toBeInstanceOf(LicenseIdInvalidError);
      }
    }
  });

  it('tells the expected check character', () => {
    const error = codeOf(() => parseLicenseIdentifier(VECTOR.replace(/U$/, 'V')));
    expect(error).toMatchObject({ code: 'ERR_LICENSE_ID_INVALID', extra: { expected: 'U' } });
    expect((error as Error).message).toContain('U');
  });

  it('normalises the licence number into the serial', () => {
    expect(licenseSerialFromNumber('jy-1430 1250/012345')).toBe('JY14301250012345');
    expect(licenseSerialFromNumber('（食）字第001号')).toBe('001');
  });

  it('round-trips derived identifiers', () => {
    const id = deriveLicenseIdentifier({
      typeCode: '114313220061234566001',
      issuerUscc: '91350100M000100Y43',
      number: 'JY14301250012345',
      version: '012',
    });
    expect(parseLicenseIdentifier(id)).toMatchObject({ serial: 'JY14301250012345', version: '012' });
  });

  it('refuses bad inputs with codes', () => {
    const base = { typeCode: '11100000000013338W011', issuerUscc: '11430000006122244L', number: 'A1', version: 1 };
    expect(codeOf(() => deriveLicenseIdentifier({ ...base, issuerUscc: '11430000006122244M' }))).toBeInstanceOf(UsccInvalidError);
    for (const bad of [
      { typeCode: '11100000000013338X011' },
      { typeCode: '11100000000013338W01' },
      { number: '——' },
      { number: 'A'.repeat(65) },
      { version: 0 },
      { version: 1000 },
      { version: '1' },
      { version: '000' },
    ]) {
      expect(
        codeOf(() => deriveLicenseIdentifier({ ...base, ...bad })),
        JSON.stringify(bad),
      ).toBeInstanceOf(LicenseIdInvalidError);
    }
  });
});
