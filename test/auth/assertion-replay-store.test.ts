/**
 * The replay store contract on real PostgreSQL, plus what only a database can show: two
 * connection pools (two hub instances) racing on one assertion, and identifiers surviving a restart.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresAssertionReplayStore } from '../../src/postgres/postgres-assertion-replay-store.js';
import { describeAssertionReplayStoreContract } from '../port-suites/assertion-replay-store.suite.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.sql);
});
afterAll(async () => db?.drop());

describeAssertionReplayStoreContract('PostgreSQL', async () => new PostgresAssertionReplayStore(db.sql));

describe('PostgresAssertionReplayStore across instances', () => {
  it('lets one of two instances win a race, and a restarted instance still remembers', async () => {
    const other = postgres(db.url, { max: 5, onnotice: () => {} });
    try {
      const [first, second] = [new PostgresAssertionReplayStore(db.sql), new PostgresAssertionReplayStore(other)];
      const use = { issuer: '91350100M000100Y43', jti: 'race', until: new Date(Date.now() + 60_000) };
      const results = await Promise.all([...Array(10)].map((_, i) => (i % 2 ? first : second).remember(use)));
      expect(results.filter(Boolean)).toHaveLength(1);
    } finally {
      await other.end({ timeout: 5 });
    }
    const restarted = postgres(db.url, { max: 1, onnotice: () => {} });
    try {
      const store = new PostgresAssertionReplayStore(restarted);
      expect(await store.remember({ issuer: '91350100M000100Y43', jti: 'race', until: new Date() })).toBe(false);
    } finally {
      await restarted.end({ timeout: 5 });
    }
  });
});
