import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadSourceConfig } from './source-config.js';

/** The error a load fails with (the test fails if it loads). */
async function failure(file: string): Promise<Error> {
  return loadSourceConfig(file).then(
    () => {
      throw new Error(`${file} loaded`);
    },
    (error: unknown) => error as Error,
  );
}

function files(source: unknown, mapping: unknown = { fields: { '/number': '证号' } }, extra: Record<string, string> = {}): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-source-'));
  writeFileSync(path.join(dir, 'MAP.json'), JSON.stringify(mapping));
  for (const [name, text] of Object.entries(extra)) writeFileSync(path.join(dir, name), text);
  writeFileSync(path.join(dir, 'source.json'), JSON.stringify(source));
  return path.join(dir, 'source.json');
}

const base = {
  name: 'samr_food',
  database: { kind: 'postgres', url: 'postgres://u@h/db' },
  table: '食品许可',
  key: '编号',
  mapping: 'MAP.json',
};

describe('source.json', () => {
  it('fills the defaults by database kind and reads the URL from urlFile beside it', async () => {
    const pg = await loadSourceConfig(files(base));
    expect(pg.capture).toEqual({ listen: true, cursorType: 'timestamp', overlap: 5, pollIntervalMs: 5_000, batchSize: 100 });
    const my = await loadSourceConfig(
      files({ ...base, database: { kind: 'mysql', urlFile: 'db.url' }, capture: { cursor: 'updated_at' } }, undefined, {
        'db.url': 'mysql://u:secret@h/db\n',
      }),
    );
    expect(my.database.url).toBe('mysql://u:secret@h/db');
    expect(my.capture).toMatchObject({ cursor: 'updated_at', pollIntervalMs: 1_000 });
  });

  it('names every problem at once with the file and pointer', async () => {
    const file = files({ ...base, name: 'Samr Food', database: { kind: 'mysql', url: 'http://x' }, table: 'a;drop', batch: 1 });
    const error = await failure(file);
    expect(error).toBeInstanceOf(TypeError);
    for (const part of [file, '/name', '/database/url', '/table', "required property 'capture'", 'additional properties']) {
      expect(error.message).toContain(part);
    }
  });

  it('checks the mapping file too: its own pointers and status names', async () => {
    const file = files(base, { fields: { number: '证号', '/replaces': '旧证' }, status: { column: '状态', values: { 过期: 'expired' } } });
    const error = await failure(file);
    expect(error.message).toContain('MAP.json');
    expect(error.message).toContain('/fields/number');
    expect(error.message).toContain('/fields/~1replaces');
    expect(error.message).toContain('/status/values/过期');
  });

  it('says which file cannot be read or parsed', async () => {
    await expect(loadSourceConfig('/nonexistent/source.json')).rejects.toThrow('/nonexistent/source.json: cannot be read (ENOENT)');
    const dir = mkdtempSync(path.join(tmpdir(), 'zz-source-'));
    writeFileSync(path.join(dir, 'source.json'), '{"name":');
    await expect(loadSourceConfig(path.join(dir, 'source.json'))).rejects.toThrow('not valid JSON');
  });
});
