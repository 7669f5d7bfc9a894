/**
 * @module contracts/schema-registry
 * Loads every contract under schemas/ once, at start, into one ajv 2020 instance (all `$ref`s
 * resolve between the files; nothing is fetched) and refuses to start — listing every problem at
 * once — when a file is not a valid schema, breaks the naming scheme (`$id`, `x-version`, bilingual
 * title and description), lacks or fails its own `examples`, or declares a licence type badly.
 * Validation errors come back as JSON pointers into the value.
 */
import type { ErrorObject, ValidateFunction } from 'ajv/dist/2020.js';
import { packagePath } from '../config/package-root.js';
import { ContractIds } from '../core/contracts/contract-ids.js';
import type { ContractRegistry, LicenseTypeContract, SchemaEntry } from '../core/contracts/contract-registry.js';
import type { FieldError } from '../core/errors.js';
import type { JsonSchema } from '../core/ports/json-validator.js';
import { createAjv, toFieldErrors } from './ajv-validator-factory.js';
import { isLicenseTypeEntry, readLicenseType } from './license-type-contracts.js';
import { contractId, readSchemaFiles } from './schema-files.js';
import { isDefinitionsOnly, type ResolveSchema } from './schema-flatten.js';

const DRAFT_2020_12 = 'https://json-schema.org/draft/2020-12/schema';
const CHINESE = /[\u4e00-\u9fff]/;
const LATIN = /[A-Za-z]/;

export interface SchemaRegistryOptions {
  /** Defaults to the package's schemas/ directory. */
  dir?: string;
}

export function createSchemaRegistry(options: SchemaRegistryOptions = {}): ContractRegistry {
  const dir = options.dir ?? packagePath('schemas');
  const problems: string[] = [];
  const entries: SchemaEntry[] = [];
  for (const file of readSchemaFiles(dir)) {
    if (!file.schema) problems.push(`${file.name}.json: ${file.error}`);
    else entries.push(...describe(file.name, file.schema, problems));
  }

  const ajv = createAjv();
  ajv.addVocabulary(['x-zz', 'x-version']);
  for (const entry of entries) {
    try {
      ajv.addSchema(entry.schema);
    } catch (error) {
      problems.push(`${entry.name}.json: ${(error as Error).message}`);
    }
  }
  const validators = new Map<string, ValidateFunction>();
  for (const entry of entries) {
    try {
      const validate = ajv.getSchema(entry.id);
      if (validate) validators.set(entry.id, validate);
    } catch (error) {
      problems.push(`${entry.name}.json: ${(error as Error).message}`);
    }
  }
  for (const entry of entries) {
    if (validators.has(entry.id)) problems.push(...exampleProblems(entry, (ref) => ajv.getSchema(ref)));
  }

  const byId = new Map(entries.map((entry) => [entry.id, entry]));
  const byName = new Map(entries.map((entry) => [entry.name, entry]));
  for (const id of Object.values(ContractIds)) {
    if (!byId.has(id)) problems.push(`${id} is missing (core/contracts/contract-ids names it)`);
  }

  const types = new Map<string, LicenseTypeContract>();
  if (problems.length === 0) {
    const resolve: ResolveSchema = (uri) => byId.get(uri)?.schema;
    const envelopeMeta = byId.get(ContractIds.licenseEnvelope)?.schema['x-zz'] as { disclosure: { public: string[] } };
    for (const entry of entries.filter(isLicenseTypeEntry)) {
      const read = readLicenseType(entry, { ajv, envelopePublic: envelopeMeta.disclosure.public, resolve });
      problems.push(...read.problems.map((problem) => `${entry.name}.json: ${problem}`));
      if (!read.contract) continue;
      if (types.has(read.contract.code)) problems.push(`${entry.name}.json: licence type ${read.contract.code} is declared twice`);
      types.set(read.contract.code, read.contract);
    }
  }

  if (problems.length > 0) throw new TypeError(`contracts in ${dir} are invalid:\n  - ${problems.join('\n  - ')}`);

  const licenseTypes = [...types.values()];
  return {
    get: (idOrName) => byId.get(idOrName) ?? byName.get(idOrName),
    list: () => entries,
    licenseTypes: () => licenseTypes,
    licenseType: (code) => types.get(code),
    validate(id, value) {
      const validate = validators.get(id);
      if (!validate) throw new TypeError(`unknown contract ${id}`);
      return validate(value) ? [] : contractErrors(validate.errors);
    },
  };
}

