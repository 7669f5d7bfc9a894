/**
 * @module contracts/schema-flatten
 * Turns one JSON Schema location (or a conjunction of several) into a flat summary — types, enum,
 * bounds, properties, items, content model — by following `$ref` and merging `allOf`, so the
 * compatibility check and the field walk reason about "what this place in the data accepts" rather
 * than about how the schema was split into files. Subschemas of properties and items stay unflattened
 * until asked for, so recursive schemas terminate.
 *
 * Approximations (documented, deliberate): `additionalProperties` and `unevaluatedProperties` are
 * treated alike, and a closed model anywhere in a conjunction closes the merged object; `anyOf` and
 * `oneOf` are both kept as alternatives; keywords this summary does not model (`not`, `if`/`then`/
 * `else`, `dependentRequired`, `contains`, `propertyNames`, …) are kept verbatim in `opaque` so a
 * caller can at least tell whether they changed. Embedded `$id`s inside a document are not indexed.
 */
import type { JsonSchema } from '../core/ports/json-validator.js';

export type Schema = boolean | JsonSchema;

/** Finds a whole document by its absolute URI (without fragment). */
export type ResolveSchema = (uri: string) => Schema | undefined;

/** A subschema together with the document it sits in, so its local `$ref`s can be resolved. */
export interface Located {
  schema: Schema;
  document: Schema;
  /** The document's `$id` (or '' when it has none), the base for relative references. */
  base: string;
}

export interface FlatSchema {
  /** The conjunction accepts nothing (a `false` schema, or types that do not intersect). */
  never: boolean;
  /** JSON types accepted; undefined when unconstrained. `integer` is kept distinct from `number`. */
  types: Set<string> | undefined;
  /** `enum`/`const` values, intersected; undefined when unconstrained. */
  enum: unknown[] | undefined;
  hasDefault: boolean;
  minLength?: number;
  maxLength?: number;
  patterns: string[];
  formats: string[];
  minimum?: number;
  maximum?: number;
  exclusiveMinimum?: number;
  exclusiveMaximum?: number;
  multipleOf: number[];
  properties: Map<string, Located[]>;
  required: Set<string>;
  /** `additionalProperties`/`unevaluatedProperties` schemas in force; empty means open. */
  additional: Located[];
  patternProperties: Map<string, Located[]>;
  minProperties?: number;
  maxProperties?: number;
  items: Located[];
  prefixItems: Located[][];
  minItems?: number;
  maxItems?: number;
  uniqueItems: boolean;
  /** Each `anyOf`/`oneOf` group, as its alternatives. */
  alternatives: Located[][];
  /** Keywords not modelled here, by name, each with every value met in the conjunction. */
  opaque: Map<string, unknown[]>;
  /** `$ref`s that could not be resolved. */
  unresolved: string[];
}

const ANNOTATIONS = new Set([
  '$schema',
  '$id',
  '$anchor',
  '$dynamicAnchor',
  '$comment',
  '$defs',
  'definitions',
  'title',
  'description',
  'examples',
  'deprecated',
  'readOnly',
  'writeOnly',
  'contentMediaType',
  'contentEncoding',
  'contentSchema',
]);

/** A document of shared `$defs` only: no root type, so no examples or root type of its own. */
export function isDefinitionsOnly(schema: JsonSchema): boolean {
  return schema.type === undefined && schema.allOf === undefined && schema.$ref === undefined;
}

/** A whole document as a location; its `$id` is the base for its references. */
export function locate(schema: Schema): Located {
  const id = typeof schema === 'object' && typeof schema.$id === 'string' ? schema.$id : '';
  return { schema, document: schema, base: stripFragment(id) };
}

export function flatten(conjunction: readonly Located[], resolve: ResolveSchema = () => undefined): FlatSchema {
  const flat: FlatSchema = {
    never: false,
    types: undefined,
    enum: undefined,
    hasDefault: false,
    patterns: [],
    formats: [],
    multipleOf: [],
    properties: new Map(),
    required: new Set(),
    additional: [],
    patternProperties: new Map(),
    items: [],
    prefixItems: [],
    uniqueItems: false,
    alternatives: [],
    opaque: new Map(),
    unresolved: [],
  };
  const seen = new Set<object>();
  for (const located of conjunction) absorb(flat, located, resolve, seen);
  if (flat.types?.size === 0 || flat.enum?.length === 0) flat.never = true;
  return flat;
}

