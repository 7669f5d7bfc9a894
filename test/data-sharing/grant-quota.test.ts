/**
 * The per-minute quota of a grant on the real PostgreSQL: every request of a minute counts against
 * one row, the limit holds under concurrency — for single requests and for leases of several — each
 * take learns its own share, and the first take of a new minute deletes the grant's past windows,
 * so the counters do not pile up while the hub runs.
 */
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresDataSharingRepository } from '../../src/postgres/postgres-data-sharing-repository.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const PROVIDER = '11431322006123470M';
const CONSUMER = '11431322006123480N';
const minute = (n: number) => new Date(Date.UTC(2026, 11, 7, 8, n));

describe('grant quota counters', () => {
  let db: TestDatabase;
  let repository: PostgresDataSharingRepository;
  const grants = [randomUUID(), randomUUID()];

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
    repository = new PostgresDataSharingRepository(db.sql, async () => undefined);
    await db.sql`insert into departments (uscc, name, level) values (${PROVIDER}, '新化县公安局', 'county'), (${CONSUMER}, '新化县行政审批服务局', 'county')`;
    await db.sql`
      insert into data_services (code, name, description, provider, sharing_class, request_schema, response_schema, fields, legal_basis, timeout_ms)
      values ('svc', '服务', '', ${PROVIDER}, 'conditional', 'req', 'res', '[]', '', 1000)`;
    for (const id of grants) {
      await db.sql`insert into data_grants (id, service, consumer, purposes, requested_fields, status, applied_by)
                   values (${id}, 'svc', ${CONSUMER}, ${['ITEM']}, ${['match']}, 'approved', 'test')`;
    }
  });
  afterAll(async () => db?.drop());

  const windows = async (grant: string) =>
    (
      await db.sql<{ window_start: Date; requests: number }[]>`
      select window_start, requests from data_grant_usage where grant_id = ${grant} order by window_start`
    ).map((r) => [r.window_start.toISOString(), r.requests]);

  it('lets exactly the limit through in a minute, even asked at once', async () => {
    const taken = await Promise.all(Array.from({ length: 8 }, () => repository.takeQuota(grants[0]!, minute(0), 5, 1)));
    expect(taken.filter((n) => n === 1)).toHaveLength(5);
    expect(taken.filter((n) => n === 0)).toHaveLength(3);
    expect(await windows(grants[0]!)).toEqual([[minute(0).toISOString(), 5]]);
  });

  it('deletes past windows of the grant when a new minute starts, and only that grant’s', async () => {
    expect(await repository.takeQuota(grants[1]!, minute(0), 5, 1)).toBe(1);
    expect(await repository.takeQuota(grants[0]!, minute(1), 5, 1)).toBe(1);
    expect(await repository.takeQuota(grants[0]!, minute(1), 5, 1)).toBe(1);
    expect(await windows(grants[0]!)).toEqual([[minute(1).toISOString(), 2]]);
    expect(await windows(grants[1]!)).toEqual([[minute(0).toISOString(), 1]]);
    expect(await repository.takeQuota(grants[0]!, minute(7), 5, 1)).toBe(1);
    expect(await windows(grants[0]!)).toEqual([[minute(7).toISOString(), 1]]);
  });

  it('hands out leases without passing the limit: each take learns its share, the last one what was left', async () => {
    const grant = grants[1]!;
    const takes = await Promise.all(Array.from({ length: 6 }, () => repository.takeQuota(grant, minute(20), 100, 30)));
    expect(takes.reduce((a, b) => a + b, 0)).toBe(100);
    expect([...takes].sort((a, b) => b - a)).toEqual([30, 30, 30, 10, 0, 0]);
    expect(await windows(grant)).toEqual([[minute(20).toISOString(), 100]]);
    expect(await repository.takeQuota(grant, minute(20), 100, 30)).toBe(0);
    // A lease larger than the whole limit gets the limit.
    expect(await repository.takeQuota(grant, minute(21), 7, 30)).toBe(7);
  });
});
