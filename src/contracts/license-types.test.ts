import { describe, expect, it } from 'vitest';
import { isDisclosable } from '../core/contracts/field-disclosure.js';
import { checkPayloadIdentifiers } from '../core/contracts/payload-identifiers.js';
import { deriveLicenseIdentifier, parseLicenseIdentifier } from '../core/identifiers/license-identifier.js';
import { validateResidentId } from '../core/identifiers/resident-id.js';
import { validateUscc } from '../core/identifiers/uscc.js';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { createSchemaRegistry } from './schema-registry.js';

const registry = createSchemaRegistry();
const types = registry.licenseTypes();

interface License {
  typeCode: string;
  number: string;
  holder: { name: string; idType: string; id: string };
  issuer: { uscc: string; name: string };
  issuedAt: string;
  validUntil?: string;
  data: Record<string, unknown>;
  [key: string]: unknown;
}

const example = (code: string): License => {
  const type = registry.licenseType(code);
  if (!type) throw new Error(`no licence type ${code}`);
  return structuredClone((type.schema.examples as License[])[0]!);
};
const errors = (code: string, payload: unknown) => registry.validate(registry.licenseType(code)!.schemaId, payload);

const BUSINESS = '11100000000013338W001';
const FOOD = '11100000000013338W011';
const REAL_ESTATE = '11100000MB1703998T001';
const MARRIAGE = '111000000000134056001';
const DISABILITY = '13100000400008460G001';

describe('licence types', () => {
  it('declares at least 8 real licence types with distinct codes', () => {
    expect(types.length).toBeGreaterThanOrEqual(8);
    expect(types.map((t) => t.name)).toEqual(
      expect.arrayContaining([
        '营业执照',
        '食品经营许可证',
        '不动产权证书',
        '结婚证',
        '建设工程规划许可证',
        '道路运输经营许可证',
        '药品经营许可证',
        '中华人民共和国残疾人证',
      ]),
    );
    expect(new Set(types.map((t) => t.code)).size).toBe(types.length);
  });

  it.each(types.map((t) => [t.name, t] as const))('%s: the type code is a defining authority credit code plus 3 digits', (_name, type) => {
    expect(type.code).toMatch(/^[0-9A-Z]{18}\d{3}$/);
    expect(validateUscc(type.code.slice(0, 18))).toEqual({ ok: true });
    expect(type.definingAuthority.uscc).toBe(type.code.slice(0, 18));
    expect(type.schemaId).toBe(registry.get(type.schemaId)?.id);
  });

  it.each(types.map((t) => [t.name, t.code] as const))('%s: its example passes the hub identifier checks', (_name, code) => {
    const license = example(code);
    expect(errors(code, license)).toEqual([]);
    expect(license.typeCode).toBe(code);
    expect(validateUscc(license.issuer.uscc)).toEqual({ ok: true });
    if (license.holder.idType === 'USCC') expect(validateUscc(license.holder.id)).toEqual({ ok: true });
    if (license.holder.idType === 'ID') {
      expect(validateResidentId(license.holder.id, { at: new Date(license.issuedAt) })).toMatchObject({ ok: true });
    }
    expect(checkPayloadIdentifiers(license, { at: new Date(license.issuedAt) })).toEqual([]);
    // The number must yield a GB/T 36904 identifier (serial = its digits and capitals).
    const id = deriveLicenseIdentifier({ typeCode: code, issuerUscc: license.issuer.uscc, number: license.number, version: 1 });
    expect(parseLicenseIdentifier(id).typeCode).toBe(code);
  });

  it.each(types.map((t) => [t.name, t] as const))('%s: a natural person holder is never disclosed', (_name, type) => {
    const holder = (type.schema.properties as Record<string, JsonSchema>).holder;
    const idType = (holder?.properties as Record<string, JsonSchema> | undefined)?.idType;
    const organisationsOnly = idType?.const === 'USCC';
    if (!organisationsOnly) {
      expect(isDisclosable(type, '/holder/id')).toBe(false);
      expect(isDisclosable(type, '/holder/name')).toBe(false);
    }
    expect(isDisclosable(type, '/issuer/uscc')).toBe(true);
    expect(isDisclosable(type, '/typeCode')).toBe(true);
  });

  it('keeps personal particulars sensitive and business particulars public', () => {
    const marriage = registry.licenseType(MARRIAGE)!;
    expect(isDisclosable(marriage, '/data/spouses/0/id')).toBe(false);
    expect(isDisclosable(marriage, '/data/registeredOn')).toBe(false);
    const disability = registry.licenseType(DISABILITY)!;
    expect(isDisclosable(disability, '/number')).toBe(false); // it embeds the resident ID number
    expect(isDisclosable(disability, '/data/disabilityGrade')).toBe(false);
    const realEstate = registry.licenseType(REAL_ESTATE)!;
    expect(isDisclosable(realEstate, '/data/rightType')).toBe(true);
    expect(isDisclosable(realEstate, '/data/location')).toBe(false);
    expect(isDisclosable(realEstate, '/data/rightHolders/1/id')).toBe(false);
    expect(isDisclosable(registry.licenseType(BUSINESS)!, '/data/businessScope')).toBe(true);
    expect(isDisclosable(realEstate, '/data/undeclared')).toBe(false); // deny by default
  });
});