function absorb(flat: FlatSchema, at: Located, resolve: ResolveSchema, seen: Set<object>): void {
  const { schema } = at;
  if (schema === true) return;
  if (schema === false) {
    flat.never = true;
    return;
  }
  // A $ref cycle through allOf would otherwise never end; a schema met twice adds nothing new.
  if (seen.has(schema)) return;
  seen.add(schema);
  const here = (sub: unknown): Located => ({ schema: sub as Schema, document: at.document, base: at.base });
  for (const [keyword, value] of Object.entries(schema)) {
    if (ANNOTATIONS.has(keyword) || keyword.startsWith('x-')) continue;
    switch (keyword) {
      case '$ref': {
        const target = resolveRef(value as string, at, resolve);
        if (target) absorb(flat, target, resolve, seen);
        else flat.unresolved.push(absoluteRef(value as string, at.base));
        break;
      }
      case 'allOf':
        for (const member of value as unknown[]) absorb(flat, here(member), resolve, seen);
        break;
      case 'type':
        flat.types = intersectTypes(flat.types, Array.isArray(value) ? (value as string[]) : [value as string]);
        break;
      case 'enum':
        flat.enum = intersectValues(flat.enum, value as unknown[]);
        break;
      case 'const':
        flat.enum = intersectValues(flat.enum, [value]);
        break;
      case 'default':
        flat.hasDefault = true;
        break;
      case 'minLength':
      case 'minimum':
      case 'exclusiveMinimum':
      case 'minProperties':
      case 'minItems':
        flat[keyword] = Math.max(flat[keyword] ?? -Infinity, value as number);
        break;
      case 'maxLength':
      case 'maximum':
      case 'exclusiveMaximum':
      case 'maxProperties':
      case 'maxItems':
        flat[keyword] = Math.min(flat[keyword] ?? Infinity, value as number);
        break;
      case 'pattern':
        flat.patterns.push(value as string);
        break;
      case 'format':
        flat.formats.push(value as string);
        break;
      case 'multipleOf':
        flat.multipleOf.push(value as number);
        break;
      case 'properties':
        for (const [name, sub] of Object.entries(value as Record<string, unknown>)) push(flat.properties, name, here(sub));
        break;
      case 'patternProperties':
        for (const [pattern, sub] of Object.entries(value as Record<string, unknown>)) {
          push(flat.patternProperties, pattern, here(sub));
        }
        break;
      case 'required':
        for (const name of value as string[]) flat.required.add(name);
        break;
      case 'additionalProperties':
      case 'unevaluatedProperties':
        flat.additional.push(here(value));
        break;
      case 'items':
        flat.items.push(here(value));
        break;
      case 'prefixItems':
        (value as unknown[]).forEach((sub, i) => (flat.prefixItems[i] ??= []).push(here(sub)));
        break;
      case 'uniqueItems':
        flat.uniqueItems ||= value === true;
        break;
      case 'anyOf':
      case 'oneOf':
        flat.alternatives.push((value as unknown[]).map(here));
        break;
      default:
        push(flat.opaque, keyword, value);
    }
  }
}

function resolveRef(ref: string, at: Located, resolve: ResolveSchema): Located | undefined {
  const absolute = absoluteRef(ref, at.base);
  const hash = absolute.indexOf('#');
  const uri = hash < 0 ? absolute : absolute.slice(0, hash);
  const fragment = hash < 0 ? '' : absolute.slice(hash + 1);
  const document = uri === '' || uri === at.base ? at.document : resolve(uri);
  if (document === undefined) return undefined;
  const schema = pointerGet(document, fragment);
  return schema === undefined ? undefined : { schema: schema as Schema, document, base: uri };
}

function absoluteRef(ref: string, base: string): string {
  if (ref.startsWith('#')) return `${base}${ref}`;
  try {
    return new URL(ref, base || undefined).href;
  } catch {
    return ref;
  }
}

function stripFragment(uri: string): string {
  const hash = uri.indexOf('#');
  return hash < 0 ? uri : uri.slice(0, hash);
}

function pointerGet(document: unknown, fragment: string): unknown {
  if (fragment === '' || fragment === '/') return document;
  if (!fragment.startsWith('/')) return undefined;
  let node: unknown = document;
  for (const raw of fragment.slice(1).split('/')) {
    const key = decodeURIComponent(raw).replace(/~1/g, '/').replace(/~0/g, '~');
    if (node === null || typeof node !== 'object') return undefined;
    node = (node as Record<string, unknown>)[key];
  }
  return node;
}

function intersectTypes(current: Set<string> | undefined, next: readonly string[]): Set<string> {
  const incoming = new Set(next);
  if (!current) return incoming;
  const result = new Set<string>();
  for (const type of current) {
    if (incoming.has(type)) result.add(type);
    else if (type === 'integer' && incoming.has('number')) result.add('integer');
    else if (type === 'number' && incoming.has('integer')) result.add('integer');
  }
  return result;
}

function intersectValues(current: unknown[] | undefined, next: readonly unknown[]): unknown[] {
  return current ? current.filter((value) => next.some((other) => jsonEqual(value, other))) : [...next];
}

function push<V>(map: Map<string, V[]>, key: string, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

/** Structural equality of JSON values (object key order ignored). */
export function jsonEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    return a.length === other.length && a.every((item, i) => jsonEqual(item, other[i]));
  }
  const left = a as Record<string, unknown>;
  const right = b as Record<string, unknown>;
  const keys = Object.keys(left);
  return keys.length === Object.keys(right).length && keys.every((key) => key in right && jsonEqual(left[key], right[key]));
}
