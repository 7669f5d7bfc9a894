import { describe, expect, it } from 'vitest';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { checkBackwardCompatible } from './compatibility.js';
import { createSchemaRegistry } from './schema-registry.js';
import type { Schema } from './schema-flatten.js';

const closed = (properties: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({
  type: 'object',
  properties,
  additionalProperties: false,
  ...extra,
});
const open = (properties: JsonSchema, extra: JsonSchema = {}): JsonSchema => ({ type: 'object', properties, ...extra });
const str = { type: 'string' };

type Case = [name: string, oldSchema: Schema, newSchema: Schema];

const compatible: Case[] = [
  ['identical', closed({ a: str }), closed({ a: str })],
  [
    'annotations changed',
    closed({ a: { ...str, title: 'A' } }, { title: '旧 old', examples: [{}] }),
    closed({ a: { ...str, title: 'B', description: 'x' } }, { title: '新 new', $id: 'urn:x' }),
  ],
  ['optional property added to a closed model', closed({ a: str }), closed({ a: str, b: { type: 'integer', maximum: 3 } })],
  ['closed model opened', closed({ a: str }), open({ a: str })],
  ['maxLength raised', closed({ a: { ...str, maxLength: 5 } }), closed({ a: { ...str, maxLength: 10 } })],
  ['maxLength removed', closed({ a: { ...str, maxLength: 5 } }), closed({ a: str })],
  ['minLength lowered', closed({ a: { ...str, minLength: 3 } }), closed({ a: { ...str, minLength: 1 } })],
  ['enum extended', closed({ a: { enum: ['x', 'y'] } }), closed({ a: { enum: ['x', 'y', 'z'] } })],
  ['const widened to an enum', closed({ a: { const: 'x' } }), closed({ a: { enum: ['x', 'y'] } })],
  ['type widened', closed({ a: str }), closed({ a: { type: ['string', 'null'] } })],
  ['integer widened to number', closed({ a: { type: 'integer' } }), closed({ a: { type: 'number' } })],
  ['type added to an enum of strings', closed({ a: { enum: ['x'] } }), closed({ a: { type: 'string', enum: ['x'] } })],
  ['required dropped', closed({ a: str }, { required: ['a'] }), closed({ a: str })],
  ['existing property required with a default', closed({ a: str }), closed({ a: { ...str, default: 'x' } }, { required: ['a'] })],
  ['property removed from an open model', open({ a: str, b: str }), open({ a: str })],
  ['property with a false schema removed from a closed model', closed({ a: str, b: false }), closed({ a: str })],
  ['pattern removed', closed({ a: { ...str, pattern: '^x' } }), closed({ a: str })],
  ['format removed', closed({ a: { ...str, format: 'date' } }), closed({ a: str })],
  ['bounds relaxed', closed({ a: { type: 'number', minimum: 1, maximum: 5 } }), closed({ a: { type: 'number', minimum: 0, maximum: 9 } })],
  [
    'multipleOf reduced to a divisor',
    closed({ a: { type: 'integer', multipleOf: 10 } }),
    closed({ a: { type: 'integer', multipleOf: 5 } }),
  ],
  [
    'array bounds relaxed, uniqueness dropped',
    closed({ a: { type: 'array', items: str, minItems: 2, maxItems: 3, uniqueItems: true } }),
    closed({ a: { type: 'array', items: str, minItems: 1 } }),
  ],
  [
    'anyOf alternative added',
    closed({ a: { anyOf: [str, { type: 'integer' }] } }),
    closed({ a: { anyOf: [str, { type: 'integer' }, { type: 'null' }] } }),
  ],
  [
    'partially open model covers the added property',
    open({ a: str }, { additionalProperties: str }),
    open({ a: str, b: { ...str } }, { additionalProperties: str }),
  ],
  [
    'optional property added inside a referenced definition',
    { $defs: { d: closed({ a: str }) }, type: 'object', properties: { d: { $ref: '#/$defs/d' } } },
    { $defs: { d: closed({ a: str, b: str }) }, type: 'object', properties: { d: { $ref: '#/$defs/d' } } },
  ],
  ['nothing was accepted before', false, closed({ a: str })],
  ['anything is accepted now', closed({ a: str }), true],
];

type IncompatibleCase = [name: string, oldSchema: Schema, newSchema: Schema, pointer: string, rule: string];

const incompatible: IncompatibleCase[] = [
  [
    'property removed from a closed model',
    closed({ a: str, b: str }),
    closed({ a: str }),
    '/b',
    'property-removed-from-closed-content-model',
  ],
  ['required property added', closed({ a: str }), closed({ a: str, b: str }, { required: ['b'] }), '/b', 'required-property-added'],
  ['optional property made required', closed({ a: str }), closed({ a: str }, { required: ['a'] }), '/a', 'required-added'],
  ['type narrowed', closed({ a: { type: ['string', 'null'] } }), closed({ a: str }), '/a', 'type-narrowed'],
  ['number narrowed to integer', closed({ a: { type: 'number' } }), closed({ a: { type: 'integer' } }), '/a', 'type-narrowed'],
  ['type changed', closed({ a: str }), closed({ a: { type: 'integer' } }), '/a', 'type-changed'],
  ['enum restriction added', closed({ a: str }), closed({ a: { ...str, enum: ['x'] } }), '/a', 'enum-added'],
  ['const pinned', closed({ a: str }), closed({ a: { const: 'x' } }), '/a', 'enum-added'],
  ['enum narrowed', closed({ a: { enum: ['x', 'y'] } }), closed({ a: { enum: ['x'] } }), '/a', 'enum-narrowed'],
  ['maxLength added', closed({ a: str }), closed({ a: { ...str, maxLength: 5 } }), '/a', 'max-length-added'],
  ['maxLength lowered', closed({ a: { ...str, maxLength: 10 } }), closed({ a: { ...str, maxLength: 5 } }), '/a', 'max-length-decreased'],
  ['minLength raised', closed({ a: { ...str, minLength: 1 } }), closed({ a: { ...str, minLength: 2 } }), '/a', 'min-length-increased'],
  ['pattern added', closed({ a: str }), closed({ a: { ...str, pattern: '^x' } }), '/a', 'pattern-added'],
  ['pattern changed', closed({ a: { ...str, pattern: '^x' } }), closed({ a: { ...str, pattern: '^y' } }), '/a', 'pattern-changed'],
  ['format added', closed({ a: str }), closed({ a: { ...str, format: 'date' } }), '/a', 'format-added'],
  ['minimum added', closed({ a: { type: 'integer' } }), closed({ a: { type: 'integer', minimum: 0 } }), '/a', 'minimum-added'],
  [
    'maximum lowered',
    closed({ a: { type: 'number', maximum: 9 } }),
    closed({ a: { type: 'number', maximum: 5 } }),
    '/a',
    'maximum-decreased',
  ],
  [
    'exclusiveMinimum added',
    closed({ a: { type: 'number' } }),
    closed({ a: { type: 'number', exclusiveMinimum: 0 } }),
    '/a',
    'exclusive-minimum-added',
  ],
  [
    'multipleOf changed',
    closed({ a: { type: 'integer', multipleOf: 5 } }),
    closed({ a: { type: 'integer', multipleOf: 10 } }),
    '/a',
    'multiple-of-changed',
  ],
  ['model closed', open({ a: str }), closed({ a: str }), '', 'content-model-closed'],
  ['constrained property added to an open model', open({ a: str }), open({ a: str, b: str }), '/b', 'property-added-to-open-content-model'],
  [
    'added property outside a partially open model',
    open({ a: str }, { additionalProperties: str }),
    open({ a: str, b: { type: 'integer' } }, { additionalProperties: str }),
    '/b',
    'property-added-not-covered-by-partially-open-content-model',
  ],
  [
    'uniqueItems added',
    closed({ a: { type: 'array', items: str } }),
    closed({ a: { type: 'array', items: str, uniqueItems: true } }),
    '/a',
    'unique-items-added',
  ],
  [
    'minItems raised',
    closed({ a: { type: 'array', minItems: 1 } }),
    closed({ a: { type: 'array', minItems: 2 } }),
    '/a',
    'min-items-increased',
  ],
  [
    'array item narrowed',
    closed({ a: { type: 'array', items: closed({ b: str }) } }),
    closed({ a: { type: 'array', items: closed({ b: { ...str, maxLength: 2 } }) } }),
    '/a/*/b',
    'max-length-added',
  ],
  [
    'referenced definition narrowed',
    { $defs: { d: closed({ a: str }) }, type: 'object', properties: { d: { $ref: '#/$defs/d' } } },
    { $defs: { d: closed({ a: { ...str, maxLength: 3 } }) }, type: 'object', properties: { d: { $ref: '#/$defs/d' } } },
    '/d/a',
    'max-length-added',
  ],
  [
    'allOf member narrowed',
    { allOf: [closed({ a: str })] },
    { allOf: [closed({ a: str })], properties: { a: { minLength: 2 } } },
    '/a',
    'min-length-added',
  ],
  [
    'anyOf alternative removed',
    closed({ a: { anyOf: [str, { type: 'integer' }] } }),
    closed({ a: { anyOf: [str] } }),
    '/a',
    'alternatives-narrowed',
  ],
  [
    'not changed',
    closed({ a: { ...str, not: { const: 'x' } } }),
    closed({ a: { ...str, not: { const: 'y' } } }),
    '/a',
    'unsupported-change',
  ],
  [
    'unresolvable reference changed',
    closed({ a: { $ref: 'https://example.org/a.json' } }),
    closed({ a: { $ref: 'https://example.org/b.json' } }),
    '/a',
    'unresolved-reference',
  ],
  ['nothing is accepted any more', closed({ a: str }), closed({ a: false }), '/a', 'schema-false'],
];

describe('checkBackwardCompatible', () => {
  it.each(compatible)('compatible: %s', (_name, oldSchema, newSchema) => {
    expect(checkBackwardCompatible(oldSchema, newSchema)).toEqual({ compatible: true, problems: [] });
  });

  it.each(incompatible)('incompatible: %s', (_name, oldSchema, newSchema, pointer, rule) => {
    const result = checkBackwardCompatible(oldSchema, newSchema);
    expect(result.compatible).toBe(false);
    expect(result.problems).toContainEqual({ pointer, rule, detail: expect.any(String) });
  });

  it('terminates on recursive schemas', () => {
    const tree = (max: number): JsonSchema => ({
      $defs: { node: closed({ name: { ...str, maxLength: max }, children: { type: 'array', items: { $ref: '#/$defs/node' } } }) },
      $ref: '#/$defs/node',
    });
    expect(checkBackwardCompatible(tree(10), tree(20)).compatible).toBe(true);
    expect(checkBackwardCompatible(tree(20), tree(10)).problems).toContainEqual(
      expect.objectContaining({ pointer: '/name', rule: 'max-length-decreased' }),
    );
  });
});

describe('checkBackwardCompatible on the licence contracts', () => {
  const registry = createSchemaRegistry();
  const resolve = (uri: string) => registry.get(uri)?.schema;
  const food = registry.get('licenses/food-business-license')!.schema;
  const withData = (change: (data: JsonSchema) => void): JsonSchema => {
    const copy = structuredClone(food);
    change((copy.$defs as Record<string, JsonSchema>).data!);
    return copy;
  };

  it('every contract is compatible with itself, through the envelope and shared definitions', () => {
    for (const entry of registry.list()) {
      expect(checkBackwardCompatible(entry.schema, structuredClone(entry.schema), { resolve }), entry.name).toEqual({
        compatible: true,
        problems: [],
      });
    }
  });

  it('accepts a new optional particular (the data model is closed)', () => {
    const next = withData((data) => {
      (data.properties as JsonSchema).website = { type: 'string', format: 'uri' };
    });
    expect(checkBackwardCompatible(food, next, { resolve }).compatible).toBe(true);
  });

  it('refuses to drop a particular or to require a new one', () => {
    const next = withData((data) => {
      delete (data.properties as JsonSchema).signatory;
      (data.properties as JsonSchema).licenseCategory = { type: 'string' };
      (data.required as string[]).push('licenseCategory');
    });
    const { problems } = checkBackwardCompatible(food, next, { resolve });
    expect(problems.map((p) => [p.pointer, p.rule])).toEqual([
      ['/data/signatory', 'property-removed-from-closed-content-model'],
      ['/data/licenseCategory', 'required-property-added'],
    ]);
  });

  it('sees a narrowed envelope field through the type refinement', () => {
    const next = structuredClone(food);
    (next.properties as Record<string, JsonSchema>).number!.maxLength = 10;
    expect(checkBackwardCompatible(food, next, { resolve }).problems).toEqual([
      { pointer: '/number', rule: 'max-length-decreased', detail: 'maxLength 100 → 10' },
    ]);
  });

  it('compares shared definitions one by one', () => {
    const definitions = registry.get('common/definitions')!.schema;
    const next = structuredClone(definitions);
    const defs = next.$defs as Record<string, JsonSchema>;
    defs.authority!.required = ['uscc', 'name', 'level'];
    delete defs.sex;
    defs.party!.properties = { ...(defs.party!.properties as JsonSchema), phone: { type: 'string' } };
    expect(checkBackwardCompatible(definitions, next, { resolve }).problems.map((p) => [p.pointer, p.rule])).toEqual([
      ['#/$defs/authority/level', 'required-added'],
      ['#/$defs/sex', 'definition-removed'],
    ]);
  });
});
