import { createLocalJWKSet, jwtVerify } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { leafClaims, rootFromProof, type Inclusion } from '../support/merkle-proof.js';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';

const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
const SERVICE_CENTRE = { uscc: '91350100M000100Y43', name: '新化县行政审批服务局' };

type Item = { result: string; checks: Record<string, { ok: boolean; code?: string }>; inclusion: Inclusion } | { error: { code: string } };
interface Batch {
  receipt: string;
  items: Item[];
}

describe('batch verification for a case: one signed Merkle root, an inclusion proof per item', () => {
  let fixture: HubFixture;
  let samr: EnrolledDepartment;
  let clerk: string;
  const ids: string[] = [];

  beforeAll(async () => {
    fixture = await startHubFixture();
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await fixture.registerDepartment(SERVICE_CENTRE.uscc, SERVICE_CENTRE.name);
    clerk = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    for (let i = 0; i < 20; i++) {
      const response = await fetch(`${fixture.hub.url}/v1/licenses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
        body: samr.seal(examplePayload(FOOD_LICENSE, SAMR, `JY2431322000${String(3000 + i)}`)),
      });
      expect(response.status).toBe(201);
      ids.push(((await response.json()) as { id: string }).id);
    }
    const revoked = await fetch(`${fixture.hub.url}/v1/licenses/${ids[5]}/status`, {
      method: 'POST',
      headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
      body: samr.seal(
        { licenseId: ids[5], status: 'revoked', reason: '依法吊销', effectiveAt: new Date().toISOString() },
        'zz-license-status+jws',
      ),
    });
    expect(revoked.ok).toBe(true);
  });
  afterAll(async () => fixture?.stop());

  const purpose = { caseNo: 'XH2026120700042', serviceItem: '食品经营许可（变更）' };
  const batch = (items: unknown[], token = clerk) => fixture.call('POST', '/v1/verifications/batch', { items, purpose }, token);

  it('answers 20 licences under one receipt; every item proves into the root signed with a JWKS key; the revoked one shows its checks', async () => {
    const response = await batch(ids.map((licenseId) => ({ licenseId })));
    expect(response.status).toBe(200);
    const answer = (await response.json()) as Batch;
    expect(answer.items).toHaveLength(20);

    const jwks = createLocalJWKSet((await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json()) as never);
    const { payload } = await jwtVerify(answer.receipt, jwks, { algorithms: ['EdDSA'], typ: 'zz-receipt-batch+jwt' });
    const tree = payload.tree as { alg: string; size: number; root: string };
    expect(tree).toMatchObject({ alg: 'RFC9162-SHA256', size: 20 });
    expect(payload).toMatchObject({ caseNo: purpose.caseNo, department: SERVICE_CENTRE.uscc });

    answer.items.forEach((item, i) => {
      if (!('inclusion' in item)) throw new Error(`item ${i} was not answered`);
      expect(item.inclusion.index).toBe(i);
      expect(rootFromProof(item.inclusion, tree.size)).toBe(tree.root);
      expect(leafClaims(item.inclusion)).toMatchObject({ sub: ids[i], result: item.result, caseNo: purpose.caseNo });
      if (i === 5) {
        expect(item.result).toBe('invalid');
        expect(item.checks.status).toMatchObject({ ok: false });
        expect(item.checks.integrity).toMatchObject({ ok: true });
      } else {
        expect(item.result).toBe('valid');
        expect(Object.values(item.checks).every((c) => c.ok)).toBe(true);
      }
    });
  });

  it('checks an item with its proof at /v1/receipts/verify and refuses a tampered proof or item', async () => {
    const answer = (await (await batch(ids.slice(0, 7).map((licenseId) => ({ licenseId })))).json()) as Batch;
    const item = answer.items[3] as { inclusion: Inclusion };
    const check = async (inclusion: Inclusion) =>
      (await (await fixture.call('POST', '/v1/receipts/verify', { receipt: answer.receipt, inclusion })).json()) as {
        valid: boolean;
        code?: string;
        claims?: { sub: string };
      };
    expect(await check(item.inclusion)).toMatchObject({ valid: true, claims: { sub: ids[3] } });

    const hash = Buffer.from(item.inclusion.proof[0] as string, 'base64url');
    hash[0] = (hash[0] as number) ^ 1;
    const tamperedProof = { ...item.inclusion, proof: [hash.toString('base64url'), ...item.inclusion.proof.slice(1)] };
    expect(await check(tamperedProof)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_INCLUSION_INVALID' });

    const claims = leafClaims(item.inclusion);
    const forged = Buffer.from(JSON.stringify({ ...claims, result: 'valid', sub: ids[5] })).toString('base64url');
    expect(await check({ ...item.inclusion, claims: forged })).toMatchObject({ valid: false, code: 'ERR_RECEIPT_INCLUSION_INVALID' });
    expect(await check({ ...item.inclusion, index: 4 })).toMatchObject({ valid: false, code: 'ERR_RECEIPT_INCLUSION_INVALID' });

    // A batch root is not a single receipt, and a single receipt is not a batch root.
    expect(await (await fixture.call('POST', '/v1/receipts/verify', { receipt: answer.receipt })).json()).toMatchObject({
      valid: false,
      code: 'ERR_RECEIPT_HEADER',
    });
  });

  it('refuses a batch of 101 licences with a stable code before verifying any', async () => {
    const response = await batch(Array.from({ length: 101 }, () => ({ licenseId: ids[0] })));
    expect(response.status).toBe(422);
    expect(await response.json()).toMatchObject({ code: 'ERR_VERIFICATION_BATCH_TOO_LARGE' });
  });

  it('counts the rate limit per item: past the caller’s burst, items are refused in place', async () => {
    const busy = await fixture.mintToken('clerk', SERVICE_CENTRE.uscc);
    const answer = (await (
      await batch(
        Array.from({ length: 60 }, () => ({ licenseId: ids[0] })),
        busy,
      )
    ).json()) as Batch;
    const limited = answer.items.filter((i) => 'error' in i && i.error.code === 'ERR_VERIFICATION_RATE_LIMITED');
    expect(limited.length).toBeGreaterThan(0);
    expect(answer.items.slice(0, 20).every((i) => 'inclusion' in i)).toBe(true);
    const { payload } = await jwtVerify(
      answer.receipt,
      createLocalJWKSet((await (await fetch(`${fixture.hub.url}/.well-known/jwks.json`)).json()) as never),
      { algorithms: ['EdDSA'], typ: 'zz-receipt-batch+jwt' },
    );
    expect((payload.tree as { size: number }).size).toBe(60 - limited.length);
  });
});
