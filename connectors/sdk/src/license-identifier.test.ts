import { describe, expect, it } from 'vitest';
import { checkCharacter, licenseIdentifier, licenseSerial } from './license-identifier.js';

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

  it('refuses characters outside [0-9A-Z]', () => {
    expect(() => checkCharacter('ab')).toThrow(TypeError);
  });
});
