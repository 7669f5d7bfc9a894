import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { multiRowInsert } from '../../src/postgres/multi-row-insert.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

describe('multi-row inserts on real PostgreSQL', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await db.sql`create table sample (
      id bigserial primary key, name text not null, n integer, big bigint, day date, at timestamptz, doc jsonb, raw bytea)`;
  });
  afterAll(async () => db.drop());

  const insert = multiRowInsert(
    'sample',
    { name: 'text', n: 'integer', big: 'bigint', day: 'date', at: 'timestamptz', doc: 'jsonb', raw: 'bytea' },
    'returning name',
  );

  it('writes 300 rows in chunks, in order, each cell as given (jsonb text stored as written, not re-quoted)', async () => {
    const at = new Date('2026-12-07T08:00:00.123Z');
    const rows = Array.from({ length: 300 }, (_, i) => ({
      name: `r${i}`,
      n: i,
      big: 2n ** 40n + BigInt(i),
      day: '2026-03-01',
      at,
      doc: i % 2 === 0 ? `{"i": ${i}, "text": "引号\\"与反斜杠\\\\"}` : null,
      raw: new Uint8Array([0, 255, i % 256]),
    }));
    const returned = await db.sql.begin((tx) => insert.run<{ name: string }>(tx, rows));
    expect(returned.map((r) => r.name)).toEqual(rows.map((r) => r.name));

    const stored = await db.sql<{ name: string; n: number; big: string; day: string; at: Date; doc: unknown; raw: Buffer }[]>`
      select name, n, big::text, day::text, at, doc, raw from sample order by id`;
    expect(stored.map((r) => r.name)).toEqual(rows.map((r) => r.name));
    expect(stored[4]).toEqual({
      name: 'r4',
      n: 4,
      big: String(2n ** 40n + 4n),
      day: '2026-03-01',
      at,
      doc: { i: 4, text: '引号"与反斜杠\\' },
      raw: Buffer.from([0, 255, 4]),
    });
    expect(stored[5]?.doc).toBeNull();
  });
});
