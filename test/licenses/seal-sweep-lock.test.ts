/**
 * The seal sweep on several hub instances sharing one database: a round runs on the instance that
 * takes the advisory lock while the others skip it, and the lock dies with the connection of an
 * instance that crashes mid-round. Real PostgreSQL: two schedules, each with its own pool and lock.
 */
import postgres from 'postgres';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createKeyedHasher } from '../../src/audit/keyed-hasher.js';
import { InMemoryAuditWriter } from '../../src/core/audit/in-memory-audit-writer.js';
import { createInMemoryRowMacKeys } from '../../src/core/licenses/in-memory-row-mac-keys.js';
import { scheduleSealSweep, type SealSweepSchedule, type SweepReport } from '../../src/core/licenses/seal-sweep.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { migrate } from '../../src/postgres/migrate.js';
import { createPostgresInstanceLock, InstanceLockKeys } from '../../src/postgres/postgres-instance-lock.js';
import { PostgresLicenseRepository } from '../../src/postgres/postgres-license-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { until } from '../support/until.js';

describe('the seal sweep across hub instances', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
  });
  afterAll(async () => db?.drop());

  it('runs a round on one instance while the other skips it', async () => {
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    const pages: string[] = [];
    const skipped: string[] = [];
    const reports: string[] = [];
    const pools: postgres.Sql[] = [];
    const wire = (name: string): SealSweepSchedule => {
      const pool = postgres(db.url, { max: 2, onnotice: () => {} });
      pools.push(pool);
      const rowMacs = createInMemoryRowMacKeys();
      const repository = new PostgresLicenseRepository(pool, rowMacs);
      return scheduleSealSweep(
        {
          // The real repository, held at its first page until both instances have tried the round.
          licenses: {
            page: async (...args) => {
              pages.push(name);
              await gate;
              return repository.page(...args);
            },
            storeRowMac: (...args) => repository.storeRowMac(...args),
            history: (...args) => repository.history(...args),
          },
          seals: { verify: () => Promise.reject(new Error('no licence to verify')) },
          rowMacs,
          contracts: { licenseType: () => undefined },
          personalIds: createKeyedHasher(Buffer.alloc(32, 7)),
          audit: new InMemoryAuditWriter(),
          now: () => new Date(),
          logger: { ...silentLogger, debug: (_obj: object, msg?: string) => void (msg?.includes('skipped') && skipped.push(name)) },
          onReport: (_report: SweepReport) => void reports.push(name),
          lock: createPostgresInstanceLock(db.url, InstanceLockKeys.sealSweep),
        },
        0,
      );
    };
    const schedules = [wire('a'), wire('b')];
    try {
      await until('one instance sweeping and the other skipping', () => pages.length === 1 && skipped.length === 1, 30_000);
      release();
      await until('the sweeping instance to finish its round', () => reports.length === 1, 30_000);
      expect(reports).toEqual(pages);
      expect(skipped).not.toEqual(pages);
    } finally {
      release();
      await Promise.all(schedules.map((s) => s.stop()));
      await Promise.all(pools.map((p) => p.end({ timeout: 5 })));
    }
    expect(pages).toHaveLength(1);
  });

  it('is taken over once the instance holding it dies mid-round', async () => {
    const first = createPostgresInstanceLock(db.url, InstanceLockKeys.sealSweep);
    const second = createPostgresInstanceLock(db.url, InstanceLockKeys.sealSweep);
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered = false;
    const holding = first.tryRun(async () => {
      entered = true;
      await gate;
      return 'first';
    });
    try {
      await until('the first instance to hold the lock', () => entered, 30_000);
      expect(await second.tryRun(async () => 'second')).toBeUndefined();
      // The holder's session ends as a crashed hub's would: PostgreSQL releases its lock.
      const killed = await db.sql<{ pid: number }[]>`
        select pg_terminate_backend(pid), pid from pg_locks
        where locktype = 'advisory' and database = (select oid from pg_database where datname = current_database())`;
      expect(killed).toHaveLength(1);
      await until(
        'the second instance to take the lock over',
        async () => (await second.tryRun(async () => 'second')) !== undefined,
        30_000,
      );
    } finally {
      release();
    }
    expect(await holding).toEqual({ value: 'first' });
  });
});
