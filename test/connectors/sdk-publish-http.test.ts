/**
 * The SDK against a real hub on PostgreSQL over HTTP: a department that has only its connector.json
 * publishes, republishes, changes status and verifies; contract errors stop before sealing.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { ImportFailure, runImport } from '@zhengzhao/import';
import { createHubClient, ContractViolationError, HubRefusalError, loadConnectorConfig, type HubClient } from '@zhengzhao/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { onboardDepartment } from '../support/connector-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };

describe('connector SDK over HTTP on the real hub', () => {
  let fixture: HubFixture;
  let hub: HubClient;
  let clerkToken: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    const samr = await onboardDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    hub = createHubClient(loadConnectorConfig(samr.config));
    clerkToken = await fixture.mintToken('clerk', SAMR.uscc);
  });
  afterAll(async () => {
    await hub?.close();
    await fixture?.stop();
  });

  it('publishes a licence, and publishing it again (even re-sealed) adds nothing', async () => {
    const payload = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002001') as never;
    const first = await hub.publish(payload);
    expect(first).toMatchObject({ id: expect.stringContaining('.JY24313220002001.001.'), status: 'valid', version: 1, created: true });
    const sealed = await hub.sealLicense(payload);
    expect(sealed.licenseId).toBe(first.id);
    expect(await hub.publish(sealed)).toMatchObject({ id: first.id, created: false });
    expect(await hub.publish(sealed)).toMatchObject({ id: first.id, created: false });
    const [row] = await fixture.db.sql<{ n: number }[]>`select count(*)::int as n from licenses where id = ${first.id}`;
    expect(row?.n).toBe(1);
  });

  it('refuses a payload against the contract before sealing, naming the field', async () => {
    const payload = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002002');
    delete payload.validUntil;
    payload.number = 'not a JY number';
    const error = await hub.publish(payload as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ContractViolationError);
    expect((error as ContractViolationError).errors.map((e) => e.pointer).sort()).toEqual(['/number', '/validUntil']);
  });

  it('surfaces a hub refusal with its code: another department as issuer', async () => {
    const payload = examplePayload(FOOD_LICENSE, { uscc: '91350100M000100Y43', name: '别的部门' }, 'JY24313220002003');
    const error = await hub.publish(payload as never).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(HubRefusalError);
    expect((error as HubRefusalError).code).toMatch(/^ERR_(ISSUER_MISMATCH|NO_ISSUING_RIGHT)$/);
  });

  it('revokes by type and number, again without effect, and a clerk sees it revoked', async () => {
    await hub.publish(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002004') as never);
    const ref = { typeCode: FOOD_LICENSE, number: 'JY24313220002004' };
    const revoked = await hub.changeStatus(ref, { status: 'revoked', reason: '依法吊销' });
    expect(revoked).toMatchObject({ status: 'revoked', applied: true });
    expect(await hub.changeStatus(ref, { status: 'revoked', reason: '依法吊销' })).toMatchObject({ status: 'revoked', applied: false });
    const answer = await fetch(`${fixture.hub.url}/v1/verifications`, {
      method: 'POST',
      headers: { authorization: `Bearer ${clerkToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ ...ref, purpose: { caseNo: 'XH-SDK-1' } }),
    });
    expect(await answer.json()).toMatchObject({ result: 'invalid', status: 'revoked' });
  });

  it('changes the status of the version in force when a licence named by type and number was replaced', async () => {
    const first = await hub.publish(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002006') as never);
    const replacement = await hub.publish({ ...examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002006'), replaces: first.id } as never);
    expect(replacement.id).not.toBe(first.id);
    const revoked = await hub.changeStatus(
      { typeCode: FOOD_LICENSE, number: 'JY24313220002006' },
      { status: 'revoked', reason: '依法吊销' },
    );
    expect(revoked).toMatchObject({ id: replacement.id, status: 'revoked', applied: true });
  });

  it('verifies by number through the SDK as a system', async () => {
    const published = await hub.publish(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002005') as never);
    const answer = await hub.verify({ number: 'JY24313220002005', typeCode: FOOD_LICENSE, purpose: { caseNo: 'XH-SDK-2' } });
    expect(answer).toMatchObject({ result: 'valid', status: 'valid', checks: { integrity: { ok: true } } });
    expect(answer.receipt.split('.')).toHaveLength(3);
    expect(published.id).toContain('JY24313220002005');
  });
});

describe('revoked certificates stop a department at the first call, with the config field named', () => {
  let fixture: HubFixture;
  beforeAll(async () => {
    fixture = await startHubFixture();
  });
  afterAll(async () => fixture?.stop());

  const jsonl = (dir: string, numbers: string[]) => {
    const file = path.join(dir, 'food.jsonl');
    writeFileSync(file, numbers.map((n) => JSON.stringify(examplePayload(FOOD_LICENSE, SAMR, n))).join('\n'));
    return file;
  };

  it('a revoked seal: publish is refused with the hub code, and an import stops (exit 1) naming /seal/cert', async () => {
    const samr = await onboardDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    const revoked = await fixture.call('POST', `/v1/pki/certificates/${samr.sealSerial}/revoke`, { reason: 'keyCompromise' });
    expect(revoked.status).toBe(200);
    const hub = createHubClient(loadConnectorConfig(samr.config));
    const refusal = await hub.publish(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220004001') as never).catch((e: unknown) => e);
    expect(refusal).toBeInstanceOf(HubRefusalError);
    expect((refusal as HubRefusalError).code).toMatch(/^ERR_(CERT|SEAL)_/);
    const result = await runImport(
      { file: jsonl(samr.dir, ['JY24313220004002', 'JY24313220004003']), config: samr.config },
      { out: () => {}, err: () => {}, tty: false },
    );
    expect(result.exitCode).toBe(1);
    expect(result.failure).toContain('/seal/cert');
    expect(result.failure).toContain('--resume');
  });

  it('a revoked system certificate: no access token, so the import never starts', async () => {
    const civil = await onboardDepartment(fixture, { uscc: '11431322006123460L', name: '新化县民政局', licenseTypes: [] });
    await fixture.call('POST', `/v1/pki/certificates/${civil.systemSerial}/revoke`, { reason: 'keyCompromise' });
    const failure = await runImport(
      { file: jsonl(civil.dir, ['JY24313220004004']), config: civil.config },
      { out: () => {}, err: () => {}, tty: false },
    ).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(ImportFailure);
    expect(failure).toMatchObject({ code: expect.stringMatching(/^ERR_CERT_/), message: expect.stringContaining('/system/cert') });
  });
});
