/**
 * @module contracts/compatibility
 * Backward compatibility of two versions of a contract, after Confluent Schema Registry's BACKWARD
 * rules for JSON Schema: the new schema must read everything the old one accepted. The question is
 * asked place by place in the data (root, each property, each array item), following `$ref`/`allOf`
 * through schema-flatten, and each failure names the place (JSON pointer, `*` = every array item),
 * the rule, and why.
 *
 * Covered — incompatible: a type or `const`/`enum` narrowed or added; `maxLength`, `maximum`,
 * `exclusiveMaximum`, `maxItems`, `maxProperties` added or lowered; their `min…` counterparts added
 * or raised; `pattern`/`format` added or changed; `multipleOf` added or changed to a non-divisor;
 * `uniqueItems` added; a property newly required (unless it has a `default`); a property added to an
 * open or partially open model with a schema the old model did not guarantee; a property removed
 * from a closed model; a model closed or its additional properties narrowed; an `anyOf`/`oneOf`
 * alternative of the old schema that no new alternative reads. Compatible: annotations (`title`,
 * `description`, `examples`, `default`, `$id`, `x-…`); widening any of the above; an optional
 * property added to a closed model (Confluent's rule: old data never carried it); opening a model.
 *
 * Not analysed: `not`, `if`/`then`/`else`, `dependentRequired`/`dependentSchemas`, `contains`,
 * `propertyNames` and other keywords — any change to them is reported as `unsupported-change`
 * (incompatible), preferring a false alarm to a silent break. `$ref`s that cannot be resolved are
 * compared by URI. A document of shared `$defs` only is compared definition by definition (a removed
 * definition is incompatible). Constraints are compared keyword by keyword, so a change that is harmless only
 * because of another keyword (e.g. `maxLength` added to an `enum` whose values all fit) is reported.
 *
 * This module walks the schemas (properties, items, alternatives, definitions) and owns the
 * content-model rules; the rules of single keywords at one place are in keyword-compatibility.
 */
import type { JsonSchema } from '../core/ports/json-validator.js';
import {
  flatten,
  isDefinitionsOnly,
  jsonEqual,
  locate,
  type FlatSchema,
  type Located,
  type ResolveSchema,
  type Schema,
} from './schema-flatten.js';
import { escapePointer, summary, type Add, type CompatibilityProblem } from './compatibility-problem.js';
import { accepts, compareEnums, compareNumbers, compareStrings, compareTypes, jsonType, lower, upper } from './keyword-compatibility.js';

export type { CompatibilityProblem } from './compatibility-problem.js';

export interface CompatibilityResult {
  compatible: boolean;
  problems: CompatibilityProblem[];
}

export interface CompatibilityOptions {
  /** Documents referenced by absolute `$ref` (e.g. the other contracts under schemas/). */
  resolve?: ResolveSchema;
}

export function checkBackwardCompatible(oldSchema: Schema, newSchema: Schema, options: CompatibilityOptions = {}): CompatibilityResult {
  const problems: CompatibilityProblem[] = [];
  const comparison = new Comparison(options.resolve ?? (() => undefined));
  comparison.compare([locate(oldSchema)], [locate(newSchema)], '', problems);
  if (isDefinitionsDocument(oldSchema) && isDefinitionsDocument(newSchema)) {
    comparison.compareDefinitions(oldSchema, newSchema, problems);
  }
  return { compatible: problems.length === 0, problems };
}

function isDefinitionsDocument(schema: Schema): schema is JsonSchema {
  return typeof schema === 'object' && isDefinitionsOnly(schema);
}

class Comparison {
  private readonly active = new Set<string>();
  private readonly ids = new WeakMap<object, number>();
  private nextId = 1;

  constructor(private readonly resolve: ResolveSchema) {}

  compare(oldAt: Located[], newAt: Located[], pointer: string, out: CompatibilityProblem[]): void {
    // Recursive schemas compare the same pair again further down; the first visit covers it.
    const key = `${this.key(oldAt)}|${this.key(newAt)}`;
    if (this.active.has(key)) return;
    this.active.add(key);
    try {
      this.compareFlat(oldAt, flatten(oldAt, this.resolve), flatten(newAt, this.resolve), pointer, out);
    } finally {
      this.active.delete(key);
    }
  }

