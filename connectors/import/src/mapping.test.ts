import { describe, expect, it } from 'vitest';
import { ImportFailure } from './import-errors.js';
import { createMapping } from './mapping.js';

const mapping = createMapping(
  {
    typeCode: '11100000000013338W011',
    fields: {
      '/number': '许可证编号',
      '/holder/name': '经营者名称',
      '/holder/idType': { const: 'USCC' },
      '/issuedAt': { column: '发证日期', as: 'date' },
      '/data/items/0': '经营项目',
    },
    status: { column: '状态', reason: '原因', effectiveAt: '状态日期', values: { 停业: 'suspended' } },
  },
  'MAP.json',
);

describe('mapping', () => {
  it('builds the payload from cells and constants, leaving empty cells out', () => {
    expect(mapping.apply({ 许可证编号: 'JY1', 经营者名称: '梅山土菜馆', 发证日期: '2024年3月1日', 经营项目: '', 状态: '有效' })).toEqual({
      payload: { typeCode: '11100000000013338W011', number: 'JY1', holder: { name: '梅山土菜馆', idType: 'USCC' }, issuedAt: '2024-03-01' },
    });
  });

  it('turns status words into status changes, with reason and time', () => {
    expect(mapping.apply({ 许可证编号: 'JY1', 状态: '吊销', 原因: '依法吊销', 状态日期: '2024/9/10' })).toMatchObject({
      status: { status: 'revoked', nationalStatusCode: '07', reason: '依法吊销', effectiveAt: '2024-09-10T00:00:00+08:00' },
    });
    expect(mapping.apply({ 状态: '停业', 状态日期: '2024-09-10 08:30' })).toMatchObject({
      status: { status: 'suspended', reason: '停业（历史数据导入）', effectiveAt: '2024-09-10T08:30:00+08:00' },
    });
    expect(mapping.apply({ 状态: '注销', 状态日期: '昨天' })).toEqual({
      problems: [{ code: 'ERR_CELL_VALUE', pointer: '/effectiveAt', column: '状态日期', detail: expect.stringContaining('昨天') }],
    });
  });

  it('rejects a cell that is no date, naming column and pointer', () => {
    expect(mapping.apply({ 发证日期: '2023/2/30' })).toEqual({
      problems: [{ code: 'ERR_CELL_VALUE', pointer: '/issuedAt', column: '发证日期', detail: expect.stringContaining('2023/2/30') }],
    });
    expect(mapping.columnFor('/holder/name')).toBe('经营者名称');
    expect(mapping.columnFor('/data/items/0/x')).toBe('经营项目');
  });

  it('stops before the first row when the header lacks a mapped column, naming both files', () => {
    expect(() => mapping.checkHeader(['许可证编号', '经营者名称', '发证日期', '经营项目', '状态', '原因'], 'export.csv')).toThrow(
      expect.objectContaining({
        code: 'ERR_MAPPING_COLUMN',
        message: expect.stringMatching(/^MAP\.json .*“状态日期”.*export\.csv 第 1 行/),
      }),
    );
    expect(() => mapping.checkHeader(['\uFFFD\uFFFD'], 'gbk.csv')).toThrow(ImportFailure);
  });

  it('refuses a row whose status word the mapping does not know, instead of importing it as valid', () => {
    expect(mapping.apply({ 许可证编号: 'JY1', 状态: '待核查' })).toEqual({
      problems: [{ code: 'ERR_STATUS_VALUE', pointer: '/status', column: '状态', detail: expect.stringContaining('待核查') }],
    });
    expect(mapping.apply({ 许可证编号: 'JY1', 状态: '' })).toEqual({
      payload: { typeCode: '11100000000013338W011', number: 'JY1', holder: { idType: 'USCC' } },
    });
  });
});
