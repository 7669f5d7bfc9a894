/**
 * @module contracts/type-generator
 * Writes the TypeScript types of the contracts (src/core/payloads/<type-name>.ts), so code that
 * builds or reads payloads is checked against the schemas instead of against a hand-kept copy. A
 * unit test regenerates them and compares with the committed files (vitest file snapshots; `-u`
 * rewrites them), so a schema change without regenerated types fails the build.
 *
 * Maps: `type` (object → interface or object type, array → T[], scalars), `properties`/`required`,
 * `additionalProperties` (open maps only), `enum`/`const` → literal unions, `$ref` → the named type
 * (imported from its module), `allOf` → intersection, `anyOf`/`oneOf` → union, `false` → never.
 * Ignores refinements a type cannot carry (patterns, formats, bounds, `if`/`then`, `not`); fails on
 * `prefixItems`, which it does not map, rather than emit a wrong type.
 */
import type { ContractRegistry, SchemaEntry } from '../core/contracts/contract-registry.js';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { contractTypeName, pascalCase } from './schema-files.js';
import { isDefinitionsOnly } from './schema-flatten.js';

type Schema = boolean | JsonSchema;

interface Module {
  entry: SchemaEntry;
  file: string;
  typeName: string;
  /** Prefix of its `$defs` type names ('' for the shared definitions). */
  defPrefix: string;
}

/** File name (e.g. `license-event.ts`) → source. */
export function generateContractTypes(registry: ContractRegistry): Map<string, string> {
  const modules = new Map<string, Module>();
  for (const entry of registry.list()) {
    const typeName = contractTypeName(entry.name, entry.schema);
    const defPrefix = isDefinitionsOnly(entry.schema) ? '' : typeName;
    modules.set(entry.id, { entry, file: `${kebab(typeName)}.ts`, typeName, defPrefix });
  }
  const files = new Map<string, string>();
  for (const module of modules.values()) files.set(module.file, new ModuleWriter(module, modules).write());
  return files;
}

class ModuleWriter {
  private readonly imports = new Map<string, Set<string>>();

  constructor(
    private readonly module: Module,
    private readonly modules: Map<string, Module>,
  ) {}

  write(): string {
    const { entry, typeName, defPrefix } = this.module;
    const blocks: string[] = [];
    for (const [name, def] of Object.entries((entry.schema.$defs ?? {}) as Record<string, Schema>)) {
      if (isUnconstrained(def)) continue;
      blocks.push(this.declaration(`${defPrefix}${pascalCase(name)}`, def));
    }
    if (!isDefinitionsOnly(entry.schema)) blocks.push(this.declaration(typeName, entry.schema));
    const imports = [...this.imports]
      .sort(([a], [b]) => a.localeCompare(b))
      .map(([file, names]) => `import type { ${[...names].sort().join(', ')} } from './${file.replace(/\.ts$/, '.js')}';`);
    const header = [
      '/**',
      ` * @module core/payloads/${this.module.file.replace(/\.ts$/, '')}`,
      ` * ${entry.title} — generated from schemas/${entry.name}.json (${entry.id}); do not edit.`,
      ' * Regenerate: npx vitest run --config test/vitest.config.ts --project unit src/contracts/contract-types.test.ts -u',
      ' */',
    ];
    return [...header, ...(imports.length ? [...imports, ''] : []), blocks.join('\n\n'), ''].join('\n');
  }

  private declaration(name: string, schema: Schema): string {
    const doc = typeof schema === 'object' && typeof schema.title === 'string' ? `/** ${schema.title} */\n` : '';
    const type = this.type(schema, '');
    // A single object literal reads best as an interface; intersections and unions need an alias.
    return isObjectLiteral(type) ? `${doc}export interface ${name} ${type}` : `${doc}export type ${name} = ${type};`;
  }

  private type(schema: Schema, indent: string): string {
    if (schema === true) return 'unknown';
    if (schema === false) return 'never';
    if (schema.prefixItems !== undefined) throw new TypeError(`${this.module.entry.name}: prefixItems is not mapped to TypeScript`);
    const parts: string[] = [];
    if (typeof schema.$ref === 'string') parts.push(this.reference(schema.$ref));
    for (const member of (schema.allOf ?? []) as Schema[]) parts.push(this.type(member, indent));
    const own = this.ownType(schema, indent);
    if (own) parts.push(own);
    for (const keyword of ['anyOf', 'oneOf']) {
      const alternatives = schema[keyword] as Schema[] | undefined;
      if (alternatives) parts.push(`(${alternatives.map((alt) => this.type(alt, indent)).join(' | ')})`);
    }
    const meaningful = parts.filter((part) => part !== 'unknown');
    if (meaningful.length <= 1) return meaningful[0] ?? 'unknown';
    return meaningful.map((part) => (part.includes(' | ') ? `(${part})` : part)).join(' & ');
  }