  /**
   * A document of shared definitions has no root constraint; its contract is each definition, so
   * each is compared on its own (pointers start at the definition, e.g. `#/$defs/party/name`).
   */
  compareDefinitions(oldSchema: JsonSchema, newSchema: JsonSchema, out: CompatibilityProblem[]): void {
    const before = (oldSchema.$defs ?? {}) as Record<string, Schema>;
    const after = (newSchema.$defs ?? {}) as Record<string, Schema>;
    const oldRoot = locate(oldSchema);
    const newRoot = locate(newSchema);
    for (const [name, definition] of Object.entries(before)) {
      const at = `#/$defs/${escapePointer(name)}`;
      const replacement = after[name];
      if (replacement === undefined) {
        out.push({ pointer: at, rule: 'definition-removed', detail: 'schemas that refer to it would no longer resolve' });
        continue;
      }
      this.compare([{ ...oldRoot, schema: definition }], [{ ...newRoot, schema: replacement }], at, out);
    }
  }

  private compareFlat(oldAt: Located[], o: FlatSchema, n: FlatSchema, pointer: string, out: CompatibilityProblem[]): void {
    const add: Add = (rule, detail, at = pointer) => {
      out.push({ pointer: at, rule, detail });
    };
    if (o.never) return; // nothing was ever written here
    if (n.never) return add('schema-false', 'the new schema accepts nothing here');
    this.compareRefs(o, n, add);
    const oldTypes = o.types ?? (o.enum ? new Set(o.enum.map(jsonType)) : undefined);
    compareTypes(oldTypes, n.types, add);
    compareEnums(o, n, add);
    const both = (type: string) => accepts(oldTypes, type) && accepts(n.types, type);
    if (both('string')) compareStrings(o, n, add);
    if (both('number') || both('integer')) compareNumbers(o, n, add);
    if (both('object')) this.compareObjects(o, n, pointer, out, add);
    if (both('array')) this.compareArrays(o, n, pointer, out, add);
    this.compareAlternatives(oldAt, o, n, pointer, add);
    for (const keyword of new Set([...o.opaque.keys(), ...n.opaque.keys()])) {
      if (!jsonEqual(o.opaque.get(keyword) ?? [], n.opaque.get(keyword) ?? [])) {
        add('unsupported-change', `"${keyword}" changed; this check does not analyse it, so it counts as incompatible`);
      }
    }
  }

  private compareRefs(o: FlatSchema, n: FlatSchema, add: Add): void {
    const before = [...new Set(o.unresolved)].sort();
    const after = [...new Set(n.unresolved)].sort();
    if (!jsonEqual(before, after)) {
      add('unresolved-reference', `cannot resolve ${[...new Set([...before, ...after])].join(', ')}; pass the schemas they refer to`);
    }
  }

  private compareObjects(o: FlatSchema, n: FlatSchema, pointer: string, out: CompatibilityProblem[], add: Add): void {
    for (const name of new Set([...o.properties.keys(), ...n.properties.keys()])) {
      const at = `${pointer}/${escapePointer(name)}`;
      const before = o.properties.get(name);
      const after = n.properties.get(name);
      if (before && after) this.compare(before, after, at, out);
      else if (after) this.propertyAdded(o, n, name, after, at, add);
      else if (before) this.propertyRemoved(n, name, before, at, add);
    }
    for (const name of n.required) {
      if (o.required.has(name) || (!o.properties.has(name) && n.properties.has(name))) continue;
      if (this.hasDefault(n.properties.get(name))) continue; // Confluent: required with a default is compatible
      add('required-added', 'old data may omit it; the new schema requires it', `${pointer}/${escapePointer(name)}`);
    }
    const additional = this.trial(o.additional, n.additional, pointer);
    if (additional.length > 0) {
      if (this.closed(n.additional)) add('content-model-closed', 'the old model allowed undeclared properties; the new one rejects them');
      else add('additional-properties-narrowed', `undeclared properties: ${summary(additional)}`);
    }
    for (const pattern of new Set([...o.patternProperties.keys(), ...n.patternProperties.keys()])) {
      const before = o.patternProperties.get(pattern) ?? o.additional;
      const after = n.patternProperties.get(pattern) ?? n.additional;
      const problems = this.trial(before, after, pointer);
      if (problems.length > 0) add('pattern-properties-narrowed', `properties matching ${pattern}: ${summary(problems)}`);
    }
    upper('maxProperties', o.maxProperties, n.maxProperties, add);
    lower('minProperties', o.minProperties, n.minProperties, add);
  }

