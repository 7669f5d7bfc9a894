/**
 * @module column-mapping
 * MAP.json, the one column-mapping format of the connectors (column-mapping.schema.json): which
 * column fills which payload field (a JSON pointer), as what type, which fields are constants, and
 * which column carries the licence's status (正常/暂停/吊销/撤销/注销 …). The bulk import reads an
 * export with it and the legacy-database connector reads a table with it, so one file serves a
 * department's export and its live table, and both read it by this code. The status is kept apart
 * from the payload because the hub carries it as sealed status changes, never inside the licence.
 * A status word the mapping does not know refuses the row: guessing "valid" would publish a
 * revoked licence as good. Every problem of a row is named at once, with pointer and column.
 */
import { readFileSync } from 'node:fs';
import { createAjv, toProblems } from './ajv.js';
import { convertCell, pointerSegments, setAt, toInstant, type CellType } from './cell-values.js';
import type { FieldProblem } from './errors.js';

/** A column name, or a column with a conversion, or a constant. */
export type FieldSource = string | { column: string; as?: CellType; separator?: string } | { const: unknown };

/** A status a department may set through a sealed status change; `valid` is the state of a fresh licence. */
export type MappedStatusName = 'valid' | 'suspended' | 'revoked' | 'cancelled';

export interface StatusValue {
  status: MappedStatusName;
  nationalStatusCode?: '03' | '04' | '07' | '99';
  /** Shown to verifiers when the row has no reason; never personal data. */
  reason?: string;
}

export interface ColumnMappingFile {
  /** Shorthand for `"/typeCode": {"const": …}`. */
  typeCode?: string;
  /** JSON pointer in the licence payload → where its value comes from. */
  fields: Record<string, FieldSource>;
  status?: {
    column: string;
    /** Cell value (trimmed) → status, added to DEFAULT_STATUS_WORDS; a bare name is shorthand for `{status}`. */
    values?: Record<string, MappedStatusName | StatusValue>;
    /** Column holding the reason shown to verifiers. */
    reason?: string;
    /** Column holding when the status took effect. */
    effectiveAt?: string;
  };
}

/** The words department systems use for a licence's state; an empty cell means valid. */
export const DEFAULT_STATUS_WORDS: Readonly<Record<string, StatusValue>> = {
  正常: { status: 'valid' },
  有效: { status: 'valid' },
  暂停: { status: 'suspended' },
  吊销: { status: 'revoked', nationalStatusCode: '07' },
  撤销: { status: 'revoked', nationalStatusCode: '03' },
  注销: { status: 'cancelled', nationalStatusCode: '04' },
  valid: { status: 'valid' },
  suspended: { status: 'suspended' },
  revoked: { status: 'revoked' },
  cancelled: { status: 'cancelled' },
};

export interface MappedStatus {
  status: MappedStatusName;
  nationalStatusCode?: StatusValue['nationalStatusCode'];
  reason: string;
  /** ISO date-time, or undefined for "now". */
  effectiveAt?: string;
}

/** A problem of one row: `ERR_CELL_VALUE` (a cell that cannot be converted) or `ERR_STATUS_VALUE` (an unknown status word). */
export interface MappingProblem extends FieldProblem {
  code: 'ERR_CELL_VALUE' | 'ERR_STATUS_VALUE';
  column?: string;
}

export type MappedRow = { ok: true; payload: Record<string, unknown>; status: MappedStatus } | { ok: false; problems: MappingProblem[] };

/** What differs between reading a historical export and capturing a live table. */
export interface StatusPolicy {
  /** The reason of a status change when neither the row nor the mapping gives one, from the status word. */
  defaultReason(word: string): string;
}

export interface ColumnMapping {
  typeCode?: string;
  /** Every column the mapping reads, so a missing one is named before the first row. */
  columns(): string[];
  apply(row: Record<string, unknown>): MappedRow;
  /** The column a payload pointer came from, for messages. */
  columnFor(pointer: string): string | undefined;
}

const validate = createAjv().compile(JSON.parse(readFileSync(new URL('../column-mapping.schema.json', import.meta.url), 'utf8')) as object);

/** Every problem of a mapping file (schema, pointers, status names) at once; empty when usable. */
export function checkColumnMapping(raw: unknown): FieldProblem[] {
  if (!validate(raw)) {
    const fromSchema = toProblems(validate.errors);
    return [...new Map(fromSchema.map((p) => [`${p.pointer} ${p.detail}`, p])).values(), ...pointerProblems(raw)];
  }
  return pointerProblems(raw);
}

