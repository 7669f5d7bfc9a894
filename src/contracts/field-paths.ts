/**
 * @module contracts/field-paths
 * The leaf fields a schema allows, as JSON-pointer patterns (`*` for array items), following `$ref`
 * and `allOf` like the compatibility check does. The registry uses it to require that every field of
 * a licence type is classified public or sensitive. Fields forbidden by a `false` schema (e.g.
 * `validUntil` of a licence valid without limit) are not fields.
 */
import { flatten, type Located, type ResolveSchema } from './schema-flatten.js';

/** Deep enough for any real licence, shallow enough to stop a recursive schema. */
const MAX_DEPTH = 12;

export function leafFieldPointers(at: Located[], resolve: ResolveSchema, pointer = '', depth = 0): string[] {
  const flat = flatten(at, resolve);
  if (flat.never) return [];
  if (depth >= MAX_DEPTH || (flat.properties.size === 0 && flat.items.length === 0)) return [pointer];
  const leaves: string[] = [];
  for (const [name, schemas] of flat.properties) {
    leaves.push(...leafFieldPointers(schemas, resolve, `${pointer}/${name.replace(/~/g, '~0').replace(/\//g, '~1')}`, depth + 1));
  }
  if (flat.items.length > 0) leaves.push(...leafFieldPointers(flat.items, resolve, `${pointer}/*`, depth + 1));
  return leaves;
}
