/**
 * @module legacy-db/column-mapping
 * How a department's table becomes a licence payload: a mapping file names, for each JSON pointer of
 * the payload, the column it comes from (or a constant), and how the status column's values
 * (正常/暂停/吊销/撤销/注销 …) become the hub's lifecycle statuses. The status is kept apart from
 * the payload because the hub carries it as sealed status changes, never inside the licence.
 * Mapping mistakes are reported all at once with the pointer or column they concern.
 */
import { createHash } from 'node:crypto';

/** A column name, or a column with a conversion, or a constant. */
export type FieldSource =
  | string
  | { column: string; as?: 'string' | 'date' | 'number' | 'integer' | 'boolean' | 'json' | 'list'; separator?: string }
  | { const: unknown };

/** A status the department may set through a sealed status change. */
export type MappedStatusName = 'valid' | 'suspended' | 'revoked' | 'cancelled';

export interface StatusValue {
  status: MappedStatusName;
  nationalStatusCode?: '03' | '04' | '07' | '99';
  /** Shown to verifiers when no reason column is mapped or it is empty; never personal data. */
  reason?: string;
}

/** The same shape as the bulk import's MAP.json, so one mapping serves a department's export and its table. */
export interface ColumnMapping {
  /** Shorthand for `"/typeCode": {"const": …}`. */
  typeCode?: string;
  /** JSON pointer in the licence payload → where its value comes from. */
  fields: Record<string, FieldSource>;
  status?: {
    column: string;
    /** Column value (trimmed) → status; a bare status name is shorthand for `{status}`. Default: DEFAULT_STATUS_VALUES. */
    values?: Record<string, MappedStatusName | StatusValue>;
    /** Column holding the reason shown to verifiers. */
    reason?: string;
    /** Column holding when the status took effect. */
    effectiveAt?: string;
  };
}

/** The words department systems use for a licence's state. */
const DEFAULT_STATUS_VALUES: Readonly<Record<string, MappedStatusName | StatusValue>> = {
  正常: 'valid',
  有效: 'valid',
  暂停: 'suspended',
  吊销: { status: 'revoked', nationalStatusCode: '07' },
  撤销: { status: 'revoked', nationalStatusCode: '03' },
  注销: { status: 'cancelled', nationalStatusCode: '04' },
};

export interface MappedStatus {
  status: MappedStatusName;
  nationalStatusCode?: StatusValue['nationalStatusCode'];
  reason: string;
  /** ISO date-time, or undefined for "now". */
  effectiveAt?: string;
}

export interface MappedRow {
  payload: Record<string, unknown>;
  status: MappedStatus;
  /** SHA-256 of the payload in a canonical form: a changed row with the same hash needs no new version. */
  contentHash: string;
}

export interface MappingProblem {
  pointer: string;
  detail: string;
}

export type MapResult = { ok: true; row: MappedRow } | { ok: false; problems: MappingProblem[] };

const STATUSES: readonly MappedStatusName[] = ['valid', 'suspended', 'revoked', 'cancelled'];
const VALID: StatusValue = { status: 'valid' };

/** Every column the mapping reads, so a missing one is named before the first row. */
export function mappedColumns(mapping: ColumnMapping): string[] {
  const fromFields = Object.values(mapping.fields).flatMap((f) => (typeof f === 'string' ? [f] : 'column' in f ? [f.column] : []));
  const status = mapping.status;
  const fromStatus = status ? [status.column, status.reason, status.effectiveAt].filter((c): c is string => !!c) : [];
  return [...new Set([...fromFields, ...fromStatus])];
}

/** Structural problems of a mapping file (pointers, status names), all at once; empty when usable. */
export function checkColumnMapping(mapping: ColumnMapping): MappingProblem[] {
  const problems: MappingProblem[] = [];
  for (const pointer of Object.keys(mapping.fields)) {
    if (!/^(\/[^/~]+)+$/.test(pointer))
      problems.push({ pointer: `/fields/${escape(pointer)}`, detail: 'must be a JSON pointer such as /holder/name' });
    if (pointer === '/replaces') problems.push({ pointer: '/fields/~1replaces', detail: 'replacements are set by the connector' });
  }
  for (const [value, target] of Object.entries(mapping.status?.values ?? {})) {
    const status = typeof target === 'string' ? target : target.status;
    if (!STATUSES.includes(status)) {
      problems.push({ pointer: `/status/values/${escape(value)}`, detail: `must be one of ${STATUSES.join(', ')}` });
    }
  }
  return problems;
}

