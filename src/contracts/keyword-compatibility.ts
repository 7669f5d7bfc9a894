/**
 * @module contracts/keyword-compatibility
 * The compatibility rules of single keywords at one place in the data, which need no walk through
 * the schema: the types and `enum`/`const` a place accepts, and the bounds, patterns, formats and
 * divisors of strings and numbers. Each narrowing is reported through `add` under its rule name
 * (`max-length-decreased`, `enum-narrowed`, …); widening is never reported.
 */
import { list, type Add } from './compatibility-problem.js';
import { jsonEqual, type FlatSchema } from './schema-flatten.js';

const ALL_TYPES = ['null', 'boolean', 'object', 'array', 'number', 'string'];

export function compareTypes(oldTypes: Set<string> | undefined, newTypes: Set<string> | undefined, add: Add): void {
  if (!newTypes) return;
  const lost = [...(oldTypes ?? ALL_TYPES)].filter((type) => !accepts(newTypes, type));
  if (lost.length === 0) return;
  const kept = oldTypes && [...oldTypes].some((type) => accepts(newTypes, type) || (type === 'number' && newTypes.has('integer')));
  add(
    oldTypes && !kept ? 'type-changed' : 'type-narrowed',
    `old accepted ${oldTypes ? [...oldTypes].join('|') : 'any type'}; new accepts only ${[...newTypes].join('|')}`,
  );
}

export function compareEnums(o: FlatSchema, n: FlatSchema, add: Add): void {
  if (!n.enum) return;
  if (!o.enum) return add('enum-added', `new restricts the value to ${list(n.enum)}`);
  const lost = o.enum.filter((value) => !n.enum!.some((other) => jsonEqual(value, other)));
  if (lost.length > 0) add('enum-narrowed', `old values ${list(lost)} are no longer allowed`);
}

export function compareStrings(o: FlatSchema, n: FlatSchema, add: Add): void {
  upper('maxLength', o.maxLength, n.maxLength, add);
  lower('minLength', o.minLength, n.minLength, add);
  const patterns = n.patterns.filter((p) => !o.patterns.includes(p));
  if (patterns.length > 0) {
    add(o.patterns.length ? 'pattern-changed' : 'pattern-added', `old values need not match ${list(patterns)}`);
  }
  const formats = n.formats.filter((f) => !o.formats.includes(f));
  if (formats.length > 0) add(o.formats.length ? 'format-changed' : 'format-added', `old values need not be ${list(formats)}`);
}

export function compareNumbers(o: FlatSchema, n: FlatSchema, add: Add): void {
  upper('maximum', o.maximum, n.maximum, add);
  upper('exclusiveMaximum', o.exclusiveMaximum, n.exclusiveMaximum, add);
  lower('minimum', o.minimum, n.minimum, add);
  lower('exclusiveMinimum', o.exclusiveMinimum, n.exclusiveMinimum, add);
  for (const divisor of n.multipleOf) {
    if (o.multipleOf.some((old) => isMultiple(old, divisor))) continue;
    add(o.multipleOf.length ? 'multiple-of-changed' : 'multiple-of-added', `old values need not be multiples of ${divisor}`);
  }
}

/** A maximum-like bound: adding one or lowering it narrows. */
export function upper(keyword: string, before: number | undefined, after: number | undefined, add: Add): void {
  if (after === undefined || (before !== undefined && after >= before)) return;
  add(`${kebab(keyword)}-${before === undefined ? 'added' : 'decreased'}`, `${keyword} ${before ?? 'none'} → ${after}`);
}

/** A minimum-like bound: adding one or raising it narrows. */
export function lower(keyword: string, before: number | undefined, after: number | undefined, add: Add): void {
  if (after === undefined || (before !== undefined && after <= before)) return;
  add(`${kebab(keyword)}-${before === undefined ? 'added' : 'increased'}`, `${keyword} ${before ?? 'none'} → ${after}`);
}

export function accepts(types: Set<string> | undefined, type: string): boolean {
  return !types || types.has(type) || (type === 'integer' && types.has('number'));
}

export function jsonType(value: unknown): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  if (typeof value === 'number') return Number.isInteger(value) ? 'integer' : 'number';
  return typeof value;
}

function isMultiple(value: number, divisor: number): boolean {
  const ratio = value / divisor;
  return Math.abs(ratio - Math.round(ratio)) < 1e-9;
}

function kebab(keyword: string): string {
  return keyword.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);
}