describe('licence payload validation', () => {
  it('pins the type code', () => {
    expect(errors(FOOD, { ...example(FOOD), typeCode: BUSINESS })).toContainEqual({
      pointer: '/typeCode',
      detail: 'must be equal to constant',
    });
  });

  it('closes the envelope and the particulars', () => {
    const license = example(FOOD);
    license.seal = 'x';
    license.data.rating = 'A';
    license.holder = { ...license.holder, phone: '12345' } as License['holder'];
    expect(errors(FOOD, license)).toEqual(
      expect.arrayContaining([
        { pointer: '/seal', detail: 'is not allowed here' },
        { pointer: '/data/rating', detail: 'is not allowed here' },
        { pointer: '/holder/phone', detail: 'is not allowed here' },
      ]),
    );
  });

  it('reports a realistic bad food licence field by field', () => {
    const license = example(FOOD);
    license.number = 'SP4313220012345';
    delete license.validUntil;
    delete license.data.businessItems;
    license.data.businessForm = '小餐饮';
    license.issuedAt = '2024-02-30';
    expect(errors(FOOD, license)).toEqual(
      expect.arrayContaining([
        { pointer: '/number', detail: 'must match pattern "^JY[1-3][0-9]{13}$"' },
        { pointer: '/validUntil', detail: 'is required' },
        { pointer: '/data/businessItems', detail: 'is required' },
        { pointer: '/data/businessForm', detail: 'must be equal to one of the allowed values' },
        { pointer: '/issuedAt', detail: 'must match format "date"' },
      ]),
    );
  });

  it('holds a business licence to an organisation holder with its credit code as number', () => {
    const license = example(BUSINESS);
    license.holder = { name: '杨立新', idType: 'ID', id: '431322198506120037' };
    license.number = '431322000012345';
    expect(errors(BUSINESS, license)).toEqual(
      expect.arrayContaining([
        { pointer: '/holder/idType', detail: 'must be equal to constant' },
        { pointer: '/number', detail: 'must match pattern "^[0-9A-HJ-NPQRTUWXY]{18}$"' },
      ]),
    );
  });

  it('checks the shape of an id by its type', () => {
    const license = example(REAL_ESTATE);
    (license.data.rightHolders as License['holder'][])[1]!.id = '43132219870924002';
    license.data.unitNumber = '431322003004GB00012F0006060';
    license.validUntil = '2080-01-01';
    expect(errors(REAL_ESTATE, license)).toEqual(
      expect.arrayContaining([
        { pointer: '/data/rightHolders/1/id', detail: 'must match pattern "^[0-9]{17}[0-9X]$"' },
        { pointer: '/data/unitNumber', detail: expect.stringContaining('must match pattern') },
        { pointer: '/validUntil', detail: 'is not allowed here' },
      ]),
    );
  });

  it('wants exactly two natural persons on a marriage certificate', () => {
    const license = example(MARRIAGE);
    const spouses = license.data.spouses as Record<string, unknown>[];
    spouses.push({ ...spouses[0] });
    spouses[0]!.sex = 'M';
    license.holder = { name: '某公司', idType: 'USCC', id: '91431322MA4P8K2L3A' };
    expect(errors(MARRIAGE, license)).toEqual(
      expect.arrayContaining([
        { pointer: '/data/spouses', detail: 'must NOT have more than 2 items' },
        { pointer: '/data/spouses/0/sex', detail: 'must be equal to one of the allowed values' },
        { pointer: '/holder/idType', detail: 'must be equal to one of the allowed values' },
      ]),
    );
  });

  it('leaves check characters to the identifier checks, which never echo a personal ID', () => {
    const license = example(MARRIAGE);
    (license.data.spouses as { id: string }[])[1]!.id = '431322199408210042';
    const food = example(FOOD);
    food.holder.id = '92431322MA4L0ABC16';
    expect(errors(MARRIAGE, license)).toEqual([]);
    expect(checkPayloadIdentifiers(license)).toEqual([{ pointer: '/data/spouses/1/id', detail: '居民身份证号校验位错误' }]);
    expect(checkPayloadIdentifiers(food)).toEqual([{ pointer: '/holder/id', detail: expect.stringContaining('统一社会信用代码') }]);
  });
});