export function mapRow(mapping: ColumnMapping, row: Record<string, unknown>): MapResult {
  const problems: MappingProblem[] = [];
  const payload: Record<string, unknown> = mapping.typeCode ? { typeCode: mapping.typeCode } : {};
  for (const [pointer, source] of Object.entries(mapping.fields)) {
    const converted = convert(source, row);
    if ('problem' in converted) problems.push({ pointer, detail: converted.problem });
    else if (converted.value !== undefined) setAt(payload, pointer, converted.value);
  }
  const status = mapStatus(mapping, row, problems);
  if (problems.length > 0 || status === undefined) return { ok: false, problems };
  return { ok: true, row: { payload, status, contentHash: canonicalHash(payload) } };
}

function mapStatus(mapping: ColumnMapping, row: Record<string, unknown>, problems: MappingProblem[]): MappedStatus | undefined {
  const spec = mapping.status;
  if (!spec) return { status: 'valid', reason: '有效' };
  const raw = text(row[spec.column]);
  const found = raw === undefined ? VALID : (spec.values ?? DEFAULT_STATUS_VALUES)[raw];
  if (found === undefined) {
    problems.push({ pointer: '/status', detail: `column ${spec.column}: value "${raw}" is not in the mapping's status values` });
    return undefined;
  }
  const target = typeof found === 'string' ? { status: found } : found;
  const effectiveAt = spec.effectiveAt ? dateTime(row[spec.effectiveAt]) : undefined;
  return {
    status: target.status,
    ...(target.nationalStatusCode ? { nationalStatusCode: target.nationalStatusCode } : {}),
    reason: (spec.reason ? text(row[spec.reason]) : undefined) ?? target.reason ?? `原系统登记状态：${raw ?? '有效'}`,
    ...(effectiveAt ? { effectiveAt } : {}),
  };
}

type Converted = { value: unknown } | { problem: string };

function convert(source: FieldSource, row: Record<string, unknown>): Converted {
  if (typeof source !== 'string' && 'const' in source) return { value: structuredClone(source.const) };
  const column = typeof source === 'string' ? source : source.column;
  const as = typeof source === 'string' ? 'string' : (source.as ?? 'string');
  const value = row[column];
  if (value === null || value === undefined || value === '') return { value: undefined };
  switch (as) {
    case 'string':
      return { value: value instanceof Date ? value.toISOString() : String(value).trim() };
    case 'date': {
      const date = value instanceof Date ? value.toISOString() : String(value);
      return /^\d{4}-\d{2}-\d{2}/.test(date) ? { value: date.slice(0, 10) } : { problem: `column ${column}: "${date}" is not a date` };
    }
    case 'number':
    case 'integer': {
      const n = Number(value);
      const ok = Number.isFinite(n) && (as === 'number' || Number.isInteger(n));
      return ok ? { value: n } : { problem: `column ${column}: "${String(value)}" is not ${as === 'integer' ? 'an integer' : 'a number'}` };
    }
    case 'boolean':
      return { value: value === true || value === 1 || value === '1' || value === 't' || value === 'true' };
    case 'json':
      if (typeof value !== 'string') return { value };
      try {
        return { value: JSON.parse(value) };
      } catch {
        return { problem: `column ${column}: not valid JSON` };
      }
    case 'list': {
      const separator = typeof source === 'string' ? '；' : (source.separator ?? '；');
      return {
        value: String(value)
          .split(separator)
          .map((s) => s.trim())
          .filter(Boolean),
      };
    }
  }
}

function text(value: unknown): string | undefined {
  if (value === null || value === undefined) return undefined;
  const s = String(value).trim();
  return s === '' ? undefined : s;
}

/** Drivers give timestamps as text without a zone (MySQL) or with one (PostgreSQL JSON); Beijing time when none. */
function dateTime(value: unknown): string | undefined {
  if (value instanceof Date) return value.toISOString();
  const s = text(value);
  if (s === undefined) return undefined;
  const iso = s.replace(' ', 'T');
  return /[zZ]|[+-]\d{2}:?\d{2}$/.test(iso) ? iso : `${iso}+08:00`;
}

function setAt(target: Record<string, unknown>, pointer: string, value: unknown): void {
  const parts = pointer
    .slice(1)
    .split('/')
    .map((p) => p.replace(/~1/g, '/').replace(/~0/g, '~'));
  let node = target;
  for (const part of parts.slice(0, -1)) {
    const next = node[part];
    node = (typeof next === 'object' && next !== null ? next : (node[part] = {})) as Record<string, unknown>;
  }
  node[parts[parts.length - 1] as string] = value;
}

function escape(segment: string): string {
  return segment.replace(/~/g, '~0').replace(/\//g, '~1');
}

/** Key order must not matter: objects are hashed with sorted keys. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
