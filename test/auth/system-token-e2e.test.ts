import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { importPKCS8, SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { pemToX5c } from '../../src/pki/jws/sealed-jws-signer.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';

const DEPARTMENT = '114313220061234566';

describe('a department system authenticates with its system certificate (embedded hub wiring)', () => {
  let fixture: HubFixture;
  let serial: string;
  let x5c: string[];
  let key: Awaited<ReturnType<typeof importPKCS8>>;
  const work = mkdtempSync(path.join(tmpdir(), 'zz-system-'));

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(DEPARTMENT, '新化县市场监督管理局');
    execFileSync('openssl', ['genpkey', '-algorithm', 'EC', '-pkeyopt', 'ec_paramgen_curve:P-256', '-out', 'key.pem'], { cwd: work });
    execFileSync('openssl', ['req', '-new', '-key', 'key.pem', '-subj', '/CN=x', '-out', 'req.csr'], { cwd: work });
    const issued = (await (
      await fixture.call('POST', '/v1/pki/certificates', {
        csr: readFileSync(path.join(work, 'req.csr'), 'utf8'),
        profile: 'system',
        department: DEPARTMENT,
        system: { name: '食品经营许可审批系统' },
      })
    ).json()) as { serial: string; certificate: string; chain: string };
    serial = issued.serial;
    x5c = pemToX5c(issued.certificate + issued.chain).slice(0, 2);
    key = await importPKCS8(readFileSync(path.join(work, 'key.pem'), 'utf8'), 'ES256');
  });
  afterAll(async () => fixture?.stop());

  const assertion = (claims: Record<string, unknown> = {}) =>
    new SignJWT({ jti: randomUUID(), ...claims })
      .setProtectedHeader({ alg: 'ES256', typ: 'JWT', x5c })
      .setIssuer(DEPARTMENT)
      .setSubject(DEPARTMENT)
      .setAudience(`${fixture.hub.url}/v1/auth/token`)
      .setIssuedAt()
      .setExpirationTime('2m')
      .sign(key);

  const requestToken = async (clientAssertion: string) =>
    fetch(`${fixture.hub.url}/v1/auth/token`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
      body: new URLSearchParams({
        grant_type: 'client_credentials',
        client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
        client_assertion: clientAssertion,
      }),
    });

  it('exchanges a client assertion for an access token and uses it; the same assertion is refused twice', async () => {
    const signed = await assertion();
    const response = await requestToken(signed);
    expect(response.status).toBe(200);
    const body = (await response.json()) as { access_token: string; token_type: string; expires_in: number };
    expect(body).toMatchObject({ token_type: 'Bearer', expires_in: 900 });
    const departments = await fixture.call('GET', '/v1/departments', undefined, body.access_token);
    expect(departments.status).toBe(200);
    // A system may not act as a security admin.
    expect(
      (await fixture.call('POST', '/v1/departments', { uscc: '91350100M000100Y43', name: 'x', level: 'county' }, body.access_token)).status,
    ).toBe(403);
    const replay = await requestToken(signed);
    expect(replay.status).toBe(401);
    expect(await replay.json()).toMatchObject({ code: 'ERR_ASSERTION_REPLAYED' });
  });

  it('refuses tokens of a revoked certificate at once, and new assertions too', async () => {
    const { access_token } = (await (await requestToken(await assertion())).json()) as { access_token: string };
    expect((await fixture.call('POST', `/v1/pki/certificates/${serial}/revoke`, { reason: 'keyCompromise' })).status).toBe(200);
    const refused = await fixture.call('GET', '/v1/departments', undefined, access_token);
    expect(refused.status).toBe(401);
    expect(await refused.json()).toMatchObject({ code: 'ERR_ACCESS_TOKEN_REVOKED' });
    const again = await requestToken(await assertion());
    expect(again.status).toBe(422);
    expect(await again.json()).toMatchObject({ code: 'ERR_CERT_REVOKED' });
    // Both refusals are in the audit, not only in the log: the replayed jti and the revoked certificate.
    const refusals = await fixture.db.sql<{ result: string }[]>`
      select result from audit_log where action = 'token.system.refused' order by id`;
    expect(refusals.map((r) => r.result)).toEqual(['ERR_ASSERTION_REPLAYED', 'ERR_CERT_REVOKED']);
  });
});