function pointerProblems(raw: unknown): FieldProblem[] {
  const fields = (raw as { fields?: unknown })?.fields;
  if (typeof fields !== 'object' || fields === null) return [];
  return Object.keys(fields).flatMap((pointer) => {
    if (!/^(\/[^/]+)+$/.test(pointer)) return [{ pointer: `/fields/${escape(pointer)}`, detail: '须为 JSON 指针，如 /holder/name' }];
    if (pointer === '/replaces') return [{ pointer: '/fields/~1replaces', detail: '换发关系由连接器设置，不可映射' }];
    return [];
  });
}

export function createColumnMapping(definition: ColumnMappingFile, policy: StatusPolicy): ColumnMapping {
  const column = (source: FieldSource) => (typeof source === 'string' ? source : 'column' in source ? source.column : undefined);
  const rules = Object.entries(definition.fields).map(([pointer, source]) => ({
    pointer,
    segments: pointerSegments(pointer),
    source,
    /** Column and conversion: fields that share both share the converted value. */
    conversion:
      typeof source === 'object' && 'column' in source
        ? JSON.stringify([source.column, source.as, source.separator])
        : JSON.stringify([column(source)]),
  }));
  const spec = definition.status;
  const words: Record<string, StatusValue> = { ...DEFAULT_STATUS_WORDS };
  for (const [word, value] of Object.entries(spec?.values ?? {})) words[word] = typeof value === 'string' ? { status: value } : value;
  const columns = [
    ...new Set([
      ...rules.flatMap((r) => column(r.source) ?? []),
      ...(spec ? [spec.column, spec.reason, spec.effectiveAt].filter((c): c is string => !!c) : []),
    ]),
  ];

  function mapStatus(row: Record<string, unknown>, problems: MappingProblem[]): MappedStatus | undefined {
    if (!spec) return { status: 'valid', reason: policy.defaultReason('有效') };
    const word = text(row[spec.column]);
    const found = word === undefined ? DEFAULT_STATUS_WORDS['有效'] : words[word];
    if (found === undefined) {
      const known = Object.keys(words).join('、');
      problems.push({ code: 'ERR_STATUS_VALUE', pointer: '/status', column: spec.column, detail: `“${word}” 不是已知的状态（${known}）` });
      return undefined;
    }
    const when = spec.effectiveAt ? row[spec.effectiveAt] : undefined;
    const effectiveAt = when === undefined || when === null || text(when) === undefined ? undefined : toInstant(when);
    if (effectiveAt === null) {
      const detail = `“${text(when)}” 不是有效的日期或时间`;
      problems.push({ code: 'ERR_CELL_VALUE', pointer: '/effectiveAt', column: spec.effectiveAt as string, detail });
      return undefined;
    }
    return {
      status: found.status,
      ...(found.nationalStatusCode ? { nationalStatusCode: found.nationalStatusCode } : {}),
      reason: (spec.reason ? text(row[spec.reason]) : undefined) ?? found.reason ?? policy.defaultReason(word ?? '有效'),
      ...(effectiveAt ? { effectiveAt } : {}),
    };
  }

  return {
    ...(definition.typeCode ? { typeCode: definition.typeCode } : {}),
    columns: () => columns,
    apply(row) {
      const payload: Record<string, unknown> = definition.typeCode ? { typeCode: definition.typeCode } : {};
      const problems: MappingProblem[] = [];
      // A column often fills several fields (a date as issuedAt, validFrom, registeredOn): converted once a row.
      const converted = new Map<string, ReturnType<typeof convertCell>>();
      for (const { pointer, segments, source, conversion } of rules) {
        if (typeof source === 'object' && 'const' in source) {
          setAt(payload, segments, ownCopy(source.const));
          continue;
        }
        const name = column(source) as string;
        const cell = row[name];
        if (cell === undefined || cell === null || cell === '') continue;
        let result = converted.get(conversion);
        if (result === undefined) {
          result = typeof source === 'string' ? convertCell(cell, 'string') : convertCell(cell, source.as ?? 'string', source.separator);
          converted.set(conversion, result);
        }
        if ('error' in result) problems.push({ code: 'ERR_CELL_VALUE', pointer, column: name, detail: result.error });
        else setAt(payload, segments, ownCopy(result.value));
      }
      const status = mapStatus(row, problems);
      return problems.length > 0 || status === undefined ? { ok: false, problems } : { ok: true, payload, status };
    },
    columnFor(pointer) {
      const match = rules
        .filter((r) => column(r.source) && (pointer === r.pointer || pointer.startsWith(`${r.pointer}/`)))
        .sort((a, b) => b.pointer.length - a.pointer.length)[0];
      return match ? column(match.source) : undefined;
    },
  };
}

/** A value a payload may change without touching the mapping or another field (primitives need no copy). */
function ownCopy(value: unknown): unknown {
  return typeof value === 'object' && value !== null ? structuredClone(value) : value;
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = (value instanceof Date ? value.toISOString() : String(value)).trim();
  return s === '' ? undefined : s;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}
