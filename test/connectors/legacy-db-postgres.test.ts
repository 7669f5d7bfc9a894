/**
 * The legacy-database connector on a department's real PostgreSQL table, publishing through the SDK
 * to a real hub: rows already there when the trigger is installed, rows inserted and updated while it
 * runs (found by NOTIFY long before the poll interval), a restart and a crash after the hub accepted
 * a replacement (nothing lost, nothing doubled), polling alone when LISTEN is off, refusals kept on
 * the row until it is corrected, and one connector per source. A clerk verifies what arrived.
 */
import { HubUnavailableError, type HubClient } from '@zhengzhao/sdk';
import { createLegacyDbConnector, SourceBusyError, type LicensePublisher } from '@zhengzhao/legacy-db';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { until } from '../support/until.js';
import type { HubFixture } from '../support/hub-fixture.js';
import type { TestDatabase } from '../support/test-database.js';
import {
  clerkVerifies,
  createDepartmentPostgres,
  FOOD_MAPPING,
  foodRow,
  historyAtHub,
  POSTGRES_TABLE,
  startLegacyHub,
  statusesAtHub,
  versionsAtHub,
  whileRunning,
  writeSource,
  type LegacyHub,
  type FoodRow,
} from './legacy-db-support.js';

/** Long enough that only a NOTIFY can explain a publication within ARRIVAL_MS. */
const NO_POLL_MS = 600_000;
/** Seconds unloaded; a loaded machine gets a minute, still a tenth of the poll interval above. */
const ARRIVAL_MS = 60_000;

