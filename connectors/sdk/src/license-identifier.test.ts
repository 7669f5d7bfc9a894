import { describe, expect, it } from 'vitest';
import { checkCharacter, licenseIdentifier, licenseSerial, sealedLicenseIdentifier } from './license-identifier.js';

describe('licence identifier (GB/T 36904)', () => {
  it('computes the check character of the standard vector', () => {
    expect(checkCharacter('11100000000013338W01111430000006122244L20230000403001')).toBe('U');
    expect(licenseIdentifier('11100000000013338W011', '11430000006122244L', '20230000403')).toBe(
      '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
    );
  });

  it('derives the serial from the printed number as the hub does', () => {
    expect(licenseSerial('j431322-2024/000518')).toBe('J4313222024000518');
    expect(licenseIdentifier('11100000000013338W011', '11430000006122244L', '2023-0000-403', 2)).toMatch(/\.20230000403\.002\.[0-9A-Z]$/);
  });

  it('names a sealed licence version 001, and a replacement the version after the one it replaces', () => {
    const licence = { typeCode: '11100000000013338W011', issuer: { uscc: '11430000006122244L' }, number: '20230000403' };
    const first = sealedLicenseIdentifier(licence);
    expect(first).toBe('1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U');
    expect(sealedLicenseIdentifier({ ...licence, replaces: first })).toBe(
      licenseIdentifier(licence.typeCode, licence.issuer.uscc, licence.number, 2),
    );
    const third = licenseIdentifier(licence.typeCode, licence.issuer.uscc, licence.number, 3);
    expect(sealedLicenseIdentifier({ ...licence, replaces: third })).toMatch(/\.004\.[0-9A-Z]$/);
  });

  it('refuses characters outside [0-9A-Z]', () => {
    expect(() => checkCharacter('ab')).toThrow(TypeError);
  });
});
