import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { expectProblem } from '../support/problem-body.js';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };
const MARRIAGE = '111000000000134056001';
const CIVIL = { uscc: '11431322006123460L', name: '新化县民政局' };

describe('online verification for a case', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let clerk: string;
  let validId: string;
  let revokedId: string;

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    clerk = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    validId = await publish('JY24313220002001');
    revokedId = await publish('JY24313220002002');
    await fetch(`${fixture.hub.url}/v1/licenses/${revokedId}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(
        { licenseId: revokedId, status: 'revoked', reason: '依法吊销', effectiveAt: new Date().toISOString() },
        'zz-license-status+jws',
      ),
    });
  });
  afterAll(async () => fixture?.stop());

  /** Publishes a food licence of `number` sealed by `issuer` (SAMR by default); its identifier. */
  const publish = async (number: string, issuer: EnrolledDepartment = samr) => {
    const response = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${issuer.systemToken}`, 'content-type': 'application/jose' },
      body: issuer.seal(examplePayload(FOOD_LICENSE, { uscc: issuer.uscc, name: issuer.name }, number)),
    });
    expect(response.status).toBe(201);
    return ((await response.json()) as { id: string }).id;
  };

  const verify = (body: unknown, token = clerk) => fixture.call('POST', '/v1/verifications', body, token);
  const purpose = { caseNo: 'XH2026112400123', serviceItem: '食品经营许可（变更）' };

  it('answers four checks, a masked holder name and a receipt that verifies offline against the JWKS', async () => {
    const response = await verify({ licenseId: validId, holder: { id: '92431322MA4L0ABC15' }, purpose });
    expect(response.status).toBe(200);
    const answer = (await response.json()) as {
      result: string;
      status: string;
      checks: Record<string, { ok: boolean }>;
      license: { holder: { name: string; id?: string }; data?: unknown };
      receipt: string;
    };
    expect(answer.result).toBe('valid');
    expect(answer.status).toBe('valid');
    expect(Object.keys(answer.checks).sort()).toEqual(['holder', 'integrity', 'issuer', 'status']);
    expect(Object.values(answer.checks).every((c) => c.ok)).toBe(true);
    expect(answer.license.holder).toEqual({ name: '新******馆' });
    expect(answer.license.data).toBeUndefined();
    const jwks = await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json();
    const { payload } = await jwtVerify(answer.receipt, createLocalJWKSet(jwks as never), { algorithms: ['EdDSA'], typ: 'zz-receipt+jwt' });
    expect(payload).toMatchObject({ sub: validId, result: 'valid', caseNo: purpose.caseNo, department: SERVICE_CENTRE.uscc });
    expect(payload.jti).toBeTruthy();
    const checked = (await (
      await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt: answer.receipt }),
      })
    ).json()) as { valid: boolean };
    expect(checked.valid).toBe(true);
  });

  it('does not verify a forged receipt', async () => {
    const answer = (await (await verify({ licenseId: revokedId, purpose })).json()) as { receipt: string };
    const [h, p, s] = answer.receipt.split('.') as [string, string, string];
    const claims = JSON.parse(Buffer.from(p, 'base64url').toString());
    const forged = `${h}.${Buffer.from(JSON.stringify({ ...claims, result: 'valid' })).toString('base64url')}.${s}`;
    const checked = (await (
      await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({ receipt: forged }),
      })
    ).json()) as { valid: boolean; code: string };
    expect(checked).toMatchObject({ valid: false, code: 'ERR_RECEIPT_SIGNATURE_INVALID' });
  });

  it('reports a revoked licence as invalid with status revoked', async () => {
    const answer = (await (await verify({ licenseId: revokedId, purpose })).json()) as {
      result: string;
      status: string;
      checks: Record<string, { ok: boolean; code?: string }>;
    };
    expect(answer).toMatchObject({ result: 'invalid', status: 'revoked' });
    expect(answer.checks.status).toEqual({ ok: false, code: 'ERR_LICENSE_REVOKED', detail: expect.any(String) });
    expect(answer.checks.integrity?.ok).toBe(true);
  });

  it('is not valid when the holder does not match, and never reveals the stored holder', async () => {
    const response = await verify({ licenseId: validId, holder: { id: '91350100M000100Y43' }, purpose });
    const text = await response.text();
    expect(JSON.parse(text)).toMatchObject({ result: 'invalid', checks: { holder: { ok: false, code: 'ERR_HOLDER_MISMATCH' } } });
    expect(text).not.toContain('92431322MA4L0ABC15');
  });

  it('needs a purpose, and checks the identifier check character first', async () => {
    const noPurpose = await verify({ licenseId: validId });
    expect(noPurpose.status).toBe(422);
    expect(await noPurpose.json()).toMatchObject({ code: 'ERR_VALIDATION', errors: [expect.objectContaining({ pointer: '/purpose' })] });
    const wrongCheck = validId.slice(0, -1) + (validId.endsWith('A') ? 'B' : 'A');
    const bad = await verify({ licenseId: wrongCheck, purpose });
    expect(bad.status).toBe(422);
    expect(await bad.json()).toMatchObject({ code: 'ERR_LICENSE_ID_INVALID', expected: validId.slice(-1) });
  });

  it('finds by printed number, and says not_found for an unknown one', async () => {
    const byNumber = (await (await verify({ number: 'JY24313220002001', typeCode: FOOD_LICENSE, purpose })).json()) as {
      result: string;
      license: { id: string };
    };
    expect(byNumber).toMatchObject({ result: 'valid', license: { id: validId } });
    const missing = (await (await verify({ number: 'JY24313229999999', purpose })).json()) as { result: string; receipt: string };
    expect(missing.result).toBe('not_found');
    expect(missing.receipt).toBeTruthy();
  });

  it('refuses a printed number two issuers share unless the type says which, naming the candidates', async () => {
    const other = { uscc: '11431322MB1E48273Y', name: '新化县行政审批服务局' };
    const second = await enrolDepartment(fixture, { ...other, licenseTypes: [FOOD_LICENSE] });
    await publish('JY24313220002001', second);
    await expectProblem(
      await verify({ number: 'JY24313220002001', purpose }, samr.systemToken),
      { status: 409, title: 'Conflict', code: 'ERR_LICENSE_AMBIGUOUS', instance: '/v1/verifications' },
      {
        candidates: expect.arrayContaining([
          { typeCode: FOOD_LICENSE, issuer: SAMR.uscc },
          { typeCode: FOOD_LICENSE, issuer: other.uscc },
        ]),
      },
    );
  });

  it('shows the issuing department everything', async () => {
    const answer = (await (await verify({ licenseId: validId, purpose }, samr.systemToken)).json()) as {
      license: { holder: { id: string }; data: unknown };
    };
    expect(answer.license.holder.id).toBe('92431322MA4L0ABC15');
    expect(answer.license.data).toBeTruthy();
  });

  it('reports integrity not ok when the stored JWS or its digest is altered in the database behind the hub', async () => {
    // The issuer sees its full record, read from the JWS the row's MAC vouches for (by its digest).
    const swappedId = await publish('JY24313220002101');
    const editedId = await publish('JY24313220002102');
    const digestId = await publish('JY24313220002103');
    const [other] = await fixture.db.sql<{ jws: string }[]>`select jws from licenses where id = ${validId}`;
    await fixture.db.sql`update licenses set jws = ${other!.jws} where id = ${swappedId}`;
    const [edited] = await fixture.db.sql<{ jws: string }[]>`select jws from licenses where id = ${editedId}`;
    const [h, p, s] = edited!.jws.split('.') as [string, string, string];
    const payload = { ...JSON.parse(Buffer.from(p, 'base64url').toString()), validUntil: '2099-12-31' };
    await fixture.db
      .sql`update licenses set jws = ${`${h}.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.${s}`} where id = ${editedId}`;

    await fixture.db.sql`update licenses set digest = ${'0'.repeat(64)} where id = ${digestId}`;

    const integrityOf = async (licenseId: string, deep = false) => {
      const response = await fixture.call('POST', `/v1/verifications${deep ? '?deep=true' : ''}`, { licenseId, purpose }, samr.systemToken);
      expect(response.status).toBe(200);
      return (await response.json()) as { result: string; checks: Record<string, { ok: boolean; code?: string; detail?: string }> };
    };
    // Another licence's genuine JWS: the seal holds, but it is not the record's.
    expect(await integrityOf(swappedId)).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED', detail: expect.any(String) } },
    });
    expect(await integrityOf(digestId)).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED', detail: expect.any(String) } },
    });
    expect(await integrityOf(editedId)).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED', detail: expect.any(String) } },
    });
    // A deep check re-verifies the seal itself.
    expect(await integrityOf(editedId, true)).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_JWS_SIGNATURE_INVALID', detail: expect.any(String) } },
    });
  });

  it('passes a genuine presented JWS and fails a forged one; accepts the QR form', async () => {
    const stored = (await (await fixture.call('GET', `/v1/licenses/${validId}`, undefined, samr.systemToken)).json()) as { jws: string };
    const present = (body: string, type = 'application/jose') =>
      fetch(`${fixture.hub.url}/v1/verifications/presented?caseNo=XH1`, {
        method: 'POST',
        headers: { authorization: `Bearer ${clerk}`, 'content-type': type },
        body,
      });
    const genuine = (await (await present(stored.jws)).json()) as { result: string; checks: Record<string, { ok: boolean }> };
    expect(genuine.result).toBe('valid');
    expect(genuine.checks).toMatchObject({ integrity: { ok: true }, issuer: { ok: true }, known: { ok: true }, status: { ok: true } });
    const [h, , s] = stored.jws.split('.');
    const forgedPayload = { ...examplePayload(FOOD_LICENSE, SAMR, 'JY24313220002001'), validUntil: '2099-12-31' };
    const forged = (await (await present(`${h}.${Buffer.from(JSON.stringify(forgedPayload)).toString('base64url')}.${s}`)).json()) as {
      result: string;
      checks: Record<string, { ok: boolean; code?: string }>;
    };
    expect(forged.result).toBe('invalid');
    expect(forged.checks.integrity).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_INVALID' });
    const { createHash } = await import('node:crypto');
    const qr = `ZZ1:${validId}:${createHash('sha256').update(stored.jws).digest('hex')}`;
    expect(((await (await present(qr, 'text/plain')).json()) as { result: string }).result).toBe('valid');
    expect((await present(stored.jws.slice(0, 20), 'application/jose')).status).toBe(200);
  });

  it('keeps personal ID numbers out of the audit and lets only auditors read it', async () => {
    const civil = await enrolDepartment(fixture, { ...CIVIL, licenseTypes: [MARRIAGE] });
    const payload = examplePayload(MARRIAGE, CIVIL);
    const published = await fetch(`${fixture.hub.url}/v1/licenses`, {
      method: 'POST',
      headers: { authorization: `Bearer ${civil.systemToken}`, 'content-type': 'application/jose' },
      body: civil.seal(payload),
    });
    expect(published.status).toBe(201);
    const { id } = (await published.json()) as { id: string };
    const holderId = (payload.holder as { id: string }).id;
    await verify({ licenseId: id, holder: { id: holderId }, purpose: { caseNo: 'XH-MARRIAGE-1' } });
    const auditor = await fixture.mintToken('auditor');
    const audit = await fixture.call('GET', '/v1/audit?caseNo=XH-MARRIAGE-1', undefined, auditor);
    expect(audit.status).toBe(200);
    const text = await audit.text();
    expect(text).toContain('XH-MARRIAGE-1');
    expect(text).not.toContain(holderId);
    const [row] = await fixture.db.sql<
      { hits: number }[]
    >`select count(*)::int as hits from audit_log where details::text like ${`%${holderId}%`} or target like ${`%${holderId}%`}`;
    expect(row?.hits).toBe(0);
    expect((await fixture.call('GET', '/v1/audit', undefined, clerk)).status).toBe(403);
    const chain = (await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as { ok: boolean };
    expect(chain.ok).toBe(true);
  });

  it('rate-limits the presented path too, with 429 and Retry-After', async () => {
    const presenter = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    const burst = await Promise.all(
      Array.from({ length: 80 }, () =>
        fetch(`${fixture.hub.url}/v1/verifications/presented?caseNo=XH-PRESENTED-BURST`, {
          method: 'POST',
          headers: { authorization: `Bearer ${presenter}`, 'content-type': 'application/jose' },
          body: 'not.a.jws',
        }),
      ),
    );
    expect(burst.filter((r) => r.status === 200).length).toBeGreaterThan(0);
    const limited = burst.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited?.json()).toMatchObject({ code: 'ERR_VERIFICATION_RATE_LIMITED' });
  });

  it('refuses holder guessing with 429 after repeated misses, even for the right holder, and raises the enumeration alert', async () => {
    const guesser = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    const alerts = async () =>
      Number(
        /^zz_verification_enumeration_alerts(?:\{[^}]*\})? (\d+)$/m.exec(await (await fetch(`${fixture.hub.url}/metrics`)).text())?.[1],
      );
    const alertsBefore = await alerts();
    const guesses: number[] = [];
    for (let i = 0; i < 10; i++) {
      const wrong = `92431322MA4L0ABC${String(20 + i).padStart(2, '0')}`;
      const response = await verify({ licenseId: validId, holder: { id: wrong }, purpose }, guesser);
      guesses.push(response.status);
      expect(await response.json()).toMatchObject({ checks: { holder: { ok: false, code: 'ERR_HOLDER_MISMATCH' } } });
    }
    expect(guesses.every((status) => status === 200)).toBe(true);
    const right = await verify({ licenseId: validId, holder: { id: '92431322MA4L0ABC15' }, purpose }, guesser);
    expect(right.status).toBe(429);
    expect(Number(right.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    const problem = await right.text();
    expect(JSON.parse(problem)).toMatchObject({ code: 'ERR_HOLDER_CHECKS_LIMITED' });
    expect(problem).not.toContain('"ok":true');
    expect(await alerts()).toBe(alertsBefore + 1);
    // Verifying without a holder check stays open to the same clerk.
    expect((await verify({ licenseId: validId, purpose }, guesser)).status).toBe(200);
  });

  it("answers another department's reader the same for an existing licence and an unknown identifier", async () => {
    const unknownId = validId.replace(/\.001\.[0-9A-Z]$/, '.009.A');
    const read = async (id: string) => {
      const response = await fixture.call('GET', `/v1/licenses/${id}`, undefined, clerk);
      const body = (await response.json()) as Record<string, unknown>;
      return { status: response.status, body: JSON.stringify({ ...body, requestId: undefined }).replaceAll(id, '<id>') };
    };
    const [existing, unknown] = [await read(validId), await read(unknownId)];
    expect(existing.status).toBe(404);
    expect(existing).toEqual(unknown);
    expect(existing.body).toContain('ERR_LICENSE_NOT_FOUND');
    expect((await fixture.call('GET', `/v1/licenses/${validId}`, undefined, samr.systemToken)).status).toBe(200);
  });

  it('rotates the receipt key as a security admin only, keeps old receipts verifying, and audits the rotation', async () => {
    const before = (await (await verify({ licenseId: validId, purpose })).json()) as { receipt: string };
    const oldKids = ((await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] }).keys.map(
      (k) => k.kid,
    );
    expect((await fixture.call('POST', '/v1/receipts/keys/rotate', undefined, clerk)).status).toBe(403);
    const rotated = await fixture.call('POST', '/v1/receipts/keys/rotate');
    expect(rotated.status).toBe(200);
    const { kid } = (await rotated.json()) as { kid: string };
    const jwks = (await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json()) as { keys: { kid: string }[] };
    expect(jwks.keys.map((k) => k.kid)).toEqual([kid, oldKids[0]]);
    const checkReceipt = async (receipt: string) =>
      (await (
        await fetch(`${fixture.hub.url}/v1/receipts/verify`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ receipt }),
        })
      ).json()) as { valid: boolean; kid?: string };
    expect(await checkReceipt(before.receipt)).toMatchObject({ valid: true, kid: oldKids[0] });
    const after = (await (await verify({ licenseId: validId, purpose })).json()) as { receipt: string };
    expect(await checkReceipt(after.receipt)).toMatchObject({ valid: true, kid });
    const auditor = await fixture.mintToken('auditor');
    const audit = (await (await fixture.call('GET', '/v1/audit?action=receipt-key.rotate', undefined, auditor)).json()) as {
      items: { action: string; target: string; role: string }[];
    };
    expect(audit.items).toEqual([expect.objectContaining({ action: 'receipt-key.rotate', target: kid, role: 'security-admin' })]);
  });

  it('rate-limits one user with 429 and Retry-After', async () => {
    const burst = await Promise.all(Array.from({ length: 200 }, () => verify({ licenseId: validId, purpose })));
    const limited = burst.find((r) => r.status === 429);
    expect(limited).toBeDefined();
    expect(Number(limited?.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(await limited?.json()).toMatchObject({ code: 'ERR_VERIFICATION_RATE_LIMITED' });
  });
});
