import { describe, expect, it } from 'vitest';
import { normalizeDate } from './cell-values.js';
import { checkColumnMapping, createColumnMapping } from './column-mapping.js';

const policy = { defaultReason: (word: string) => `原系统：${word}` };

describe('column mapping (MAP.json)', () => {
  it('normalises the date forms exports and drivers use', () => {
    for (const text of [
      '2024-03-01',
      '2024/3/1',
      '2024.3.1',
      '2024年3月1日',
      '20240301',
      '2024-03-01 00:00:00',
      '2024-03-01T08:00:00.000+08:00',
    ]) {
      expect(normalizeDate(text), text).toBe('2024-03-01');
    }
    expect(normalizeDate('2023-02-29')).toBeUndefined();
    expect(normalizeDate('2024-02-29')).toBe('2024-02-29');
    expect(normalizeDate('2000年2月29日')).toBe('2000-02-29');
    expect(normalizeDate('1900-02-29')).toBeUndefined();
    expect(normalizeDate('2024-04-31')).toBeUndefined();
    expect(normalizeDate('2024/12/31')).toBe('2024-12-31');
    expect(normalizeDate('2024-13-01')).toBeUndefined();
    expect(normalizeDate('03/01/2024')).toBeUndefined();
  });

  it('takes text cells and driver values alike: dates, numbers, booleans, JSON and lists', () => {
    const mapping = createColumnMapping(
      {
        fields: {
          '/issuedAt': { column: 'd', as: 'date' },
          '/data/staff': { column: 'n', as: 'integer' },
          '/data/chain': { column: 'b', as: 'boolean' },
          '/data/extra': { column: 'j', as: 'json' },
          '/data/items': { column: 'l', as: 'list', separator: '、' },
          '/data/people/0/name': 'p',
        },
      },
      policy,
    );
    const text = mapping.apply({ d: '2024/3/1', n: '1,200', b: '是', j: '{"a":1}', l: '热食、冷食', p: ' 张三 ' });
    const driver = mapping.apply({ d: new Date('2024-03-01T00:00:00Z'), n: 1200, b: true, j: { a: 1 }, l: '热食、冷食', p: '张三' });
    const expected = {
      issuedAt: '2024-03-01',
      data: { staff: 1200, chain: true, extra: { a: 1 }, items: ['热食', '冷食'], people: [{ name: '张三' }] },
    };
    expect(text).toEqual({ ok: true, payload: expected, status: { status: 'valid', reason: '原系统：有效' } });
    expect(driver).toEqual(text);
    expect(mapping.apply({ b: '也许', n: '十二' })).toMatchObject({
      ok: false,
      problems: [
        { code: 'ERR_CELL_VALUE', pointer: '/data/staff', column: 'n' },
        { code: 'ERR_CELL_VALUE', pointer: '/data/chain', column: 'b' },
      ],
    });
  });

  it('adds the mapping’s status words to the usual ones and refuses a word it does not know', () => {
    const mapping = createColumnMapping(
      { fields: { '/number': 'no' }, status: { column: 's', effectiveAt: 'at', values: { 停业: 'suspended' } } },
      policy,
    );
    const statusOf = (s: string) => mapping.apply({ no: 'X', s, at: '2024-09-10 09:00:00.5' });
    expect(statusOf('停业')).toMatchObject({
      ok: true,
      status: { status: 'suspended', reason: '原系统：停业', effectiveAt: '2024-09-10T09:00:00+08:00' },
    });
    expect(statusOf('注销')).toMatchObject({ ok: true, status: { status: 'cancelled', nationalStatusCode: '04' } });
    expect(statusOf('待定')).toEqual({
      ok: false,
      problems: [{ code: 'ERR_STATUS_VALUE', pointer: '/status', column: 's', detail: expect.stringContaining('“待定”') }],
    });
  });

  it('names every problem of a mapping file at once', () => {
    const pointers = checkColumnMapping({
      fields: { number: 'licence_no', '/replaces': 'old_id', '/x': { column: 'c', as: 'money' } },
      status: { column: 's', values: { 过期: 'expired' } },
    }).map((p) => p.pointer);
    expect(pointers).toEqual(expect.arrayContaining(['/fields/number', '/fields/~1replaces', '/fields/~1x', '/status/values/过期']));
    expect(checkColumnMapping({ fields: { '/number': '证号' } })).toEqual([]);
  });
});
