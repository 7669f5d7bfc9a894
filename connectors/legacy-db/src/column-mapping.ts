/**
 * @module legacy-db/column-mapping
 * How a department's table becomes a licence payload: MAP.json, read by the SDK's column mapping
 * (the same file and code as the bulk import), plus what live capture needs on top: the row's
 * status always (a row set back to 正常 resumes a suspended licence), and a hash of the payload so a
 * changed row whose mapped content did not change needs no new version.
 */
import { createHash } from 'node:crypto';
import { createColumnMapping, type ColumnMappingFile, type MappedStatus, type MappingProblem } from '@zhengzhao/sdk';

export type { ColumnMappingFile as ColumnMapping, FieldSource, StatusValue } from '@zhengzhao/sdk';

export interface MappedRow {
  payload: Record<string, unknown>;
  status: MappedStatus;
  /** SHA-256 of the payload in a canonical form: a changed row with the same hash needs no new version. */
  contentHash: string;
}

export type MapResult = { ok: true; row: MappedRow } | { ok: false; problems: MappingProblem[] };

const mappings = new WeakMap<ColumnMappingFile, ReturnType<typeof createColumnMapping>>();

/** The mapping read once per mapping file loaded. */
function compiled(mapping: ColumnMappingFile) {
  let found = mappings.get(mapping);
  if (!found) mappings.set(mapping, (found = createColumnMapping(mapping, { defaultReason: (word) => `原系统登记状态：${word}` })));
  return found;
}

/** Every column the mapping reads, so a missing one is named before the first row. */
export function mappedColumns(mapping: ColumnMappingFile): string[] {
  return compiled(mapping).columns();
}

export function mapRow(mapping: ColumnMappingFile, row: Record<string, unknown>): MapResult {
  const mapped = compiled(mapping).apply(row);
  if (!mapped.ok) return mapped;
  return { ok: true, row: { payload: mapped.payload, status: mapped.status, contentHash: canonicalHash(mapped.payload) } };
}

/** Key order must not matter: objects are hashed with sorted keys. */
export function canonicalHash(value: unknown): string {
  return createHash('sha256').update(canonical(value)).digest('hex');
}

function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}
