/**
 * The legacy-database part of the connectors' end-to-end story, callable on any hub where a
 * department may issue food licences: that department keeps food licences in a PostgreSQL table (one
 * system) and a MariaDB table (another); both connectors run at once; rows already there, rows
 * inserted and rows updated reach the hub, an update in MariaDB within 10 s as a new version and as
 * a status change; a clerk verifies every one of them.
 */
import { createLegacyDbConnector } from '@zhengzhao/legacy-db';
import type { HubClient } from '@zhengzhao/sdk';
import { expect } from 'vitest';
import { until } from '../support/until.js';
import type { HubFixture } from '../support/hub-fixture.js';
import {
  clerkVerifies,
  createDepartmentMariadb,
  createDepartmentPostgres,
  foodMapping,
  foodRow,
  MARIADB_TABLE,
  POSTGRES_TABLE,
  statusesAtHub,
  whileRunning,
  writeSource,
  type FoodRow,
} from './legacy-db-support.js';

const ARRIVAL_MS = 10_000;

export interface LegacyDbScenarioOptions {
  fixture: HubFixture;
  /** The department's SDK client (its connector.json). */
  hub: HubClient;
  issuer: { uscc: string; name: string };
  /** A clerk token of any department. */
  clerk: string;
  /** Four digits that keep this run's licence numbers apart from others on the same hub. */
  series: string;
}

/** What a clerk's verification answered, by licence number, once everything arrived. */
export type ScenarioVerdicts = Record<string, { result: string; status: string }>;

/** The verdicts the scenario must end with: row 12 revoked in MariaDB, every other row valid. */
export function expectedVerdicts(series: string): Record<string, unknown> {
  const verdict = (n: number) => (n === 12 ? { result: 'invalid', status: 'revoked' } : { result: 'valid', status: 'valid' });
  return Object.fromEntries(
    [1, 2, 11, 12, 13].map((n) => [`JY1${series}${String(n).padStart(9, '0')}`, expect.objectContaining(verdict(n))]),
  );
}

export async function runLegacyDbScenario(options: LegacyDbScenarioOptions): Promise<ScenarioVerdicts> {
  const { fixture, hub, issuer, clerk } = options;
  const number = (n: number) => `JY1${options.series}${String(n).padStart(9, '0')}`;
  const arrived = (n: number, what: (statuses: string[]) => boolean) =>
    until(`licence ${number(n)} at the hub`, async () => what(await statusesAtHub(fixture, number(n))), ARRIVAL_MS);
  const pg = await createDepartmentPostgres();
  const maria = await createDepartmentMariadb();
  try {
    await pg.sql.unsafe(POSTGRES_TABLE('food_licences'));
    await maria.connection.query(MARIADB_TABLE('food_licences'));
    const intoPg = (row: FoodRow) => pg.sql`insert into food_licences ${pg.sql(foodRow(row))}`;
    const intoMaria = (row: FoodRow) => maria.connection.query('insert into food_licences set ?', [foodRow(row)]);
    const inMaria = (n: number, set: Partial<FoodRow>) =>
      maria.connection.query('update food_licences set ? where licence_no = ?', [set, number(n)]);
    await intoPg({ licence_no: number(1), holder_name: '新化县上梅镇早餐店' });
    await intoMaria({ licence_no: number(11), holder_name: '新化县洋溪镇餐馆' });
    await intoMaria({ licence_no: number(12), holder_name: '新化县炉观镇小吃店' });

    const mapping = foodMapping(issuer);
    const source = (kind: 'postgres' | 'mysql', url: string, capture: Record<string, unknown>) =>
      writeSource({ name: `food_${kind}`, database: { kind, url }, table: 'food_licences', key: 'id', capture }, mapping);
    const fromPg = createLegacyDbConnector({ source: await source('postgres', pg.url, {}), hub });
    const fromMaria = createLegacyDbConnector({
      source: await source('mysql', maria.url, { cursor: 'updated_at', pollIntervalMs: 500 }),
      hub,
    });
    await Promise.all([fromPg.prepare(), fromMaria.prepare()]);

    await whileRunning(fromPg, () =>
      whileRunning(fromMaria, async () => {
        await Promise.all([1, 11, 12].map((n) => arrived(n, (s) => s.length === 1)));
        await intoPg({ licence_no: number(2), holder_name: '新化县吉庆镇面馆' });
        await pg.sql`update food_licences set holder_name = '新化县上梅镇早餐店（资江店）' where licence_no = ${number(1)}`;
        await intoMaria({ licence_no: number(13), holder_name: '新化县温塘镇农家乐' });
        const updated = Date.now();
        await inMaria(11, { holder_name: '新化县洋溪镇餐馆（新址）' });
        await inMaria(12, { status: '吊销', status_reason: '违法经营，依法吊销' });
        await Promise.all([arrived(11, (s) => s.join() === 'replaced,valid'), arrived(12, (s) => s.join() === 'revoked')]);
        // The acceptance bound for an update in the MariaDB table.
        expect(Date.now() - updated).toBeLessThan(ARRIVAL_MS);
        await Promise.all([
          arrived(1, (s) => s.join() === 'replaced,valid'),
          arrived(2, (s) => s.length === 1),
          arrived(13, (s) => s.length === 1),
        ]);
      }),
    );

    const verdicts: ScenarioVerdicts = {};
    for (const n of [1, 2, 11, 12, 13]) verdicts[number(n)] = await clerkVerifies(fixture, clerk, number(n));
    return verdicts;
  } finally {
    await maria.drop();
    await pg.drop();
  }
}
