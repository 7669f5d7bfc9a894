import { describe, expect, it } from 'vitest';
import { checkPayloadIdentifiers } from './payload-identifiers.js';

const license = {
  typeCode: '11100000000013338W011',
  holder: { name: '新化县梅山土菜馆', idType: 'USCC', id: '92431322MA4L0ABC15' },
  issuer: { uscc: '114313220061234566', name: '新化县市场监督管理局' },
  data: {
    spouses: [
      { name: '刘伟', idType: 'ID', id: '431322199203150030' },
      { name: 'Anna Schmidt', idType: 'PASSPORT', id: 'C01X00T47' },
    ],
  },
};

describe('checkPayloadIdentifiers', () => {
  it('accepts valid credit codes, ID numbers and type codes wherever they are', () => {
    expect(checkPayloadIdentifiers(license, { at: new Date('2024-03-01') })).toEqual([]);
  });

  it('points at each bad check character without repeating the number', () => {
    const bad = structuredClone(license);
    bad.typeCode = '11100000000013338X011';
    bad.holder.id = '92431322MA4L0ABC16';
    bad.issuer.uscc = '11431322006123456';
    bad.data.spouses[0]!.id = '431322199203150031';
    const errors = checkPayloadIdentifiers(bad);
    expect(errors.map((e) => e.pointer)).toEqual(['/typeCode', '/holder/id', '/issuer/uscc', '/data/spouses/0/id']);
    expect(JSON.stringify(errors)).not.toContain('431322199203150031');
  });

  it('rejects a birth date after the given instant', () => {
    expect(checkPayloadIdentifiers(license, { at: new Date('1990-01-01') })).toEqual([
      { pointer: '/data/spouses/0/id', detail: '居民身份证号中的出生日期无效' },
    ]);
  });
});
