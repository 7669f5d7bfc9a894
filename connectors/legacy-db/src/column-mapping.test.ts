import { describe, expect, it } from 'vitest';
import { canonicalHash, mappedColumns, mapRow, type ColumnMapping } from './column-mapping.js';

const mapping: ColumnMapping = {
  fields: {
    '/typeCode': { const: '11100000000013338W011' },
    '/number': 'licence_no',
    '/holder/name': 'holder_name',
    '/issuedAt': { column: 'issue_date', as: 'date' },
    '/validUntil': { column: 'valid_until', as: 'date' },
    '/data/businessItems': { column: 'items', as: 'list', separator: '、' },
    '/data/staff': { column: 'staff', as: 'integer' },
  },
  status: {
    column: 'status',
    reason: 'reason',
    effectiveAt: 'changed_at',
    values: { 正常: 'valid', 吊销: { status: 'revoked', nationalStatusCode: '07' }, 暂停: { status: 'suspended', reason: '停业整顿' } },
  },
};

const row = {
  licence_no: ' JY14313220000001 ',
  holder_name: '新化县梅山土菜馆',
  issue_date: '2024-03-01',
  valid_until: null,
  items: '热食类食品制售、冷食类食品制售',
  staff: '12',
  status: '正常',
};

describe('column mapping', () => {
  it('builds the payload at its pointers: constants, trimmed text, dates, lists, numbers; null columns left out', () => {
    const mapped = mapRow(mapping, row);
    expect(mapped).toMatchObject({
      ok: true,
      row: {
        payload: {
          typeCode: '11100000000013338W011',
          number: 'JY14313220000001',
          holder: { name: '新化县梅山土菜馆' },
          issuedAt: '2024-03-01',
          data: { businessItems: ['热食类食品制售', '冷食类食品制售'], staff: 12 },
        },
        status: { status: 'valid' },
      },
    });
    expect(mapped.ok && 'validUntil' in mapped.row.payload).toBe(false);
  });

  it('maps status values with national codes and reasons: the reason column first, then the mapping, then the value', () => {
    const revoked = mapRow(mapping, { ...row, status: '吊销', reason: '违法经营', changed_at: '2024-09-10 09:00:00' });
    expect(revoked.ok && revoked.row.status).toEqual({
      status: 'revoked',
      nationalStatusCode: '07',
      reason: '违法经营',
      effectiveAt: '2024-09-10T09:00:00+08:00',
    });
    const suspended = mapRow(mapping, { ...row, status: '暂停' });
    expect(suspended.ok && suspended.row.status.reason).toBe('停业整顿');
  });

  it('knows the usual status words when the mapping lists none, and takes typeCode as a shorthand', () => {
    const plain: ColumnMapping = { typeCode: '11100000000013338W011', fields: { '/number': 'no' }, status: { column: '状态' } };
    const states = ['正常', '暂停', '吊销', '撤销', '注销'].map((word) => {
      const mapped = mapRow(plain, { no: 'JY1', 状态: word });
      return mapped.ok ? [mapped.row.status.status, mapped.row.status.nationalStatusCode] : mapped.problems;
    });
    expect(states).toEqual([
      ['valid', undefined],
      ['suspended', undefined],
      ['revoked', '07'],
      ['revoked', '03'],
      ['cancelled', '04'],
    ]);
    const mapped = mapRow(plain, { no: 'JY1', 状态: '正常' });
    expect(mapped.ok && mapped.row.payload).toEqual({ typeCode: '11100000000013338W011', number: 'JY1' });
  });

  it('names every problem of a row at once with its pointer', () => {
    const mapped = mapRow(mapping, { ...row, issue_date: '2024年13月1日', staff: '十二', status: '待定' });
    expect(mapped.ok).toBe(false);
    expect(!mapped.ok && mapped.problems.map((p) => p.pointer)).toEqual(['/issuedAt', '/data/staff', '/status']);
  });

  it('hashes content, not key order or the status column', () => {
    const a = mapRow(mapping, row);
    const b = mapRow(mapping, { status: '暂停', ...Object.fromEntries(Object.entries(row).reverse()) });
    const c = mapRow(mapping, { ...row, holder_name: '别的名字' });
    expect(a.ok && b.ok && a.row.contentHash === b.row.contentHash).toBe(true);
    expect(a.ok && c.ok && a.row.contentHash !== c.row.contentHash).toBe(true);
    expect(canonicalHash({ x: 1, y: [1, { b: 2, a: 1 }] })).toBe(canonicalHash({ y: [1, { a: 1, b: 2 }], x: 1 }));
  });

  it('lists the columns it reads', () => {
    expect(mappedColumns(mapping).sort()).toEqual([
      'changed_at',
      'holder_name',
      'issue_date',
      'items',
      'licence_no',
      'reason',
      'staff',
      'status',
      'valid_until',
    ]);
  });
});
