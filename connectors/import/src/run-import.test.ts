/**
 * The import's bookkeeping against a scripted hub: exit codes, a failure that stops everything
 * (a revoked seal) followed by `--resume` with nothing missed or doubled, and a checkpoint that
 * refuses to resume a changed file. The real hub, PostgreSQL and Kafka are in test/connectors.
 */
import { generateKeyPairSync } from 'node:crypto';
import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { contractsFromDirectory, HubRefusalError, type HubClient, type SealedLicense } from '@zhengzhao/sdk';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../../src/config/package-root.js';
import { runImport } from './run-import.js';

const contracts = contractsFromDirectory(packagePath('schemas'));
const example = JSON.parse(readFileSync(packagePath('schemas', 'licenses', 'food-business-license.json'), 'utf8')).examples[0];
const io = { out: () => {}, err: () => {}, tty: false };

function scriptedHub(stored: Map<string, number>, failAt?: number) {
  let calls = 0;
  const hub = {
    config: {
      file: 'connector.json',
      hub: 'https://hub.test',
      department: example.issuer.uscc,
      system: {},
      seal: {
        privateKey: generateKeyPairSync('ec', { namedCurve: 'P-256' }).privateKey,
        algorithm: 'ES256',
        x5c: ['AAAA'],
        chain: [{ subject: 'C=CN\nO=新化县市场监督管理局' }],
      },
    },
    contracts: async () => contracts,
    async publish(licence: SealedLicense) {
      if (++calls === failAt) throw new HubRefusalError('ERR_CERT_REVOKED', 'the seal certificate is revoked', 422);
      await new Promise((r) => setTimeout(r, 1));
      const created = !stored.has(licence.licenseId);
      stored.set(licence.licenseId, (stored.get(licence.licenseId) ?? 0) + (created ? 1 : 0));
      return { id: licence.licenseId, created };
    },
    changeStatus: async () => ({ id: 'x', status: 'revoked', applied: true }),
    close: async () => {},
  };
  return hub as unknown as HubClient;
}

function exportFile(count: number, badLine?: number): string {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-import-'));
  const file = path.join(dir, 'food.jsonl');
  const lines = Array.from({ length: count }, (_, i) => {
    const row = { ...example, number: `JY2431322${String(i).padStart(7, '0')}` };
    if (i + 1 === badLine) delete row.number;
    return JSON.stringify(row);
  });
  writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

describe('runImport', () => {
  it('exit 0 when every row is accepted, and a re-run finds them all present', async () => {
    const stored = new Map<string, number>();
    const file = exportFile(20);
    expect(await runImport({ file, config: '-', hub: scriptedHub(stored) }, io)).toMatchObject({
      exitCode: 0,
      counts: { rows: 20, accepted: 20 },
    });
    expect(await runImport({ file, config: '-', hub: scriptedHub(stored) }, io)).toMatchObject({
      exitCode: 0,
      counts: { accepted: 0, existing: 20 },
    });
  });

  it('a revoked seal stops the import (exit 1); --resume finishes it with nothing missed or doubled', async () => {
    const stored = new Map<string, number>();
    const file = exportFile(40, 7);
    const errors: string[] = [];
    const stopped = await runImport(
      { file, config: 'connector.json', hub: scriptedHub(stored, 20), concurrency: 4 },
      { ...io, err: (l) => errors.push(l) },
    );
    expect(stopped.exitCode).toBe(1);
    expect(stopped.failure).toMatch(/ERR_CERT_REVOKED.*\/seal\/cert.*--resume/);
    expect(errors.join('\n')).toContain('导入未完成');
    const checkpoint = JSON.parse(readFileSync(`${file}.checkpoint.json`, 'utf8'));
    expect(checkpoint).toMatchObject({ complete: false });
    expect(checkpoint.settled).toBeLessThan(40);

    const resumed = await runImport({ file, config: 'connector.json', hub: scriptedHub(stored), resume: true, concurrency: 4 }, io);
    expect(resumed).toMatchObject({ exitCode: 3, counts: { rows: 40, rejected: 1 } });
    expect(resumed.counts.accepted + resumed.counts.existing).toBe(39);
    expect(stored.size).toBe(39);
    expect([...stored.values()].every((n) => n === 1)).toBe(true);
    const rejects = readFileSync(resumed.rejectsFile, 'utf8')
      .trim()
      .split('\n')
      .map((l) => JSON.parse(l));
    expect(rejects).toEqual([expect.objectContaining({ line: 7, code: 'ERR_VALIDATION', pointer: '/number', stage: 'licence' })]);
  });

  it('reads ahead of the hub only as far as the window: rows wait for answers, none lost', async () => {
    const file = exportFile(60);
    const waiting: (() => void)[] = [];
    let inFlight = 0;
    let most = 0;
    const hub = scriptedHub(new Map());
    const publish = hub.publish.bind(hub);
    hub.publish = async (licence, options) => {
      most = Math.max(most, ++inFlight);
      await new Promise<void>((resolve) => waiting.push(resolve));
      inFlight--;
      return publish(licence, options);
    };
    const running = runImport({ file, config: '-', hub, concurrency: 8 }, io);
    for (let answered = 0; answered < 60;) {
      await new Promise((r) => setImmediate(r));
      const answers = waiting.splice(0, 3);
      answers.forEach((answer) => answer());
      answered += answers.length;
    }
    expect(await running).toMatchObject({ exitCode: 0, counts: { rows: 60, accepted: 60 } });
    expect(most).toBe(8);
  });

  it('refuses to resume a file that changed since its checkpoint', async () => {
    const file = exportFile(5);
    await runImport({ file, config: '-', hub: scriptedHub(new Map(), 3) }, io);
    appendFileSync(file, `${JSON.stringify(example)}\n`);
    await expect(runImport({ file, config: '-', hub: scriptedHub(new Map()), resume: true }, io)).rejects.toMatchObject({
      code: 'ERR_CHECKPOINT_MISMATCH',
    });
  });
});
