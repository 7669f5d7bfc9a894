import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../../src/config/package-root.js';
import { contractsFromDirectory, createContracts } from './contracts.js';
import { ContractViolationError } from './errors.js';

const contracts = contractsFromDirectory(packagePath('schemas'));
const example = (): Record<string, unknown> =>
  structuredClone(JSON.parse(readFileSync(packagePath('schemas', 'licenses', 'food-business-license.json'), 'utf8')).examples[0]);

describe('contracts (the hub schemas, checked before sealing)', () => {
  it('knows every licence type of schemas/ and accepts a valid payload', () => {
    expect(contracts.licenseTypes().map((t) => t.code)).toContain('11100000000013338W011');
    expect(contracts.checkLicense(example())).toEqual([]);
  });

  it('points at each wrong field, the way the hub does', () => {
    const payload: Record<string, unknown> = { ...example(), number: 'X1', colour: 'red' };
    delete payload.issuedAt;
    expect(contracts.checkLicense(payload)).toEqual(
      expect.arrayContaining([
        { pointer: '/number', detail: expect.stringContaining('pattern') },
        { pointer: '/issuedAt', detail: 'is required' },
        { pointer: '/colour', detail: 'is not allowed here' },
      ]),
    );
    expect(() => contracts.assertLicense(payload)).toThrow(ContractViolationError);
  });

  it('refuses an unknown type code and checks status changes', () => {
    expect(contracts.checkLicense({ ...example(), typeCode: '11100000000013338W999' })).toEqual([
      { pointer: '/typeCode', detail: expect.stringContaining('未知') },
    ]);
    expect(
      contracts
        .checkStatusChange({ licenseId: 'x', status: 'gone', reason: '', effectiveAt: 'now' })
        .map((p) => p.pointer)
        .sort(),
    ).toEqual(['/effectiveAt', '/licenseId', '/reason', '/status']);
    expect(() => createContracts([]).checkStatusChange({})).toThrow(TypeError);
  });
});
