/**
 * @module cli/schema-check-command
 * `zhengzhao schema check OLD NEW [--schemas DIR]`: is NEW a backward-compatible version of OLD
 * (Confluent BACKWARD rules: NEW reads everything OLD accepted)? Local, no hub needed. Absolute
 * `$ref`s resolve against the contracts in DIR (default: the package's schemas/), e.g. a licence
 * type's reference to the envelope. Exit 0 "compatible"; 1 with every problem explained; 2 usage.
 */
import { readFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { packagePath } from '../config/package-root.js';
import { checkBackwardCompatible } from '../contracts/compatibility.js';
import { readSchemaFiles } from '../contracts/schema-files.js';
import type { Schema } from '../contracts/schema-flatten.js';
import { UsageError, type Command } from './command.js';

export const schemaCheckCommand: Command = {
  name: ['schema', 'check'],
  summary: 'check that a new version of a contract can read data written under the old one (local)',
  usage: 'zhengzhao schema check OLD.json NEW.json [--schemas DIR]',
  async run(args, io) {
    const { values, positionals } = parseArgs({
      args: [...args],
      options: { schemas: { type: 'string' } },
      allowPositionals: true,
      strict: true,
    });
    if (positionals.length !== 2) throw new UsageError('expected two schema files: OLD NEW');
    const [oldFile, newFile] = positionals as [string, string];
    const oldSchema = readSchema(oldFile);
    const newSchema = readSchema(newFile);
    const contracts = loadContracts(values.schemas ?? packagePath('schemas'));

    const result = checkBackwardCompatible(oldSchema, newSchema, { resolve: (uri) => contracts.get(uri) });
    if (result.compatible) {
      io.out('compatible');
      return 0;
    }
    io.out(`incompatible: ${result.problems.length} problem(s); data valid under ${oldFile} is not all valid under ${newFile}`);
    for (const problem of result.problems) {
      io.out(`  ${problem.pointer || '(root)'}  [${problem.rule}]  ${problem.detail}`);
    }
    return 1;
  },
};

function readSchema(file: string): Schema {
  let text: string;
  try {
    text = readFileSync(file, 'utf8');
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw new UsageError(`${file} is not JSON: ${(error as Error).message}`);
  }
  if (typeof parsed !== 'boolean' && (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed))) {
    throw new UsageError(`${file} is not a JSON Schema (an object or a boolean)`);
  }
  return parsed as Schema;
}

/** The contracts a schema may refer to, by `$id`; unreadable files are simply not resolvable. */
function loadContracts(dir: string): Map<string, Schema> {
  let files;
  try {
    files = readSchemaFiles(dir);
  } catch (error) {
    throw new UsageError(`cannot read schemas from ${dir}: ${(error as Error).message}`);
  }
  const contracts = new Map<string, Schema>();
  for (const { schema } of files) {
    if (schema && typeof schema.$id === 'string') contracts.set(schema.$id, schema);
  }
  return contracts;
}
