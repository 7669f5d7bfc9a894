/**
 * Two hubs on one PostgreSQL, as the design runs them: what one instance changes — a revoked seal,
 * a rotated receipt key, a deactivated department — holds on the other by a change notice, not at its
 * next periodic reload (15 s), and no licence is ever accepted under a seal already revoked.
 */
import { randomBytes } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { until } from '../support/until.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const CIVIL = { uscc: '11431322006123460L', name: '新化县民政局' };
const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const purpose = { caseNo: 'XH2026120700123', serviceItem: '食品经营许可（变更）' };

/**
 * How long the other instance may take to act on a change notice. Unloaded it takes well under a
 * second; a loaded machine gets ten times that, still below the 15 s periodic reload, so a lost
 * notice would mostly show (and the receipt and row-MAC keys have no periodic reload at all).
 */
const NOTICE_MS = 10_000;

describe('two hub instances on one database', () => {
  let a: HubFixture;
  let b: RunningHub;
  let samr: EnrolledDepartment;
  let civil: EnrolledDepartment;
  let clerk: string;
  let number = 1;

  const onB = (method: string, url: string, token: string, body?: unknown, type = 'application/json') =>
    fetch(`${b.url}${url}`, {
      method,
      headers: { authorization: `Bearer ${token}`, ...(body === undefined ? {} : { 'content-type': type }) },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
  const publishOnB = (dept: EnrolledDepartment) =>
    onB(
      'POST',
      '/v1/licenses',
      dept.systemToken,
      dept.seal(examplePayload(FOOD_LICENSE, { uscc: dept.uscc, name: dept.name }, `JY2431322000${String(number++).padStart(4, '0')}`)),
      'application/jose',
    );

  beforeAll(async () => {
    const passphraseFile = path.join(mkdtempSync(path.join(tmpdir(), 'zz-passphrase-')), 'ca.passphrase');
    writeFileSync(passphraseFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    const shared = { ZZ_CA_PASSPHRASE_FILE: passphraseFile, ZZ_PUBLIC_URL: 'http://hub.county.test' };
    a = await startHubFixture(shared);
    b = await startHub(
      loadConfig({
        DATABASE_URL: a.db.url,
        ZZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zz-hub-')),
        PORT: '0',
        ZZ_DEMO: 'false',
        ZZ_INSTANCE_ID: 'hub-b',
        ...shared,
      }),
      silentLogger,
    );
    samr = await enrolDepartment(a, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    civil = await enrolDepartment(a, { ...CIVIL, licenseTypes: [FOOD_LICENSE] });
    await a.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    clerk = await a.mintToken('clerk', SERVICE_CENTRE.uscc);
    // B has loaded its CRL, seal statuses and rights before anything changes.
    const first = await publishOnB(samr);
    expect(first.status, await first.clone().text()).toBe(201);
    expect((await publishOnB(civil)).status).toBe(201);
  });
  afterAll(async () => {
    await b?.stop('test done');
    await a?.stop();
  });

  it('refuses on B a seal revoked through A, at once, and B serves the new CRL on the change notice', async () => {
    expect((await a.call('POST', `/v1/pki/certificates/${samr.sealSerial}/revoke`, { reason: 'keyCompromise' })).status).toBe(200);
    const refused = await publishOnB(samr);
    expect(refused.status).toBe(422);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_CERT_REVOKED');
    // The refusal is audited with its code, not only logged.
    const auditor = await a.mintToken('auditor');
    const audit = (await (await a.call('GET', '/v1/audit?action=license.publish.refused', undefined, auditor)).json()) as {
      items: { actor: string; result: string; target?: string | null }[];
    };
    expect(audit.items).toEqual([expect.objectContaining({ result: 'ERR_CERT_REVOKED', actor: expect.stringMatching(/^token:/) })]);
    const crlOnA = Buffer.from(await (await fetch(`${a.hub.url}/v1/pki/crl`)).arrayBuffer());
    await until(
      'the new CRL on B',
      async () => Buffer.from(await (await fetch(`${b.url}/v1/pki/crl`)).arrayBuffer()).equals(crlOnA),
      NOTICE_MS,
    );
  });

  it('refuses on B a seal suspended through A', async () => {
    expect((await a.call('POST', `/v1/pki/certificates/${civil.sealSerial}/suspend`)).status).toBe(200);
    const refused = await publishOnB(civil);
    expect(((await refused.json()) as { code: string }).code).toBe('ERR_CERT_SUSPENDED');
    expect((await a.call('POST', `/v1/pki/certificates/${civil.sealSerial}/release`)).status).toBe(200);
    await until('B to accept the released seal', async () => (await publishOnB(civil)).status === 201, NOTICE_MS);
  });

  it('verifies on B a receipt signed on A with a key rotated on A', async () => {
    const rotated = await a.call('POST', '/v1/receipts/keys/rotate');
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    const licence = (await (await publishOnB(civil)).json()) as { id: string };
    const answer = (await (await a.call('POST', '/v1/verifications', { licenseId: licence.id, purpose }, clerk)).json()) as {
      receipt: string;
    };
    expect(JSON.parse(Buffer.from(answer.receipt.split('.')[0] as string, 'base64url').toString()).kid).toBe(kid);
    await until(
      "the rotated key in B's JWKS",
      async () => {
        const jwks = (await (await fetch(`${b.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
        return jwks.keys[0]?.kid === kid;
      },
      NOTICE_MS,
    );
    const checked = (await (await onB('POST', '/v1/receipts/verify', '', { receipt: answer.receipt })).json()) as { valid: boolean };
    expect(checked.valid).toBe(true);
  });

  it('verifies on B at once a licence MACed on A under a row key rotated on A, and B MACs with it on the change notice', async () => {
    const rotated = await a.call('POST', '/v1/licenses/integrity-keys/rotate');
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    const published = await fetch(`${a.hub.url}/v1/licenses`, {
      method: 'POST',
      // SAMR's seal was revoked above; the civil affairs bureau's is valid again.
      headers: { authorization: `Bearer ${civil.systemToken}`, 'content-type': 'application/jose' },
      body: civil.seal(examplePayload(FOOD_LICENSE, CIVIL, `JY2431322000${String(number++).padStart(4, '0')}`)),
    });
    expect(published.status).toBe(201);
    const { id } = (await published.json()) as { id: string };
    const onA = (await a.db.sql<{ mac_kid: string }[]>`select mac_kid from licenses where id = ${id}`)[0];
    expect(onA?.mac_kid).toBe(kid);
    const verified = (await (await onB('POST', '/v1/verifications', clerk, { licenseId: id, purpose })).json()) as {
      result: string;
      checks: { integrity: { ok: boolean } };
    };
    expect(verified).toMatchObject({ result: 'valid', checks: { integrity: { ok: true } } });
    await until(
      'B to MAC under the rotated key',
      async () => {
        const { id: onB } = (await (await publishOnB(civil)).json()) as { id: string };
        return (await a.db.sql<{ mac_kid: string }[]>`select mac_kid from licenses where id = ${onB}`)[0]?.mac_kid === kid;
      },
      NOTICE_MS,
    );
  });

  it('refuses on B, on the change notice, the old tokens of a department deactivated through A', async () => {
    const civilClerk = await a.mintToken('clerk', CIVIL.uscc);
    expect((await onB('POST', '/v1/verifications', civilClerk, { number: 'JY24313220009999', purpose })).status).not.toBe(403);
    expect((await a.call('PATCH', `/v1/departments/${CIVIL.uscc}`, { active: false })).status).toBe(200);
    await until('B to refuse the deactivated department', async () => (await publishOnB(civil)).status === 403, NOTICE_MS);
    const published = await publishOnB(civil);
    expect(((await published.json()) as { code: string }).code).toBe('ERR_DEPARTMENT_INACTIVE');
    const verified = await onB('POST', '/v1/verifications', civilClerk, { number: 'JY24313220009999', purpose });
    expect(verified.status).toBe(403);
    expect(((await verified.json()) as { code: string }).code).toBe('ERR_DEPARTMENT_INACTIVE');
  });
});