  private propertyAdded(o: FlatSchema, n: FlatSchema, name: string, after: Located[], at: string, add: Add): void {
    if (n.required.has(name) && !this.hasDefault(after)) {
      add(
        'required-property-added',
        'old data never had to carry it; the new schema requires it (make it optional or give it a default)',
        at,
      );
    }
    const coverage = this.coverage(o, name);
    if (this.closed(coverage)) return; // optional property added to a closed model: old data never has it
    const problems = this.trial(coverage, after, at);
    if (problems.length === 0) return;
    add(
      coverage.length === 0 ? 'property-added-to-open-content-model' : 'property-added-not-covered-by-partially-open-content-model',
      `the old model was open, so old data may already hold "${name}" with any value, and the new schema constrains it (${summary(problems)}); close the old model first`,
      at,
    );
  }

  private propertyRemoved(n: FlatSchema, name: string, before: Located[], at: string, add: Add): void {
    if (this.closed(before)) return; // it was forbidden anyway
    const coverage = this.coverage(n, name);
    if (this.closed(coverage)) {
      add('property-removed-from-closed-content-model', `old data may contain "${name}"; the new model is closed and rejects it`, at);
      return;
    }
    const problems = this.trial(before, coverage, at);
    if (problems.length > 0) {
      add(
        'property-removed-not-covered-by-partially-open-content-model',
        `old values of "${name}" are not all accepted as undeclared properties (${summary(problems)})`,
        at,
      );
    }
  }

  private compareArrays(o: FlatSchema, n: FlatSchema, pointer: string, out: CompatibilityProblem[], add: Add): void {
    const length = Math.max(o.prefixItems.length, n.prefixItems.length);
    for (let i = 0; i < length; i += 1) {
      this.compare(o.prefixItems[i] ?? o.items, n.prefixItems[i] ?? n.items, `${pointer}/${i}`, out);
    }
    this.compare(o.items, n.items, `${pointer}/*`, out);
    upper('maxItems', o.maxItems, n.maxItems, add);
    lower('minItems', o.minItems, n.minItems, add);
    if (n.uniqueItems && !o.uniqueItems) add('unique-items-added', 'old arrays may repeat items');
  }

  /** Every alternative the old schema offered must still be readable by some new alternative. */
  private compareAlternatives(oldAt: Located[], o: FlatSchema, n: FlatSchema, pointer: string, add: Add): void {
    n.alternatives.forEach((group, g) => {
      const oldGroup = o.alternatives[g];
      if (
        oldGroup &&
        jsonEqual(
          oldGroup.map((l) => l.schema),
          group.map((l) => l.schema),
        )
      )
        return;
      // Without an old group, old data is whatever the whole old schema accepted here.
      const oldAlternatives = oldGroup ? oldGroup.map((l) => [l]) : [oldAt];
      oldAlternatives.forEach((alternative, i) => {
        if (group.some((candidate) => this.trial(alternative, [candidate], pointer).length === 0)) return;
        add(
          'alternatives-narrowed',
          oldGroup
            ? `old alternative #${i + 1} matches no new alternative`
            : 'anyOf/oneOf added and the old schema is not within any alternative',
        );
      });
    });
  }

  /** Compares without reporting, to decide which single rule explains a difference. */
  private trial(oldAt: Located[], newAt: Located[], pointer: string): CompatibilityProblem[] {
    const problems: CompatibilityProblem[] = [];
    this.compare(oldAt, newAt, pointer, problems);
    return problems;
  }

  /** The schemas an undeclared property called `name` must satisfy in this model. */
  private coverage(flat: FlatSchema, name: string): Located[] {
    const matching = [...flat.patternProperties].filter(([pattern]) => new RegExp(pattern, 'u').test(name));
    return matching.length > 0 ? matching.flatMap(([, schemas]) => schemas) : flat.additional;
  }

  private closed(schemas: Located[] | undefined): boolean {
    return schemas !== undefined && schemas.length > 0 && flatten(schemas, this.resolve).never;
  }

  private hasDefault(schemas: Located[] | undefined): boolean {
    return schemas !== undefined && flatten(schemas, this.resolve).hasDefault;
  }

  private key(list: Located[]): string {
    return list.map((l) => (typeof l.schema === 'boolean' ? String(l.schema) : this.id(l.schema))).join(',');
  }

  private id(schema: object): number {
    let id = this.ids.get(schema);
    if (id === undefined) {
      id = this.nextId++;
      this.ids.set(schema, id);
    }
    return id;
  }
}
