/**
 * @module contracts/contract-bundle
 * Contracts embedded in one API document (/openapi.json, /asyncapi.json). Each contract is a
 * separate JSON Schema resource: its `#/$defs/…` references are relative to its own `$id`, and it
 * names other contracts by absolute URL (`https://zhengzhao.gov.cn/schemas/…`) that nobody can
 * fetch. Generic tools read the embedded copy as part of the document, so every reference is
 * rewritten to a pointer inside it and the `$id`s dropped; a reference to something that is not a
 * contract is a bug and fails the build of the document, never a dangling `$ref` in it.
 */
import type { ContractRegistry } from '../core/contracts/contract-registry.js';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { contractTypeName } from './schema-files.js';

export interface ContractBundle {
  /** The pointer to a contract inside the document (by `$id` or name); the contract is then embedded. */
  include(id: string): string;
  /** A schema of the document's own with its references to contracts pointing into the document. */
  refer(schema: JsonSchema): JsonSchema;
  /** Every contract included so far, and those they refer to, by component name. */
  components(): Record<string, JsonSchema>;
}

/**
 * `location(name)` is where the contract of that component name sits in the document, e.g.
 * `#/components/schemas/FoodBusinessLicense`.
 */
export function createContractBundle(registry: ContractRegistry, location: (name: string) => string): ContractBundle {
  const embedded = new Map<string, JsonSchema>();

  function entryOf(id: string) {
    const entry = registry.get(id);
    if (!entry) throw new TypeError(`no contract ${id} to embed`);
    return entry;
  }

  function include(id: string): string {
    const entry = entryOf(id);
    const name = contractTypeName(entry.name, entry.schema);
    if (!embedded.has(name)) {
      embedded.set(name, {}); // placeholder first: contracts may refer to each other in a circle
      const { $id, $schema, ...rest } = entry.schema;
      embedded.set(name, rewrite(rest, typeof $id === 'string' ? $id : undefined, location(name)) as JsonSchema);
    }
    return location(name);
  }

  /** A `$ref` of a contract whose `$id` is `base`, or of the document's own schemas (no base). */
  function target(ref: string, base: string | undefined, self: string | undefined): string {
    if (ref.startsWith('#')) {
      if (self === undefined) return ref;
      return `${self}${ref.slice(1)}`;
    }
    let url: URL;
    try {
      url = new URL(ref, base);
    } catch {
      throw new TypeError(`the reference ${ref} cannot be resolved`);
    }
    const fragment = url.hash.slice(1);
    url.hash = '';
    return `${include(url.href)}${decodeURIComponent(fragment)}`;
  }

  function rewrite(value: unknown, base: string | undefined, self: string | undefined): unknown {
    if (Array.isArray(value)) return value.map((item) => rewrite(item, base, self));
    if (value === null || typeof value !== 'object') return value;
    return Object.fromEntries(
      Object.entries(value).map(([key, child]) => [
        key,
        key === '$ref' && typeof child === 'string' ? target(child, base, self) : rewrite(child, base, self),
      ]),
    );
  }

  return {
    include,
    refer: (schema) => rewrite(schema, undefined, undefined) as JsonSchema,
    components: () => Object.fromEntries(embedded),
  };
}
