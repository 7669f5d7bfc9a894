/**
 * `zhengzhao import` on the real hub, PostgreSQL and Kafka, as the civil-affairs bureau loads its
 * historical marriage registrations: 500 rows with 5 bad ones over Kafka (exit 3, the 5 listed in
 * the rejects file, 注销 rows become sealed status changes), a re-run that adds nothing, Ctrl-C
 * half way through and `--resume` with nothing missing or doubled, and a clerk verifying the
 * imported licences by printed number and type.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { runImport, type ImportResult, type RejectEntry } from '@zhengzhao/import';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CIVIL_AFFAIRS, MARRIAGE, marriageExport } from '../fixtures/import/marriage-export.js';
import { onboardDepartment, startHubOnKafka, type OnboardedDepartment } from '../support/connector-fixture.js';
import type { HubFixture } from '../support/hub-fixture.js';
import { builtCli, spawnBuilt } from '../support/hub-process.js';
import type { KafkaProbe } from '../support/kafka-probe.js';

const MAPPING = path.join(path.dirname(new URL(import.meta.url).pathname), '../fixtures/import/marriage-mapping.json');
const quiet = { out: () => {}, err: () => {}, tty: false };

describe('zhengzhao import on the real services', () => {
  let probe: KafkaProbe;
  let fixture: HubFixture;
  let civil: OnboardedDepartment;
  let clerkToken: string;

  const count = async (prefix: string) =>
    (await fixture.db.sql<{ n: number }[]>`select count(*)::int as n from licenses where number like ${`${prefix}%`}`)[0]?.n ?? 0;
  const historyCount = async (prefix: string) =>
    (
      await fixture.db.sql<
        { n: number }[]
      >`select count(*)::int as n from license_history h join licenses l on l.id = h.license_id where l.number like ${`${prefix}%`}`
    )[0]?.n ?? 0;
  const importFile = (file: string, extra: Record<string, unknown> = {}): Promise<ImportResult> =>
    runImport({ file, config: civil.config, mapping: MAPPING, ...extra }, quiet);
  const verify = async (number: string) => {
    const response = await fetch(`${fixture.hub.url}/v1/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ number, typeCode: MARRIAGE, purpose: { caseNo: 'XH-IMPORT-1' } }),
    });
    return (await response.json()) as { result: string; status: string };
  };

  beforeAll(async () => {
    ({ probe, fixture } = await startHubOnKafka());
    civil = await onboardDepartment(fixture, {
      ...CIVIL_AFFAIRS,
      licenseTypes: [MARRIAGE],
      kafka: { brokers: [probe.brokers], topicPrefix: probe.prefix },
    });
    clerkToken = await fixture.mintToken('clerk', CIVIL_AFFAIRS.uscc);
  });
  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
  });

  it('imports 500 rows with 5 bad ones over Kafka: exit 3, rejects listed, statuses sealed, a re-run adds nothing', async () => {
    const file = path.join(civil.dir, 'marriages-2001.csv');
    const exported = marriageExport(1, 495, true);
    writeFileSync(file, exported.text);

    const first = await importFile(file, { via: 'kafka' });
    expect(first.exitCode).toBe(3);
    expect(first.counts).toMatchObject({ rows: 500, accepted: 495, existing: 0, rejected: 5, statusApplied: 10 });
    const rejects = readFileSync(first.rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l) as RejectEntry);
    expect(rejects.map((r) => ({ line: r.line, code: r.code }))).toEqual(exported.badLines);
    expect(rejects.find((r) => r.code === 'ERR_CELL_VALUE')).toMatchObject({ pointer: '/issuedAt', column: '登记日期' });
    expect(rejects.find((r) => r.detail.includes('/number'))).toMatchObject({ pointer: '/number', column: '证号' });
    expect(await count('J431322-2001-')).toBe(495);
    const historyBefore = await historyCount('J431322-2001-');

    const again = await importFile(file, { via: 'http' });
    expect(again.exitCode).toBe(3);
    expect(again.counts).toMatchObject({ rows: 500, accepted: 0, existing: 495, rejected: 5, statusApplied: 0, statusExisting: 10 });
    expect(await count('J431322-2001-')).toBe(495);
    expect(await historyCount('J431322-2001-')).toBe(historyBefore);

    const cancelled = exported.rows.find((r) => r.status === 'cancelled')!;
    expect(await verify(cancelled.number)).toMatchObject({ result: 'invalid', status: 'cancelled' });
    for (const row of exported.rows.filter((r) => !r.status).slice(0, 20)) {
      expect(await verify(row.number), row.number).toMatchObject({ result: 'valid', status: 'valid' });
    }
  });

  it('Ctrl-C half way, then --resume: every row once, nothing missing', async () => {
    const file = path.join(civil.dir, 'marriages-2002.csv');
    const exported = marriageExport(2, 300);
    writeFileSync(file, exported.text);
    const args = ['import', file, '--config', civil.config, '--mapping', MAPPING, '--concurrency', '2'];

    const run = spawnBuilt(builtCli, args, {});
    for (let i = 0; i < 1200 && (await count('J431322-2002-')) < 100 && run.child.exitCode === null; i++) {
      await new Promise((r) => setTimeout(r, 50));
    }
    run.child.kill('SIGINT');
    expect(await run.exited, run.output()).toBe(1);
    expect(run.output()).toContain('--resume');
    const stored = await count('J431322-2002-');
    expect(stored).toBeGreaterThanOrEqual(100);
    expect(stored).toBeLessThan(300);
    const checkpoint = JSON.parse(readFileSync(`${file}.checkpoint.json`, 'utf8')) as { complete: boolean; settled: number };
    expect(checkpoint.complete).toBe(false);

    const resumed = spawnBuilt(builtCli, [...args, '--resume'], {});
    expect(await resumed.exited, resumed.output()).toBe(0);
    expect(resumed.output()).toMatch(/共 300 行/);
    expect(await count('J431322-2002-')).toBe(300);
    const [dupes] = await fixture.db.sql<{ n: number }[]>`
      select count(*)::int as n from (select number from licenses where number like 'J431322-2002-%' group by number having count(*) > 1) d`;
    expect(dupes?.n).toBe(0);
    expect(readFileSync(`${file}.rejects.jsonl`, 'utf8')).toBe('');
    for (const row of [exported.rows[0]!, exported.rows[150]!, exported.rows[299]!]) {
      expect(await verify(row.number)).toMatchObject({ result: 'valid' });
    }
  });
});