describe('legacy-database connector on PostgreSQL', () => {
  let legacy: LegacyHub;
  let fixture: HubFixture;
  let hub: HubClient;
  let dept: TestDatabase;
  let clerk: string;

  const insert = (table: string, row: FoodRow) => dept.sql`insert into ${dept.sql(table)} ${dept.sql(foodRow(row))}`;
  const update = (table: string, number: string, set: Partial<FoodRow>) =>
    dept.sql`update ${dept.sql(table)} set ${dept.sql(set as Record<string, string>)} where licence_no = ${number}`;
  /** Sessions of the connector for `source` that last ran LISTEN (postgres.js keeps one for it). */
  const listeners = async (source: string) =>
    (
      await dept.sql<{ n: number }[]>`
        select count(*)::int as n from pg_stat_activity where application_name = ${`zz-legacy-${source}`} and query ilike 'listen%'`
    )[0]?.n;
  const statuses = (number: string) => statusesAtHub(fixture, number);

  const connector = (table: string, capture: Record<string, unknown>, publisher?: LicensePublisher) =>
    legacy.connect({ name: table, database: { kind: 'postgres', url: dept.url }, table, key: 'id', capture }, publisher);

  beforeAll(async () => {
    legacy = await startLegacyHub();
    ({ fixture, hub, clerk } = legacy);
    dept = await createDepartmentPostgres();
    await dept.sql.unsafe(POSTGRES_TABLE('food_licences'));
    await dept.sql.unsafe(POSTGRES_TABLE('food_licences_polled'));
    await insert('food_licences', { licence_no: 'JY14313220000001', holder_name: '新化县梅山土菜馆' });
    await insert('food_licences', {
      licence_no: 'JY14313220000002',
      holder_name: '新化县资江鱼庄',
      status: '吊销',
      status_reason: '违法经营，依法吊销',
    });
  });
  afterAll(async () => {
    await dept?.drop();
    await legacy?.stop();
  });

  it('publishes the rows already in the table once the trigger is installed; a 吊销 row as licence then revocation', async () => {
    const first = await connector('food_licences', { pollIntervalMs: NO_POLL_MS });
    expect(await first.drain()).toEqual({ issued: 1, 'issued+status': 1 });
    expect(await statuses('JY14313220000001')).toEqual(['valid']);
    expect(await statuses('JY14313220000002')).toEqual(['revoked']);
    expect(await clerkVerifies(fixture, clerk, 'JY14313220000001')).toMatchObject({ result: 'valid', status: 'valid' });
    expect(await clerkVerifies(fixture, clerk, 'JY14313220000002')).toMatchObject({ result: 'invalid', status: 'revoked' });
    expect(await first.drain()).toEqual({});
    await first.close();
  });

  it('NOTIFY: inserted and updated rows reach the hub long before the poll interval', async () => {
    const running = await connector('food_licences', { pollIntervalMs: NO_POLL_MS });
    await whileRunning(running, async () => {
      expect(await listeners('food_licences')).toBe(1);
      await insert('food_licences', { licence_no: 'JY14313220000003', holder_name: '新化县紫鹊界农家乐' });
      await until('the inserted row at the hub', async () => (await statuses('JY14313220000003')).length === 1, ARRIVAL_MS);

      await update('food_licences', 'JY14313220000001', { holder_name: '新化县梅山土菜馆（北塔店）' });
      await until('a new version of the updated row', async () => (await statuses('JY14313220000001')).length === 2, ARRIVAL_MS);
      const [v1, v2] = await versionsAtHub(fixture, 'JY14313220000001');
      expect([v1?.status, v2?.status, v2?.idVersion, v2?.replaces, v2?.holderName]).toEqual([
        'replaced',
        'valid',
        2,
        v1?.id,
        '新化县梅山土菜馆（北塔店）',
      ]);

      await update('food_licences', 'JY14313220000003', { status: '暂停' });
      await until('the suspension', async () => (await statuses('JY14313220000003'))[0] === 'suspended', ARRIVAL_MS);
    });
  });

  it('restart: changes made while stopped are published; a crash after the hub took a replacement resends it, never a second one', async () => {
    await update('food_licences', 'JY14313220000003', { status: '正常', holder_name: '新化县紫鹊界农家乐（梯田店）' });
    await insert('food_licences', { licence_no: 'JY14313220000004', holder_name: '新化县大熊山客栈' });

    // The hub stores the replacement but the answer is lost, as in a crash right after sending.
    const losesAnswer: LicensePublisher = {
      sealLicense: (payload) => hub.sealLicense(payload),
      changeStatus: (licence, change) => hub.changeStatus(licence, change),
      async publish(licence) {
        const published = await hub.publish(licence);
        if ('payload' in licence && licence.payload.replaces) throw new HubUnavailableError('answer lost');
        return published;
      },
    };
    const crashing = await connector('food_licences', { pollIntervalMs: NO_POLL_MS }, losesAnswer);
    await expect(crashing.drain()).rejects.toBeInstanceOf(HubUnavailableError);
    await crashing.close();
    expect(await statuses('JY14313220000003')).toEqual(['replaced', 'valid']);
    const [queued] = await dept.sql<{ n: number }[]>`select count(*)::int as n from zz_legacy_changes where source = 'food_licences'`;
    expect(queued?.n).toBe(2);

    const restarted = await connector('food_licences', { pollIntervalMs: NO_POLL_MS });
    // The pending replacement is resent (the hub knows it); the suspension it carried is lifted by the new version.
    expect(await restarted.drain()).toEqual({ replaced: 1, issued: 1 });
    expect(await restarted.drain()).toEqual({});
    expect(await historyAtHub(fixture, 'JY14313220000003')).toEqual(['1:valid', '1:suspended', '1:replaced', '2:valid']);
    expect(await historyAtHub(fixture, 'JY14313220000004')).toEqual(['1:valid']);
    const [left] = await dept.sql<{ n: number }[]>`select count(*)::int as n from zz_legacy_changes where source = 'food_licences'`;
    expect(left?.n).toBe(0);
    const [v2] = (await versionsAtHub(fixture, 'JY14313220000003')).slice(1);
    expect(await clerkVerifies(fixture, clerk, 'JY14313220000003')).toMatchObject({ result: 'valid', status: 'valid' });
    expect(v2?.holderName).toBe('新化县紫鹊界农家乐（梯田店）');
    await restarted.close();
  });

  it('polling fallback: with LISTEN off the queue is polled, and changes still arrive', async () => {
    const polled = await connector('food_licences_polled', { listen: false, pollIntervalMs: 200 });
    expect(await listeners('food_licences_polled')).toBe(0);
    await whileRunning(polled, async () => {
      await insert('food_licences_polled', { licence_no: 'JY14313220000005', holder_name: '新化县油溪桥餐馆' });
      await until('the polled row at the hub', async () => (await statuses('JY14313220000005')).length === 1, ARRIVAL_MS);
      await update('food_licences_polled', 'JY14313220000005', { status: '注销', status_reason: '申请注销' });
      await until('the cancellation', async () => (await statuses('JY14313220000005'))[0] === 'cancelled', ARRIVAL_MS);
      expect(await clerkVerifies(fixture, clerk, 'JY14313220000005')).toMatchObject({ result: 'invalid', status: 'cancelled' });
    });
  });

  it('keeps a refusal on the row (mapping or contract) until it is corrected; a second connector for the source is refused', async () => {
    await insert('food_licences', { licence_no: 'JY14313220000006', holder_name: '新化县白溪豆腐坊', status: '待定' });
    await insert('food_licences', { licence_no: 'JY14313220000007', holder_name: '新化县槎溪米粉店' });
    await dept.sql`update food_licences set business_form = '流动摊贩' where licence_no = 'JY14313220000007'`;
    const fixing = await connector('food_licences', { pollIntervalMs: NO_POLL_MS });
    await expect(connector('food_licences', { pollIntervalMs: NO_POLL_MS })).rejects.toBeInstanceOf(SourceBusyError);
    expect(await fixing.drain()).toEqual({ refused: 2 });
    const refused = await dept.sql<{ refused: string }[]>`select refused from zz_legacy_rows where refused is not null order by row_key`;
    expect(refused.map((r) => r.refused).sort()).toEqual(['ERR_LEGACY_MAPPING', 'ERR_VALIDATION']);
    expect(await statuses('JY14313220000006')).toEqual([]);

    await update('food_licences', 'JY14313220000006', { status: '正常' });
    await dept.sql`update food_licences set business_form = '餐饮服务经营者' where licence_no = 'JY14313220000007'`;
    expect(await fixing.drain()).toEqual({ issued: 2 });
    const [cleared] = await dept.sql<{ n: number }[]>`select count(*)::int as n from zz_legacy_rows where refused is not null`;
    expect(cleared?.n).toBe(0);
    await fixing.close();
  });

  it('names the columns the mapping or source.json wants and the table lacks, before reading a row', async () => {
    const mapping = {
      ...FOOD_MAPPING,
      fields: { ...FOOD_MAPPING.fields, '/data/signatory': 'signed_by', '/data/complaintPhone': 'phone' },
    };
    const source = await writeSource(
      { name: 'food_missing', database: { kind: 'postgres', url: dept.url }, table: 'food_licences', key: 'id' },
      mapping,
    );
    const broken = createLegacyDbConnector({ source, hub });
    await expect(broken.prepare()).rejects.toThrow('table food_licences has no column signed_by, phone');
    await broken.close();
    const [trigger] = await dept.sql<{ n: number }[]>`select count(*)::int as n from pg_trigger where tgname = 'zz_legacy_food_missing'`;
    expect(trigger?.n).toBe(0);
  });
});
