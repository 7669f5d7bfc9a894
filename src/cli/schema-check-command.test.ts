import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { packagePath } from '../config/package-root.js';
import { UsageError, type CliIo } from './command.js';
import { schemaCheckCommand } from './schema-check-command.js';

const dir = mkdtempSync(path.join(tmpdir(), 'zz-schema-check-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

const file = (name: string, content: unknown): string => {
  const full = path.join(dir, name);
  writeFileSync(full, typeof content === 'string' ? content : JSON.stringify(content));
  return full;
};

async function run(...args: string[]): Promise<{ code: number; out: string[]; err: string[] }> {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (line) => out.push(line), err: (line) => err.push(line) };
  return { code: await schemaCheckCommand.run(args, io), out, err };
}

const v1 = { type: 'object', properties: { a: { type: 'string' }, b: { type: 'string' } }, additionalProperties: false };

describe('zhengzhao schema check', () => {
  it('is registered as "schema check"', () => {
    expect(schemaCheckCommand.name).toEqual(['schema', 'check']);
  });

  it('prints "compatible" and exits 0 for a backward-compatible change', async () => {
    const next = { ...v1, properties: { ...v1.properties, c: { type: 'integer' } } };
    expect(await run(file('v1.json', v1), file('v2-ok.json', next))).toEqual({ code: 0, out: ['compatible'], err: [] });
  });

  it('explains every problem and exits 1 otherwise', async () => {
    const next = { ...v1, properties: { a: { type: 'string', maxLength: 5 } }, required: ['a'] };
    const { code, out } = await run(file('v1.json', v1), file('v2-bad.json', next));
    expect(code).toBe(1);
    expect(out[0]).toMatch(/^incompatible: 3 problem\(s\)/);
    expect(out.slice(1)).toEqual([
      '  /a  [max-length-added]  maxLength none → 5',
      '  /b  [property-removed-from-closed-content-model]  old data may contain "b"; the new model is closed and rejects it',
      '  /a  [required-added]  old data may omit it; the new schema requires it',
    ]);
  });

  it('resolves references to the shipped contracts (a licence type and the envelope)', async () => {
    const food = packagePath('schemas', 'licenses', 'food-business-license.json');
    expect((await run(food, food)).out).toEqual(['compatible']);
  });

  it.each([
    ['one file', () => [file('v1.json', v1)]],
    ['a missing file', () => [file('v1.json', v1), path.join(dir, 'missing.json')]],
    ['a file that is not JSON', () => [file('v1.json', v1), file('broken.json', '{ "type": ')]],
    ['JSON that is not a schema', () => [file('v1.json', v1), file('array.json', [1, 2])]],
  ])('treats %s as a usage error (exit 2)', async (_what, args) => {
    await expect(run(...args())).rejects.toBeInstanceOf(UsageError);
  });
});
