import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate, MigrationDriftError, readMigrations } from '../../src/postgres/migrate.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('migrations on real PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(async () => db.drop());

  it('applies every migration on a fresh database and records it', async () => {
    const applied = await migrate(db.sql);
    expect(applied).toEqual(readMigrations().map((m) => m.version));
    const rows = await db.sql`select version, checksum from schema_migrations order by version`;
    expect(rows.map((r) => r.version)).toEqual(applied);
    const [outbox] = await db.sql`select to_regclass('public.outbox') as t`;
    expect(outbox?.t).toBe('outbox');
  });

  it('does nothing when re-run', async () => {
    expect(await migrate(db.sql)).toEqual([]);
  });

  it('refuses to start when an applied migration was edited', async () => {
    const edited = readMigrations().map((m, i) => (i === 0 ? { ...m, checksum: 'f'.repeat(64) } : m));
    await expect(migrate(db.sql, edited)).rejects.toBeInstanceOf(MigrationDriftError);
  });

  it('reads only NNNN_name.sql files, in order', () => {
    const dir = mkdtempSync(path.join(tmpdir(), 'zz-migrations-'));
    writeFileSync(path.join(dir, '0002_b.sql'), 'select 2;');
    writeFileSync(path.join(dir, '0001_a.sql'), 'select 1;');
    writeFileSync(path.join(dir, 'notes.txt'), 'x');
    expect(readMigrations(dir).map((m) => `${m.version}:${m.name}`)).toEqual(['0001:a', '0002:b']);
  });
});

describe('concurrent starters', () => {
  it('serialise on the advisory lock: every migration applied exactly once', async () => {
    const db = await createTestDatabase();
    try {
      const clients = Array.from({ length: 5 }, () => postgres(db.url, { max: 2, onnotice: () => {} }));
      const results = await Promise.all(clients.map((sql) => migrate(sql)));
      await Promise.all(clients.map((sql) => sql.end()));
      const all = results.flat().sort();
      expect(all).toEqual(readMigrations().map((m) => m.version));
      expect(results.filter((r) => r.length > 0)).toHaveLength(1);
      const [count] = await db.sql`select count(*)::int as n from schema_migrations`;
      expect(count?.n).toBe(readMigrations().length);
    } finally {
      await db.drop();
    }
  });
});
