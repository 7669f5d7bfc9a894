/**
 * `zhengzhao-legacy-db` as a department's IT staff run it: connector.json from onboarding, a
 * source.json and MAP.json beside it, a table named in Chinese in their PostgreSQL. `--once`
 * publishes what is there and exits 0; a second run adds nothing; a broken source.json exits 2 naming
 * the file and every field at fault.
 */
import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { promisify } from 'node:util';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { FOOD_LICENSE } from '../licenses/license-payloads.js';
import { onboardDepartment, type OnboardedDepartment } from '../support/connector-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import type { TestDatabase } from '../support/test-database.js';
import { clerkVerifies, createDepartmentPostgres, FOOD_MAPPING, foodRow, historyAtHub, POSTGRES_TABLE, SAMR } from './legacy-db-support.js';

const run = promisify(execFile);
const root = path.resolve(import.meta.dirname, '../..');
const TABLE = '食品经营许可台账';

/** The command from source, through tsx with the test tsconfig's paths (no build needed). */
async function legacyDb(args: string[]): Promise<{ code: number; stderr: string }> {
  const tsx = path.join(root, 'node_modules/.bin/tsx');
  const cli = path.join(root, 'connectors/legacy-db/src/cli.ts');
  try {
    const { stderr } = await run(tsx, ['--tsconfig', path.join(root, 'test/tsconfig.json'), cli, ...args], { cwd: root, timeout: 60_000 });
    return { code: 0, stderr };
  } catch (error) {
    const failed = error as { code?: number; stderr?: string };
    return { code: typeof failed.code === 'number' ? failed.code : -1, stderr: failed.stderr ?? '' };
  }
}

describe('zhengzhao-legacy-db command', () => {
  let fixture: HubFixture;
  let samr: OnboardedDepartment;
  let dept: TestDatabase;
  let clerk: string;
  let source: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await onboardDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    clerk = await fixture.mintToken('clerk', SAMR.uscc);
    dept = await createDepartmentPostgres();
    await dept.sql.unsafe(POSTGRES_TABLE(TABLE));
    for (const [number, holder] of [
      ['JY14313220000201', '新化县水车镇米粉店'],
      ['JY14313220000202', '新化县琅塘镇豆腐店'],
    ] as const) {
      await dept.sql`insert into ${dept.sql(TABLE)} ${dept.sql(foodRow({ licence_no: number, holder_name: holder }))}`;
    }
    writeFileSync(path.join(samr.dir, 'MAP.json'), JSON.stringify(FOOD_MAPPING));
    writeFileSync(path.join(samr.dir, 'db.url'), `${dept.url}\n`);
    source = path.join(samr.dir, 'source.json');
    writeFileSync(
      source,
      JSON.stringify({
        name: 'samr_food',
        database: { kind: 'postgres', urlFile: 'db.url' },
        table: TABLE,
        key: 'id',
        mapping: 'MAP.json',
      }),
    );
  });
  afterAll(async () => {
    await dept?.drop();
    await fixture?.stop();
  });

  it('--once publishes the table and exits 0; run again it adds nothing', async () => {
    const first = await legacyDb(['--config', samr.config, '--source', source, '--once']);
    expect(first.code).toBe(0);
    expect(first.stderr).toContain('"issued":2');
    expect(first.stderr).not.toContain('新化县');
    expect(await clerkVerifies(fixture, clerk, 'JY14313220000201')).toMatchObject({ result: 'valid', status: 'valid' });
    expect(await clerkVerifies(fixture, clerk, 'JY14313220000202')).toMatchObject({ result: 'valid', status: 'valid' });
    const again = await legacyDb(['--config', samr.config, '--source', source, '--once']);
    expect(again.code).toBe(0);
    expect(await historyAtHub(fixture, 'JY14313220000201')).toEqual(['1:valid']);
  });

  it('exits 2 naming the file and every field at fault', async () => {
    const broken = path.join(samr.dir, 'broken.json');
    writeFileSync(
      broken,
      JSON.stringify({ name: 'Samr Food', database: { kind: 'oracle' }, table: TABLE, key: 'id', mapping: 'MAP.json' }),
    );
    const result = await legacyDb(['--config', samr.config, '--source', broken, '--once']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(broken);
    expect(result.stderr).toContain('/name');
    expect(result.stderr).toContain('/database/kind');
    expect((await legacyDb(['--source', source])).code).toBe(2);
  });
});
