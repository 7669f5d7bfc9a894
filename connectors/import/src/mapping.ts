/**
 * @module mapping
 * The import's use of MAP.json, the connectors' one column-mapping format (read by the SDK's
 * column-mapping module, shared with the legacy-database connector): a mapping that names a column
 * the file lacks stops the import before the first row, naming both files; a cell that cannot be
 * converted, or a status word the mapping does not know, rejects its row, naming line and column.
 * Only a status other than valid becomes a status change: a historical licence starts valid.
 */
import { readFileSync } from 'node:fs';
import { checkColumnMapping, createColumnMapping, type ColumnMappingFile, type MappedStatus, type MappingProblem } from '@zhengzhao/sdk';
import { ImportFailure } from './import-errors.js';

export type StatusRequest = Omit<MappedStatus, 'status'> & { status: Exclude<MappedStatus['status'], 'valid'> };

export type MappedRow = { payload: Record<string, unknown>; status?: StatusRequest } | { problems: MappingProblem[] };

export interface Mapping {
  file: string;
  typeCode?: string;
  /** Every column the mapping reads. */
  columns(): string[];
  /** Throws when the header lacks a column the mapping names. */
  checkHeader(header: readonly string[], dataFile: string): void;
  apply(values: Record<string, unknown>): MappedRow;
  /** The column a payload pointer came from, for messages. */
  columnFor(pointer: string): string | undefined;
}

export function loadMapping(file: string): Mapping {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new ImportFailure(
      'ERR_MAPPING',
      `${file}: 无法读取或不是 JSON (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const problems = checkColumnMapping(raw);
  if (problems.length > 0) {
    throw new ImportFailure('ERR_MAPPING', `${file}: 映射文件有误：${problems.map((p) => `${p.pointer || '/'} ${p.detail}`).join('; ')}`);
  }
  return createMapping(raw as ColumnMappingFile, file);
}

export function createMapping(definition: ColumnMappingFile, file = '<mapping>'): Mapping {
  const mapping = createColumnMapping(definition, { defaultReason: (word) => `${word}（历史数据导入）` });
  return {
    file,
    ...(mapping.typeCode ? { typeCode: mapping.typeCode } : {}),
    columns: () => mapping.columns(),
    checkHeader(header, dataFile) {
      const missing = mapping.columns().filter((c) => !header.includes(c));
      if (missing.length === 0) return;
      const garbled = header.some((h) => h.includes('\uFFFD')) ? '；表头含乱码，文件可能是 GBK 编码，请加 --encoding gbk' : '';
      throw new ImportFailure(
        'ERR_MAPPING_COLUMN',
        `${file} 引用的列 ${missing.map((c) => `“${c}”`).join('、')} 不在 ${dataFile} 第 1 行的表头中（表头：${header.join(', ')}）${garbled}`,
      );
    },
    apply(values) {
      const mapped = mapping.apply(values);
      if (!mapped.ok) return { problems: mapped.problems };
      const { status, ...change } = mapped.status;
      return status === 'valid' ? { payload: mapped.payload } : { payload: mapped.payload, status: { status, ...change } };
    },
    columnFor: (pointer) => mapping.columnFor(pointer),
  };
}
