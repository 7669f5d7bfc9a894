/**
 * @module field-values
 * Turning the text of an export cell into the JSON value a contract expects, and placing it at a
 * JSON pointer. Dates come in every form department systems export (2024-03-01, 2024/3/1,
 * 2024.3.1, 2024年3月1日, 20240301, with or without a time); all become YYYY-MM-DD, and a date that
 * does not exist (2023-02-30) is refused rather than rolled over.
 */
export type CellType = 'string' | 'integer' | 'number' | 'boolean' | 'date';

const DATE = /^(\d{4})(?:[-/.年]?)(\d{1,2})(?:[-/.月]?)(\d{1,2})日?(?:[ T]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$/;
const TRUE = new Set(['true', '1', '是', 'y', 'yes']);
const FALSE = new Set(['false', '0', '否', 'n', 'no']);

/** The value, or an error detail. */
export function convertCell(text: string, type: CellType): { value: unknown } | { error: string } {
  switch (type) {
    case 'string':
      return { value: text };
    case 'integer':
    case 'number': {
      const value = Number(text.replace(/,/g, ''));
      if (text.trim() === '' || !Number.isFinite(value) || (type === 'integer' && !Number.isInteger(value))) {
        return { error: `“${text}” 不是${type === 'integer' ? '整数' : '数字'}` };
      }
      return { value };
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
  }
}

export function normalizeDate(text: string): string | undefined {
  const match = DATE.exec(text.trim());
  if (!match) return undefined;
  const [year, month, day] = [Number(match[1]), Number(match[2]), Number(match[3])];
  const date = new Date(Date.UTC(year, month - 1, day));
  if (date.getUTCFullYear() !== year || date.getUTCMonth() !== month - 1 || date.getUTCDate() !== day) return undefined;
  return date.toISOString().slice(0, 10);
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