  private ownType(schema: JsonSchema, indent: string): string | undefined {
    if ('const' in schema) return literal(schema.const);
    if (Array.isArray(schema.enum)) return schema.enum.map(literal).join(' | ');
    const types = schema.type === undefined ? [] : Array.isArray(schema.type) ? (schema.type as string[]) : [schema.type as string];
    if (types.length === 0 && (schema.properties || schema.required)) return this.objectType(schema, indent);
    if (types.length === 0) return undefined;
    return types.map((type) => this.typeOfKind(type, schema, indent)).join(' | ');
  }

  private typeOfKind(kind: string, schema: JsonSchema, indent: string): string {
    switch (kind) {
      case 'object':
        return this.objectType(schema, indent);
      case 'array': {
        const item = schema.items === undefined ? 'unknown' : this.type(schema.items as Schema, indent);
        return /[ |&]/.test(item) && !item.startsWith('{') ? `(${item})[]` : `${item}[]`;
      }
      case 'integer':
        return 'number';
      default:
        return kind;
    }
  }

  private objectType(schema: JsonSchema, indent: string): string {
    const properties = (schema.properties ?? {}) as Record<string, Schema>;
    const required = new Set((schema.required ?? []) as string[]);
    const inner = `${indent}  `;
    const lines: string[] = [];
    for (const [name, property] of Object.entries(properties)) {
      const title = typeof property === 'object' && typeof property.title === 'string' ? property.title : undefined;
      if (title) lines.push(`${inner}/** ${title} */`);
      lines.push(`${inner}${key(name)}${required.has(name) ? '' : '?'}: ${this.type(property, inner)};`);
    }
    for (const name of required) {
      if (!(name in properties)) lines.push(`${inner}${key(name)}: unknown;`);
    }
    const extra = schema.additionalProperties;
    if (extra !== undefined && extra !== false) lines.push(`${inner}[key: string]: ${this.type(extra as Schema, inner)};`);
    if (lines.length === 0) return 'Record<string, unknown>';
    return `{\n${lines.join('\n')}\n${indent}}`;
  }

  private reference(ref: string): string {
    const [uri, fragment = ''] = ref.split('#');
    const target = uri === '' ? this.module : this.modules.get(uri as string);
    if (!target) throw new TypeError(`${this.module.entry.name}: cannot name the type of $ref ${ref}`);
    let name = target.typeName;
    if (fragment.startsWith('/$defs/')) {
      const defName = fragment.slice('/$defs/'.length);
      const def = ((target.entry.schema.$defs ?? {}) as Record<string, Schema>)[defName];
      if (def === undefined) throw new TypeError(`${this.module.entry.name}: $ref ${ref} names no definition`);
      if (isUnconstrained(def)) return 'unknown';
      name = `${target.defPrefix}${pascalCase(defName)}`;
    } else if (fragment !== '') {
      throw new TypeError(`${this.module.entry.name}: $ref ${ref} must point at a contract or one of its $defs`);
    }
    if (target !== this.module) {
      const names = this.imports.get(target.file) ?? new Set<string>();
      names.add(name);
      this.imports.set(target.file, names);
    }
    return name;
  }
}

/** A schema that only refines (e.g. `if`/`then` rules) adds nothing a type can express. */
function isUnconstrained(schema: Schema): boolean {
  if (schema === true) return true;
  if (schema === false) return false;
  const typed = ['type', 'enum', 'const', '$ref', 'properties', 'required', 'items', 'anyOf', 'oneOf', 'additionalProperties'];
  if (typed.some((keyword) => keyword in schema)) return false;
  return ((schema.allOf ?? []) as Schema[]).every(isUnconstrained);
}

function literal(value: unknown): string {
  return typeof value === 'string' ? `'${value.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'` : JSON.stringify(value);
}

function key(name: string): string {
  return /^[A-Za-z_$][\w$]*$/.test(name) ? name : literal(name);
}

function kebab(name: string): string {
  return name.replace(/[A-Z]/g, (c, i: number) => `${i === 0 ? '' : '-'}${c.toLowerCase()}`);
}

/**
 * Whether `type` is one `{ … }` literal from end to end (`{ … } & ( … )` starts with a brace too).
 * Braces inside doc comments and string literals (titles, enum values) do not count.
 */
function isObjectLiteral(type: string): boolean {
  if (!type.startsWith('{')) return false;
  const code = type.replace(/\/\*[\s\S]*?\*\//g, '').replace(/'(?:\\.|[^'\\])*'/g, "''");
  let depth = 0;
  for (let i = 0; i < code.length; i++) {
    if (code[i] === '{') depth += 1;
    else if (code[i] === '}' && --depth === 0) return i === code.trimEnd().length - 1;
  }
  return false;
}
