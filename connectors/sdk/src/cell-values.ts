/**
 * @module cell-values
 * Turning a cell of a department's export or a column of its database into the JSON value a
 * contract expects, and placing it at a JSON pointer. Exports give text; database drivers give
 * Date, number, boolean or JSON values: both are accepted. Dates come in every form department
 * systems write (2024-03-01, 2024/3/1, 2024.3.1, 2024年3月1日, 20240301, with or without a time);
 * all become YYYY-MM-DD, and a date that does not exist (2023-02-30) is refused rather than rolled
 * over. Problems are worded for the clerk or IT staff reading the rejects file (Chinese first).
 */
export type CellType = 'string' | 'integer' | 'number' | 'boolean' | 'date' | 'json' | 'list';

const DATE = /^(\d{4})(?:[-/.年]?)(\d{1,2})(?:[-/.月]?)(\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:[zZ]|[+-]\d{2}:?\d{2})?)?$/;
const TRUE = new Set(['true', '1', '是', 'y', 'yes', 't']);
const FALSE = new Set(['false', '0', '否', 'n', 'no', 'f']);

/** The value, or an error detail; `separator` splits a `list` (default the full-width ；). */
export function convertCell(value: unknown, type: CellType, separator = '；'): { value: unknown } | { error: string } {
  const text = value instanceof Date ? value.toISOString() : typeof value === 'object' ? JSON.stringify(value) : String(value);
  switch (type) {
    case 'string':
      return { value: text.trim() };
    case 'integer':
    case 'number': {
      const n = typeof value === 'number' ? value : Number(text.replace(/,/g, ''));
      if (text.trim() === '' || !Number.isFinite(n) || (type === 'integer' && !Number.isInteger(n))) {
        return { error: `“${text}” 不是${type === 'integer' ? '整数' : '数字'}` };
      }
      return { value: n };
    }
    case 'boolean': {
      const lower = text.trim().toLowerCase();
      if (TRUE.has(lower)) return { value: true };
      if (FALSE.has(lower)) return { value: false };
      return { error: `“${text}” 不是是/否` };
    }
    case 'date': {
      const date = normalizeDate(text);
      return date ? { value: date } : { error: `“${text}” 不是有效日期（如 2024-03-01、2024/3/1、2024年3月1日）` };
    }
    case 'json':
      if (typeof value !== 'string') return { value };
      try {
        return { value: JSON.parse(value) };
      } catch {
        return { error: '不是有效的 JSON' };
      }
    case 'list':
      return {
        value: text
          .split(separator)
          .map((s) => s.trim())
          .filter(Boolean),
      };
  }
}

export function normalizeDate(text: string): string | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  // Checked by the calendar rather than through Date (bulk import converts a few dates a row).
  if (year < 100 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return undefined;
  return `${match[1]}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return year % 4 === 0 && (year % 100 !== 0 || year % 400 === 0) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/**
 * An instant from a Date, a date (midnight Beijing time) or a date and time (Beijing time unless a
 * zone is given, as MySQL gives DATETIME); null when it is neither.
 */
export function toInstant(value: unknown): string | null {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? null : value.toISOString();
  const text = String(value).trim();
  if (/^\d{4}-\d{2}-\d{2}T.*([zZ]|[+-]\d{2}:?\d{2})$/.test(text)) {
    const parsed = Date.parse(text);
    return Number.isNaN(parsed) ? null : new Date(parsed).toISOString();
  }
  const timed = /^(.*?)[ T](\d{1,2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?$/.exec(text);
  const date = normalizeDate(timed ? (timed[1] as string) : text);
  if (!date) return null;
  if (!timed) return `${date}T00:00:00+08:00`;
  const [hour, minute, second] = [Number(timed[2]), Number(timed[3]), Number(timed[4] ?? 0)];
  if (hour > 23 || minute > 59 || second > 59) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date}T${pad(hour)}:${pad(minute)}:${pad(second)}+08:00`;
}

export function pointerSegments(pointer: string): string[] {
  return pointer
    .split('/')
    .slice(1)
    .map((s) => s.replace(/~1/g, '/').replace(/~0/g, '~'));
}

/** Sets `value` at `pointer` inside `target`, creating objects (or arrays for numeric segments). */
export function setAt(target: Record<string, unknown>, segments: readonly string[], value: unknown): void {
  let node: Record<string, unknown> | unknown[] = target;
  segments.forEach((segment, i) => {
    const key = Array.isArray(node) ? Number(segment) : segment;
    const container = node as Record<string | number, unknown>;
    if (i === segments.length - 1) {
      container[key] = value;
      return;
    }
    if (container[key] === undefined || typeof container[key] !== 'object') {
      container[key] = /^\d+$/.test(segments[i + 1] as string) ? [] : {};
    }
    node = container[key] as Record<string, unknown> | unknown[];
  });
}
