/**
 * @module http/catalogue-csv
 * The catalogue as CSV for spreadsheets (RFC 4180 through csv-parse/csv-stringify): one row per
 * material, the item's columns repeated on each of its rows (an item without materials has one
 * row with the material columns empty); departments and fees are JSON cells so nothing is lost.
 * Export and import are exact inverses; the catalogue service checks what an import brings.
 */
import { parse } from 'csv-parse/sync';
import { stringify } from 'csv-stringify/sync';
import type { Material, ServiceItem } from '../core/catalogue/service-item.js';
import { CatalogueImportInvalidError } from '../core/catalogue/catalogue-errors.js';

const HEADER = [
  '事项编码',
  '事项名称',
  '事项类型',
  '牵头部门代码',
  '牵头部门名称',
  '并联部门',
  '办理层级',
  '办理方式',
  '法定时限',
  '承诺时限',
  '改革状态',
  '综合窗口',
  '设定依据',
  '办理条件',
  '收费',
  '材料编号',
  '材料名称',
  '是否必需',
  '材料形式',
  '份数',
  '材料来源',
  '容缺天数',
] as const;

function sourceCell(source: Material['source']): string {
  if (source.kind === 'license') return `license:${source.typeCode}`;
  if (source.kind === 'document') return `document:${source.documentKind}`;
  return source.kind;
}

function parseSource(cell: string): Material['source'] {
  const [kind, ...rest] = cell.split(':');
  const value = rest.join(':');
  if (kind === 'license') return { kind, typeCode: value };
  if (kind === 'document') return { kind, documentKind: value };
  return { kind: kind as 'commitment' | 'paper' };
}

export function catalogueToCsv(items: readonly ServiceItem[]): string {
  const rows = items.flatMap((item) => {
    const common = [
      item.code,
      item.name,
      item.kind,
      item.leadDepartment.uscc,
      item.leadDepartment.name,
      JSON.stringify(item.participatingDepartments ?? []),
      item.level,
      item.handlingMode,
      item.statutoryDays,
      item.promisedDays,
      item.reformStatus,
      item.window,
      item.legalBasis,
      item.conditions ?? '',
      JSON.stringify(item.fees),
    ];
    if (item.materials.length === 0) return [[...common, '', '', '', '', '', '', '']];
    return item.materials.map((m) => [
      ...common,
      m.code,
      m.name,
      m.required ? '是' : '否',
      m.form,
      m.copies,
      sourceCell(m.source),
      m.tolerance?.withinDays ?? '',
    ]);
  });
  // A BOM so spreadsheet programs read the Chinese as UTF-8.
  return `\uFEFF${stringify([HEADER, ...rows])}`;
}

export function catalogueFromCsv(text: string): unknown[] {
  let records: string[][];
  try {
    records = parse(text, { bom: true, skip_empty_lines: true, relax_column_count: false });
  } catch (error) {
    throw new CatalogueImportInvalidError(`CSV 无法解析：${(error as Error).message}`);
  }
  const [header, ...rows] = records;
  if (!header || header.join(',') !== HEADER.join(',')) {
    throw new CatalogueImportInvalidError(`CSV 的表头应为：${HEADER.join(',')}`);
  }
  const items = new Map<string, ServiceItem>();
  rows.forEach((cells, i) => {
    const cell = (name: (typeof HEADER)[number]) => cells[HEADER.indexOf(name)] ?? '';
    const json = (name: (typeof HEADER)[number]): unknown => {
      try {
        return JSON.parse(cell(name) || '[]');
      } catch {
        throw new CatalogueImportInvalidError(`第 ${i + 2} 行“${name}”不是 JSON 数组`);
      }
    };
    const code = cell('事项编码');
    let item = items.get(code);
    if (!item) {
      const conditions = cell('办理条件');
      item = {
        code,
        name: cell('事项名称'),
        kind: cell('事项类型') as ServiceItem['kind'],
        leadDepartment: { uscc: cell('牵头部门代码'), name: cell('牵头部门名称') },
        participatingDepartments: json('并联部门') as ServiceItem['participatingDepartments'],
        level: cell('办理层级') as ServiceItem['level'],
        handlingMode: cell('办理方式') as ServiceItem['handlingMode'],
        statutoryDays: Number(cell('法定时限')),
        promisedDays: Number(cell('承诺时限')),
        reformStatus: cell('改革状态') as ServiceItem['reformStatus'],
        window: cell('综合窗口') as ServiceItem['window'],
        legalBasis: cell('设定依据'),
        ...(conditions ? { conditions } : {}),
        materials: [],
        fees: json('收费') as ServiceItem['fees'],
      };
      items.set(code, item);
    }
    if (cell('材料编号') === '') return;
    const tolerance = cell('容缺天数');
    item.materials.push({
      code: cell('材料编号'),
      name: cell('材料名称'),
      required: cell('是否必需') === '是',
      form: cell('材料形式') as Material['form'],
      copies: Number(cell('份数')),
      source: parseSource(cell('材料来源')),
      ...(tolerance ? { tolerance: { withinDays: Number(tolerance) } } : {}),
    });
  });
  return [...items.values()];
}
