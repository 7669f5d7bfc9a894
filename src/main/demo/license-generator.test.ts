import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../contracts/schema-registry.js';
import { checkPayloadIdentifiers } from '../../core/contracts/payload-identifiers.js';
import { deriveLicenseIdentifier } from '../../core/identifiers/license-identifier.js';
import { validateResidentId } from '../../core/identifiers/resident-id.js';
import { validateUscc } from '../../core/identifiers/uscc.js';
import { currentStatus } from '../../core/licenses/license.js';
import { createLicenseGenerator, type LicenseGeneratorOptions } from './license-generator.js';
import { LicenseTypeCodes } from './license-context.js';

const registry = createSchemaRegistry();
const TODAY = '2025-06-30';
const ISSUERS = [
  { uscc: '114313220061234566', name: '新化县市场监督管理局' },
  { uscc: '11431322MB1D23456B', name: '新化县自然资源局' },
];
const options: LicenseGeneratorOptions = { seed: 431322, today: TODAY, issuerOf: (_type, random) => random.pick(ISSUERS) };
const SAMPLES = 6_000;

describe('licence generator', () => {
  const generator = createLicenseGenerator(options);
  const licenses = generator.range(0, SAMPLES).map((l) => l.payload);

  it('produces licences that pass their type contract and every identifier check', () => {
    for (const payload of licenses) {
      const contract = registry.licenseType(payload.typeCode);
      expect(contract, payload.typeCode).toBeDefined();
      const errors = registry.validate(contract?.schemaId as string, payload);
      expect(errors, `${payload.name} ${payload.number}`).toEqual([]);
      expect(checkPayloadIdentifiers(payload, { at: new Date(`${payload.issuedAt}T23:59:59+08:00`) }), payload.number).toEqual([]);
    }
  });

  it('covers all eight types in the documented mix and never repeats an identifier', () => {
    const byType = new Map<string, number>();
    for (const payload of licenses) byType.set(payload.typeCode, (byType.get(payload.typeCode) ?? 0) + 1);
    expect([...byType.keys()].sort()).toEqual(Object.values(LicenseTypeCodes).sort());
    expect(byType.get(LicenseTypeCodes.businessLicense)).toBe(SAMPLES / 4);
    expect(byType.get(LicenseTypeCodes.disabilityCertificate)).toBe(SAMPLES / 20);
    const ids = licenses.map((p) =>
      deriveLicenseIdentifier({ typeCode: p.typeCode, issuerUscc: p.issuer.uscc, number: p.number, version: '001' }),
    );
    expect(new Set(ids).size).toBe(SAMPLES);
  });

  it('is deterministic by index, whatever the order of generation', () => {
    const again = createLicenseGenerator(options);
    expect(again.license(4_321).payload).toEqual(licenses[4_321]);
    expect(again.range(100, 140).map((l) => l.payload)).toEqual(licenses.slice(100, 140));
    expect(createLicenseGenerator({ ...options, seed: 7 }).license(5).payload).not.toEqual(licenses[5]);
  });

  it('issues in the past, with some licences already expired by today', () => {
    expect(licenses.every((p) => p.issuedAt <= TODAY && p.validFrom === p.issuedAt)).toBe(true);
    const expired = licenses.filter((p) => currentStatus({ status: 'valid', validUntil: p.validUntil }, TODAY) === 'expired');
    expect(expired.length).toBeGreaterThan(SAMPLES / 20);
    expect(expired.length).toBeLessThan(SAMPLES / 2);
  });

  it('keeps identifiers consistent inside a licence', () => {
    for (const p of licenses) {
      if (p.holder.idType === 'USCC') expect(validateUscc(p.holder.id).ok).toBe(true);
      if (p.holder.idType === 'ID') expect(validateResidentId(p.holder.id).ok).toBe(true);
      if (p.typeCode === LicenseTypeCodes.businessLicense) expect(p.number).toBe(p.holder.id);
      if (p.typeCode === LicenseTypeCodes.disabilityCertificate) {
        expect(p.number.slice(0, 18)).toBe(p.holder.id);
        expect((p.data as { birthDate: string }).birthDate.replaceAll('-', '')).toBe(p.holder.id.slice(6, 14));
      }
      if (p.typeCode === LicenseTypeCodes.marriageCertificate) {
        const spouses = (p.data as { spouses: { id: string; sex: string }[] }).spouses;
        expect(spouses.map((s) => s.id)).toContain(p.holder.id);
        expect(spouses.map((s) => s.sex)).toEqual(['男', '女']);
        // GB 11643: the sequence number's parity is the sex (odd for men).
        expect(spouses.map((s) => Number(s.id[16]) % 2)).toEqual([1, 0]);
      }
    }
  });

  it('writes Chinese names and addresses in the county', () => {
    for (const p of licenses.slice(0, 500)) {
      expect(p.holder.name).toMatch(/^[\u4e00-\u9fa5]{2,40}$/);
      // A marriage certificate prints no address; every other type places something in the county.
      if (p.typeCode !== LicenseTypeCodes.marriageCertificate) expect(JSON.stringify(p.data)).toMatch(/新化县/);
    }
  });

  it('refuses indices outside the numbering capacity', () => {
    expect(() => generator.license(-1)).toThrow(RangeError);
    // Slot 6 of every run of 20 is a planning permit; its numbers have room for 99,999.
    expect(() => generator.license(20 * 99_999 + 6)).toThrow(/建设工程规划许可证/);
  });
});