/** Checks the naming scheme and returns the entry (none when it cannot be named). */
function describe(name: string, schema: JsonSchema, problems: string[]): SchemaEntry[] {
  const at = `${name}.json`;
  const version = schema['x-version'];
  const major = typeof version === 'string' ? /^([1-9][0-9]*)\.(0|[1-9][0-9]*)\.(0|[1-9][0-9]*)$/.exec(version)?.[1] : undefined;
  if (major === undefined) {
    problems.push(`${at}: x-version must be a version MAJOR.MINOR.PATCH with MAJOR ≥ 1`);
    return [];
  }
  const id = contractId(name, Number(major));
  if (schema.$id !== id) problems.push(`${at}: $id must be ${id}`);
  if (schema.$schema !== DRAFT_2020_12) problems.push(`${at}: $schema must be ${DRAFT_2020_12}`);
  for (const keyword of ['title', 'description']) {
    const text = schema[keyword];
    if (typeof text !== 'string' || !CHINESE.test(text) || !LATIN.test(text)) {
      problems.push(`${at}: ${keyword} must be given in Chinese and English`);
    }
  }
  if (!isDefinitionsOnly(schema) && (!Array.isArray(schema.examples) || schema.examples.length === 0)) {
    problems.push(`${at}: needs at least one entry in examples`);
  }
  return [{ id, name, version: version as string, title: String(schema.title), schema }];
}

/** Every `examples` entry, of the schema and of each of its `$defs`, must pass its own schema. */
function exampleProblems(entry: SchemaEntry, compiled: (ref: string) => ValidateFunction | undefined): string[] {
  const places: [string, unknown][] = [['', entry.schema.examples]];
  for (const [name, def] of Object.entries((entry.schema.$defs ?? {}) as Record<string, JsonSchema>)) {
    places.push([`/$defs/${name}`, def.examples]);
  }
  const problems: string[] = [];
  for (const [place, examples] of places) {
    if (!Array.isArray(examples)) continue;
    const validate = compiled(`${entry.id}#${place}`);
    examples.forEach((example, i) => {
      if (validate && validate(example)) return;
      const why = contractErrors(validate?.errors).map((e) => `${e.pointer || '/'} ${e.detail}`);
      problems.push(`${entry.name}.json: examples[${i}] at #${place} fails its schema: ${why.join('; ')}`);
    });
  }
  return problems;
}

/**
 * ajv's errors as field errors, minus the noise: an `if` error only repeats the failure of its
 * `then`, and unevaluated or forbidden (`false`) properties point at the property itself.
 */
function contractErrors(errors: readonly ErrorObject[] | null | undefined): FieldError[] {
  const fields = (errors ?? []).flatMap((error): FieldError[] => {
    if (error.keyword === 'if') return [];
    if (error.keyword === 'unevaluatedProperties') {
      const property = (error.params as { unevaluatedProperty: string }).unevaluatedProperty;
      return [{ pointer: `${error.instancePath}/${property.replace(/~/g, '~0').replace(/\//g, '~1')}`, detail: 'is not allowed here' }];
    }
    if (error.keyword === 'false schema') return [{ pointer: error.instancePath, detail: 'is not allowed here' }];
    return toFieldErrors([error]);
  });
  const seen = new Set<string>();
  return fields.filter((field) => {
    const key = `${field.pointer}\u0000${field.detail}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}
