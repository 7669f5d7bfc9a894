/**
 * @module legacy-db/source-config
 * `source.json`: which database and table to capture, how, and the mapping file that turns its rows
 * into licence payloads. Checked against its JSON Schema with every problem named at once (file and
 * pointer), the mapping file likewise; relative paths are relative to source.json. The database URL
 * may sit in a separate file (`urlFile`) so source.json can be shared without the password.
 */
import { readFile } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import { Ajv2020, type ErrorObject } from 'ajv/dist/2020.js';
import { checkColumnMapping } from '@zhengzhao/sdk';
import type { ColumnMapping } from './column-mapping.js';

export interface SourceConfig {
  name: string;
  database: { kind: 'postgres' | 'mysql'; url: string };
  table: string;
  key: string;
  capture: {
    /** PostgreSQL: LISTEN for the trigger's NOTIFY (default true). */
    listen: boolean;
    /** MySQL/MariaDB: the column that grows on every write, and what it holds. */
    cursor?: string;
    cursorType: 'timestamp' | 'number';
    overlap: number;
    pollIntervalMs: number;
    batchSize: number;
  };
  mapping: ColumnMapping;
}

/** Table, key and cursor go into SQL (quoted): letters of any script, digits, `_`, `$`. */
const IDENT = '^[\\p{L}_][\\p{L}\\p{N}_$]{0,62}$';
/** Mapped columns are only looked up in fetched rows, never written into SQL. */
const COLUMN = { type: 'string', minLength: 1, maxLength: 64 } as const;

const SOURCE_SCHEMA = {
  type: 'object',
  required: ['name', 'database', 'table', 'key', 'mapping'],
  additionalProperties: false,
  properties: {
    name: { type: 'string', pattern: '^[a-z0-9_]{1,40}$', description: 'names the checkpoint and the trigger' },
    database: {
      type: 'object',
      required: ['kind'],
      additionalProperties: false,
      properties: {
        kind: { enum: ['postgres', 'mysql'] },
        url: { type: 'string', pattern: '^(postgres|postgresql|mysql|mariadb)://' },
        urlFile: { type: 'string', minLength: 1 },
      },
      oneOf: [{ required: ['url'] }, { required: ['urlFile'] }],
    },
    table: { type: 'string', pattern: `^[\\p{L}_][\\p{L}\\p{N}_$]{0,62}(\\.[\\p{L}_][\\p{L}\\p{N}_$]{0,62})?$` },
    key: { type: 'string', pattern: IDENT },
    capture: {
      type: 'object',
      additionalProperties: false,
      properties: {
        listen: { type: 'boolean' },
        cursor: { type: 'string', pattern: IDENT },
        cursorType: { enum: ['timestamp', 'number'] },
        overlap: { type: 'number', minimum: 0 },
        pollIntervalMs: { type: 'integer', minimum: 50 },
        batchSize: { type: 'integer', minimum: 1, maximum: 10_000 },
      },
    },
    mapping: { type: 'string', minLength: 1 },
  },
  if: { properties: { database: { properties: { kind: { const: 'mysql' } } } } },
  then: { properties: { capture: { required: ['cursor'] } }, required: ['capture'] },
} as const;

const ajv = new Ajv2020({ allErrors: true, strict: false });
const validateSource = ajv.compile(SOURCE_SCHEMA);

export async function loadSourceConfig(path: string): Promise<SourceConfig> {
  const raw = await readJson(path);
  if (!validateSource(raw)) throw new TypeError(problems(path, validateSource.errors));
  const given = raw as {
    name: string;
    database: { kind: 'postgres' | 'mysql'; url?: string; urlFile?: string };
    table: string;
    key: string;
    capture?: Partial<SourceConfig['capture']>;
    mapping: string;
  };
  const base = dirname(resolve(path));
  const url = given.database.url ?? (await readFile(resolve(base, given.database.urlFile as string), 'utf8')).trim();
  const mappingPath = resolve(base, given.mapping);
  const mapping = await readJson(mappingPath);
  const mappingProblems = checkColumnMapping(mapping);
  if (mappingProblems.length > 0) {
    throw new TypeError(`${mappingPath}:\n${mappingProblems.map((p) => `  ${p.pointer}: ${p.detail}`).join('\n')}`);
  }
  const capture = given.capture ?? {};
  return {
    name: given.name,
    database: { kind: given.database.kind, url },
    table: given.table,
    key: given.key,
    capture: {
      listen: capture.listen ?? true,
      ...(capture.cursor ? { cursor: capture.cursor } : {}),
      cursorType: capture.cursorType ?? 'timestamp',
      overlap: capture.overlap ?? 5,
      pollIntervalMs: capture.pollIntervalMs ?? (given.database.kind === 'mysql' ? 1_000 : 5_000),
      batchSize: capture.batchSize ?? 100,
    },
    mapping: mapping as ColumnMapping,
  };
}

async function readJson(path: string): Promise<unknown> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    throw new TypeError(`${path}: cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
  }
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new TypeError(`${path}: not valid JSON (${(error as Error).message})`);
  }
}

function problems(path: string, errors: ErrorObject[] | null | undefined): string {
  const lines = (errors ?? [])
    .filter((e) => e.keyword !== 'if')
    .map(
      (e) =>
        `  ${e.instancePath || '/'}: ${e.message ?? 'invalid'}${e.params && 'allowedValues' in e.params ? ` (${String(e.params.allowedValues)})` : ''}`,
    );
  return `${path}:\n${[...new Set(lines)].join('\n')}`;
}
