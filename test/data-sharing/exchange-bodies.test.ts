/**
 * Kept exchange bodies on the real PostgreSQL: a service whose rules demand retention has its
 * bodies stored sealed (no clear text in the row, a key id and the outcome beside it; no answer
 * body where none arrived), an auditor alone reads them back, every reading audited, and the purge
 * deletes them once the retention has passed. Time is
 * the use case's clock, moved by the test: nothing here waits on the wall clock.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createBodySealer } from '../../src/audit/body-sealer.js';
import type { AuditEntry } from '../../src/core/audit/audit-entry.js';
import { createExchangeBodies } from '../../src/core/data-sharing/exchange-bodies.js';
import { migrate } from '../../src/postgres/migrate.js';
import { createPostgresExchangeBodyStore } from '../../src/postgres/postgres-exchange-body-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { APPROVAL, AUDITOR, householdService, PSB } from './kept-body-fixture.js';

const ID_NUMBER = '431322199203150030';
const DAY_MS = 86_400_000;
const service = householdService;

describe('kept exchange bodies on PostgreSQL', () => {
  let db: TestDatabase;
  let clock = new Date('2026-12-01T08:00:00Z');
  const audit: AuditEntry[] = [];
  const sealer = createBodySealer(randomBytes(32));
  const bodies = () =>
    createExchangeBodies({
      store: createPostgresExchangeBodyStore(db.sql),
      sealer,
      record: async (entry) => void audit.push(entry),
      now: () => clock,
    });
  const request = JSON.stringify({ idNumber: ID_NUMBER, name: '刘伟' });
  const response = JSON.stringify({ match: true, name: '刘伟', address: '新化县上梅镇' });

  beforeAll(async () => {
    db = await createTestDatabase();
    await migrate(db.sql);
  });
  afterAll(async () => db?.drop());

  it('keeps nothing for a service without a retention', async () => {
    const exchangeId = randomUUID();
    await bodies().keep({ exchangeId, service: service(), consumer: APPROVAL, outcome: 'ok', request, response });
    expect(await db.sql`select 1 from data_exchange_bodies where exchange_id = ${exchangeId}`).toHaveLength(0);
  });

  it('keeps the bodies sealed under a named key, never in clear, and only an auditor reads them, audited', async () => {
    const exchangeId = randomUUID();
    await bodies().keep({ exchangeId, service: service(30), consumer: APPROVAL, outcome: 'ok', request, response });
    const [row] = await db.sql<Record<string, unknown>[]>`select * from data_exchange_bodies where exchange_id = ${exchangeId}`;
    expect(row).toMatchObject({
      service: 'household-verification',
      provider: PSB,
      consumer: APPROVAL,
      outcome: 'ok',
      key_id: expect.stringMatching(/^body-/),
    });
    expect(new Date(row?.purge_after as Date).getTime() - clock.getTime()).toBe(30 * DAY_MS);
    const text = JSON.stringify(row);
    for (const clear of [ID_NUMBER, '刘伟', '上梅镇', 'idNumber']) expect(text).not.toContain(clear);

    for (const role of ['dept-admin', 'security-admin', 'system'] as const) {
      await expect(bodies().read({ actor: `x:${role}`, role, department: PSB }, exchangeId)).rejects.toMatchObject({
        code: 'ERR_FORBIDDEN',
      });
    }
    expect(audit).toEqual([]);
    expect(await bodies().read(AUDITOR, exchangeId)).toEqual({
      exchangeId,
      service: 'household-verification',
      outcome: 'ok',
      request: JSON.parse(request),
      response: JSON.parse(response),
    });
    expect(audit).toEqual([
      expect.objectContaining({ action: 'data.exchange.bodies.read', actor: AUDITOR.actor, target: exchangeId, result: 'ok' }),
    ]);
  });

  it('keeps what a routed exchange that failed has: the request alone after a timeout, the refusal beside it, each with its outcome', async () => {
    const [timedOut, refused] = [randomUUID(), randomUUID()];
    await bodies().keep({ exchangeId: timedOut, service: service(30), consumer: APPROVAL, outcome: 'ERR_DATA_TIMEOUT', request });
    const refusal = JSON.stringify({ ok: false, error: { code: 'ERR_NO_SUCH_PERSON', detail: '查无此人' } });
    await bodies().keep({
      exchangeId: refused,
      service: service(30),
      consumer: APPROVAL,
      outcome: 'ERR_DATA_PROVIDER_REFUSED',
      request,
      response: refusal,
    });
    const rows = await db.sql<{ outcome: string; response_sealed: string | null }[]>`
      select outcome, response_sealed from data_exchange_bodies where exchange_id in ${db.sql([timedOut, refused])} order by outcome`;
    expect(rows).toEqual([
      { outcome: 'ERR_DATA_PROVIDER_REFUSED', response_sealed: expect.any(String) },
      { outcome: 'ERR_DATA_TIMEOUT', response_sealed: null },
    ]);
    expect(JSON.stringify(rows)).not.toContain('查无此人');
    expect(await bodies().read(AUDITOR, timedOut)).toEqual({
      exchangeId: timedOut,
      service: 'household-verification',
      outcome: 'ERR_DATA_TIMEOUT',
      request: JSON.parse(request),
    });
    expect((await bodies().read(AUDITOR, refused)).response).toEqual(JSON.parse(refusal));
    expect(audit.at(-1)).toMatchObject({ action: 'data.exchange.bodies.read', details: { outcome: 'ERR_DATA_PROVIDER_REFUSED' } });
  });

  it('refuses a body moved to another exchange, and one sealed under a key the hub does not hold', async () => {
    const [a, b] = [randomUUID(), randomUUID()];
    for (const exchangeId of [a, b])
      await bodies().keep({ exchangeId, service: service(30), consumer: APPROVAL, outcome: 'ok', request, response });
    await db.sql`update data_exchange_bodies set request_sealed = (select request_sealed from data_exchange_bodies where exchange_id = ${a})
                 where exchange_id = ${b}`;
    await expect(bodies().read(AUDITOR, b)).rejects.toMatchObject({ code: 'ERR_KEY_DECRYPT' });
    await db.sql`update data_exchange_bodies set key_id = 'body-0000000000000000' where exchange_id = ${a}`;
    await expect(bodies().read(AUDITOR, a)).rejects.toMatchObject({ code: 'ERR_KEY_DECRYPT' });
  });

  it('stops serving the bodies once the retention has passed, and the purge deletes them', async () => {
    const [short, long] = [randomUUID(), randomUUID()];
    await bodies().keep({ exchangeId: short, service: service(1), consumer: APPROVAL, outcome: 'ok', request, response });
    await bodies().keep({ exchangeId: long, service: service(90), consumer: APPROVAL, outcome: 'ok', request, response });
    clock = new Date(clock.getTime() + 2 * DAY_MS);
    await expect(bodies().read(AUDITOR, short)).rejects.toMatchObject({ code: 'ERR_DATA_BODIES_NOT_KEPT' });
    expect(await bodies().purge()).toBe(1);
    expect(await db.sql`select 1 from data_exchange_bodies where exchange_id = ${short}`).toHaveLength(0);
    expect(await db.sql`select 1 from data_exchange_bodies where exchange_id = ${long}`).toHaveLength(1);
    expect((await bodies().read(AUDITOR, long)).response).toEqual(JSON.parse(response));
  });
});
