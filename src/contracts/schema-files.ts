/**
 * @module contracts/schema-files
 * Reads the contract files under a schemas/ directory and states the naming scheme they follow:
 * `schemas/<name>.json` has `x-version` MAJOR.MINOR.PATCH and `$id`
 * `https://zhengzhao.gov.cn/schemas/<name>/<MAJOR>.json`, so a contract's id, file and version can
 * never disagree. Backward-compatible revisions raise MINOR or PATCH and keep the `$id` (references
 * to it stay valid); MAJOR, and so the `$id`, changes only for a new, incompatible contract. Also names the TypeScript type and AsyncAPI
 * component of a contract (`x-zz.typeName`, else the file name in PascalCase).
 */
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_ID_BASE } from '../core/contracts/contract-ids.js';
import type { JsonSchema } from '../core/ports/json-validator.js';

export interface SchemaFile {
  /** Path under the schemas directory without `.json`, with `/` separators. */
  name: string;
  /** The parsed document, or the reason it could not be read. */
  schema?: JsonSchema;
  error?: string;
}

export function readSchemaFiles(dir: string): SchemaFile[] {
  return listJsonFiles(dir)
    .sort()
    .map((file) => {
      const name = path
        .relative(dir, file)
        .split(path.sep)
        .join('/')
        .replace(/\.json$/, '');
      try {
        const parsed: unknown = JSON.parse(readFileSync(file, 'utf8'));
        if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
          return { name, error: 'is not a JSON object' };
        }
        return { name, schema: parsed as JsonSchema };
      } catch (error) {
        return { name, error: (error as Error).message };
      }
    });
}

export function contractId(name: string, major: number): string {
  return `${CONTRACT_ID_BASE}/${name}/${major}.json`;
}

/** PascalCase type name: `x-zz.typeName`, else the file's base name (`license-event` → `LicenseEvent`). */
export function contractTypeName(name: string, schema: JsonSchema): string {
  const declared = (schema['x-zz'] as { typeName?: unknown } | undefined)?.typeName;
  if (typeof declared === 'string') return declared;
  return pascalCase(name.slice(name.lastIndexOf('/') + 1));
}

export function pascalCase(words: string): string {
  return words
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((word) => word[0]!.toUpperCase() + word.slice(1))
    .join('');
}

function listJsonFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const full = path.join(dir, entry.name);
    if (entry.isDirectory()) return listJsonFiles(full);
    return entry.isFile() && entry.name.endsWith('.json') ? [full] : [];
  });
}
