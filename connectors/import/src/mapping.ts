/**
 * @module mapping
 * MAP.json (see mapping.schema.json): which column fills which payload field (a JSON pointer), as
 * what type, which fields are constants, and which column carries the licence's status (吊销,
 * 注销, 暂停 …). A mapping that names a column the file lacks stops the import before the first
 * row, naming both files; a cell that cannot be converted rejects its row, naming line and column.
 */
import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import { convertCell, normalizeDate, pointerSegments, setAt, type CellType } from './field-values.js';
import { ImportFailure } from './import-errors.js';

export type ImportStatus = 'revoked' | 'cancelled' | 'suspended';

export interface StatusRequest {
  status: ImportStatus;
  nationalStatusCode?: '03' | '04' | '07' | '99';
  reason: string;
  effectiveAt?: string;
}

export interface RowFieldProblem {
  code: string;
  pointer: string;
  column?: string;
  detail: string;
}

export type MappedRow = { payload: Record<string, unknown>; status?: StatusRequest } | { problems: RowFieldProblem[] };

interface FieldRule {
  pointer: string;
  segments: string[];
  column?: string;
  as: CellType;
  constant?: unknown;
}

interface MappingFile {
  typeCode?: string;
  fields: Record<string, string | { column: string; as?: CellType } | { const: unknown }>;
  status?: {
    column: string;
    values?: Record<string, string | { status: ImportStatus; nationalStatusCode?: StatusRequest['nationalStatusCode'] }>;
    reason?: string;
    effectiveAt?: string;
  };
}

/** Words department systems use for a status; anything else (有效, 正常, empty) means no change. */
export const DEFAULT_STATUS_WORDS: Record<string, Pick<StatusRequest, 'status' | 'nationalStatusCode'>> = {
  吊销: { status: 'revoked', nationalStatusCode: '07' },
  撤销: { status: 'revoked', nationalStatusCode: '03' },
  注销: { status: 'cancelled' },
  暂停: { status: 'suspended' },
  revoked: { status: 'revoked' },
  cancelled: { status: 'cancelled' },
  suspended: { status: 'suspended' },
};

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

const schema = JSON.parse(readFileSync(new URL('../mapping.schema.json', import.meta.url), 'utf8')) as object;
const validate = new Ajv2020({ allErrors: true, strict: false }).compile(schema);

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
  if (!validate(raw)) {
    const problems = (validate.errors ?? []).map((e) => `${e.instancePath || '/'} ${e.message}`);
    throw new ImportFailure('ERR_MAPPING', `${file}: 映射文件有误：${[...new Set(problems)].join('; ')}`);
  }
  return createMapping(raw as MappingFile, file);
}

export function createMapping(definition: MappingFile, file = '<mapping>'): Mapping {
  const rules: FieldRule[] = Object.entries(definition.fields).map(([pointer, rule]) => {
    const segments = pointerSegments(pointer);
    if (typeof rule === 'string') return { pointer, segments, column: rule, as: 'string' };
    if ('const' in rule) return { pointer, segments, as: 'string', constant: rule.const };
    return { pointer, segments, column: rule.column, as: rule.as ?? 'string' };
  });
  const status = definition.status;
  const statusWords = { ...DEFAULT_STATUS_WORDS, ...normalizeWords(status?.values ?? {}) };
  const columns = [
    ...new Set([
      ...rules.flatMap((r) => (r.column ? [r.column] : [])),
      ...(status ? [status.column, ...(status.reason ? [status.reason] : []), ...(status.effectiveAt ? [status.effectiveAt] : [])] : []),
    ]),
  ];

  return {
    file,
    ...(definition.typeCode ? { typeCode: definition.typeCode } : {}),
    columns: () => columns,
    checkHeader(header, dataFile) {
      const missing = columns.filter((c) => !header.includes(c));
      if (missing.length === 0) return;
      const garbled = header.some((h) => h.includes('\uFFFD')) ? '；表头含乱码，文件可能是 GBK 编码，请加 --encoding gbk' : '';
      throw new ImportFailure(
        'ERR_MAPPING_COLUMN',
        `${file} 引用的列 ${missing.map((c) => `“${c}”`).join('、')} 不在 ${dataFile} 第 1 行的表头中（表头：${header.join(', ')}）${garbled}`,
      );
    },
    apply(values) {
      const payload: Record<string, unknown> = {};
      const problems: RowFieldProblem[] = [];
      for (const rule of rules) {
        if (rule.constant !== undefined) {
          setAt(payload, rule.segments, structuredClone(rule.constant));
          continue;
        }
        const cell = values[rule.column as string];
        if (cell === undefined || cell === null || cell === '') continue;
        const converted = typeof cell === 'string' ? convertCell(cell, rule.as) : { value: cell };
        if ('error' in converted)
          problems.push({ code: 'ERR_CELL_VALUE', pointer: rule.pointer, column: rule.column as string, detail: converted.error });
        else setAt(payload, rule.segments, converted.value);
      }
      if (problems.length > 0) return { problems };
      if (!status) return { payload };
      const word = String(values[status.column] ?? '').trim();
      const change = statusWords[word];
      if (!change || (change.status as string) === 'valid') return { payload };
      const when = status.effectiveAt ? String(values[status.effectiveAt] ?? '').trim() : '';
      const effectiveAt = when === '' ? undefined : toInstant(when);
      if (effectiveAt === null) {
        return {
          problems: [
            {
              code: 'ERR_CELL_VALUE',
              pointer: '/effectiveAt',
              column: status.effectiveAt as string,
              detail: `“${when}” 不是有效的日期或时间`,
            },
          ],
        };
      }
      const reason = (status.reason ? String(values[status.reason] ?? '').trim() : '') || `${word}（历史数据导入）`;
      return { payload, status: { ...change, reason, ...(effectiveAt ? { effectiveAt } : {}) } };
    },
    columnFor(pointer) {
      const match = rules
        .filter((r) => r.column && (pointer === r.pointer || pointer.startsWith(`${r.pointer}/`)))
        .sort((a, b) => b.pointer.length - a.pointer.length)[0];
      return match?.column;
    },
  };
}

function normalizeWords(
  values: NonNullable<MappingFile['status']>['values'] & object,
): Record<string, Pick<StatusRequest, 'status' | 'nationalStatusCode'>> {
  return Object.fromEntries(Object.entries(values).map(([word, v]) => [word, typeof v === 'string' ? { status: v as ImportStatus } : v]));
}

/** A date (midnight Beijing time), a date and time (Beijing time unless a zone is given); null when neither. */
function toInstant(text: string): string | null {
  if (/^\d{4}-\d{2}-\d{2}T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(text)) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  const timed = /^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(text);
  const date = normalizeDate(timed ? (timed[1] as string) : text);
  if (!date) return null;
  if (!timed) return `${date}T00:00:00+08:00`;
  const [hour, minute, second] = [Number(timed[2]), Number(timed[3]), Number(timed[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}
