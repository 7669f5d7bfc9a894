import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryAuditWriter } from '../audit/in-memory-audit-writer.js';
import type { Principal } from '../auth/principal.js';
import { signRow, type StoredLicense } from '../licenses/license-row-mac.js';
import { createInMemoryRowMacKeys } from '../licenses/in-memory-row-mac-keys.js';
import type { ReceiptClaims } from '../ports/receipt-signer.js';
import { SealedJwsMalformedError } from '../seals/seal-errors.js';
import { createEnumerationWatch } from './enumeration-watch.js';
import { qrPayload } from './find-license.js';
import { createHolderGuard } from './holder-guard.js';
import { createRateLimiter } from './rate-limiter.js';
import { createVerificationPipeline, type VerificationPipelineDeps } from './verification-pipeline.js';
import { VerificationRateLimitedError } from './verification-errors.js';

/** What the seal of JWS says: the stored row's facts. */
const sealedPayload = {
  typeCode: '11100000000013338W011',
  number: 'JY24313220002001',
  name: '食品经营许可证',
  issuer: { uscc: '114313220061234566', name: '新化县市场监督管理局' },
  holder: { name: '新化县某某餐馆', idType: 'USCC', id: '92431322MA4L0ABC15' },
  issuedAt: '2024-03-01',
  validFrom: '2024-03-01',
  validUntil: '2099-02-28',
};
const JWS = `eyJ0eXAiOiJ6ei1saWNlbnNlK2p3cyJ9.${Buffer.from(JSON.stringify(sealedPayload)).toString('base64url')}.c2ln`;
const digest = createHash('sha256').update(JWS).digest('hex');
const rowMacs = createInMemoryRowMacKeys();
const unsealed = {
  id: '1.2.156.3005.2.11100000000013338W011.114313220061234566.JY24313220002001.001.8',
  lineage: '1.2.156.3005.2.11100000000013338W011.114313220061234566.JY24313220002001',
  name: '食品经营许可证',
  idVersion: 1,
  revision: 2,
  typeCode: '11100000000013338W011',
  issuer: { uscc: '114313220061234566', name: '新化县市场监督管理局' },
  number: 'JY24313220002001',
  status: 'suspended',
  holder: { name: '新化县某某餐馆', idType: 'USCC', id: '92431322MA4L0ABC15' },
  issuedAt: '2024-03-01',
  validFrom: '2024-03-01',
  validUntil: '2099-02-28',
  payload: sealedPayload,
  jws: JWS,
  digest,
  sealSerial: '0a01',
  createdAt: new Date('2024-03-01T02:00:00Z'),
  rowMac: undefined,
} as unknown as StoredLicense;
const license: StoredLicense = { ...unsealed, rowMac: signRow(rowMacs, unsealed) };

const clerk: Principal = { actor: 'user:clerk', role: 'clerk', department: '91350100M000100Y43' };
const purpose = { caseNo: 'XH-1' };

function pipeline(overrides: Partial<VerificationPipelineDeps> = {}, stored: { row: StoredLicense } = { row: license }) {
  const audit = new InMemoryAuditWriter();
  const receipts: ReceiptClaims[] = [];
  let sealChecks = 0;
  const deps: VerificationPipelineDeps = {
    licenses: {
      facts: async (id) => (id === stored.row.id ? stored.row : undefined),
      factsByNumber: async (number) => (number === stored.row.number ? [stored.row] : []),
      findByDigests: async (digests) => new Map(digests.includes(digest) ? [[digest, stored.row]] : []),
      find: async (id) => (id === stored.row.id ? stored.row : undefined),
    },
    seals: {
      verify: async (jws, options) => {
        sealChecks += 1;
        expect(options).toMatchObject({ typ: 'zz-license+jws', checkPath: false });
        if (jws !== JWS) throw new SealedJwsMalformedError('not a compact JWS');
        return { header: {}, payload: sealedPayload, seal: { serial: '0a01' }, digest } as never;
      },
    },
    rowMacs,
    checkIssuer: async () => ({ ok: true }),
    contracts: { licenseType: () => undefined },
    rights: { mayRead: async () => false },
    receipts: { sign: async (claims) => (receipts.push(claims), `receipt-${receipts.length}`) },
    audit,
    hashPersonalId: (id) => `hash(${id})`,
    limits: { user: { take: () => 0 }, department: { take: () => 0 }, address: { take: () => 0 } },
    clientAddress: () => undefined,
    enumeration: createEnumerationWatch(),
    holderGuard: createHolderGuard(),
    onEnumerationSuspected: () => {},
    requestId: () => 'req-1',
    now: () => new Date('2026-12-07T04:00:00Z'),
    ...overrides,
  };
  return { run: createVerificationPipeline(deps), audit, receipts, sealChecks: () => sealChecks };
}

describe('the verification pipeline', () => {
  it('runs the same checks, status code, audit and receipt for a licence asked for and the same licence presented', async () => {
    const { run, audit, receipts, sealChecks } = pipeline();
    const asked = await run.verify(clerk, { licenseId: license.id, purpose });
    const presented = await run.verifyPresented(clerk, JWS, purpose);
    const scanned = await run.verifyPresented(clerk, qrPayload(license.id, JWS), purpose);
    for (const answer of [asked, presented, scanned]) {
      expect(answer).toMatchObject({
        result: 'invalid',
        status: 'suspended',
        checks: { integrity: { ok: true }, issuer: { ok: true }, status: { ok: false, code: 'ERR_LICENSE_SUSPENDED' } },
        license: { id: license.id, holder: { name: '新*****馆' } },
      });
    }
    expect([presented.checks.known, scanned.checks.known]).toEqual([{ ok: true }, { ok: true }]);
    expect(audit.entries.map((e) => [e.action, e.target, e.result, e.details?.checks])).toEqual([
      ['license.verify', license.id, 'invalid', { integrity: 'ok', issuer: 'ok', status: 'ERR_LICENSE_SUSPENDED' }],
      ['license.verify-presented', license.id, 'invalid', { integrity: 'ok', issuer: 'ok', known: 'ok', status: 'ERR_LICENSE_SUSPENDED' }],
      ['license.verify-presented', license.id, 'invalid', { known: 'ok', integrity: 'ok', issuer: 'ok', status: 'ERR_LICENSE_SUSPENDED' }],
    ]);
    expect(receipts.map((r) => [r.sub, r.result, r.status, r.caseNo])).toEqual(Array(3).fill([license.id, 'invalid', 'suspended', 'XH-1']));
    // The stored licence is proven by its row MAC; only the presented JWS is ES256-verified.
    expect(sealChecks()).toBe(1);
  });

  it('reports a row changed behind the hub as not intact, from its MAC alone', async () => {
    for (const changed of [
      { status: 'valid' },
      { validUntil: '2199-12-31' },
      { holder: { ...license.holder, id: '91350100M000100Y43' } },
      { digest: '0'.repeat(64) },
    ] as Partial<StoredLicense>[]) {
      const { run, sealChecks } = pipeline({}, { row: { ...license, ...changed } });
      const answer = await run.verify(clerk, { licenseId: license.id, purpose });
      expect(answer).toMatchObject({ result: 'invalid', checks: { integrity: { ok: false, code: 'ERR_RECORD_ALTERED' } } });
      expect(sealChecks()).toBe(0);
    }
  });

  it('re-verifies the stored seal on every deep check, so a JWS altered after a first check fails the next', async () => {
    const stored = { row: license };
    const { run, sealChecks } = pipeline({}, stored);
    expect((await run.verify(clerk, { licenseId: license.id, purpose, deep: true })).checks.integrity).toEqual({ ok: true });
    stored.row = { ...license, jws: `${JWS}x` };
    expect((await run.verify(clerk, { licenseId: license.id, purpose })).checks.integrity).toEqual({ ok: true });
    expect((await run.verify(clerk, { licenseId: license.id, purpose, deep: true })).checks.integrity).toMatchObject({
      ok: false,
      code: 'ERR_JWS_MALFORMED',
    });
    expect(sealChecks()).toBe(2);
  });

  it('checks a row without a MAC yet against its seal: the sealed facts must be those of the row', async () => {
    const { run } = pipeline({}, { row: unsealed });
    expect((await run.verify(clerk, { licenseId: license.id, purpose })).checks.integrity).toEqual({ ok: true });
    for (const changed of [{ holder: { ...unsealed.holder, name: '别人' } }, { payload: { ...sealedPayload, data: { forged: true } } }]) {
      const forged = pipeline({}, { row: { ...unsealed, ...changed } });
      expect((await forged.run.verify(clerk, { licenseId: license.id, purpose })).checks.integrity).toMatchObject({
        ok: false,
        code: 'ERR_RECORD_ALTERED',
      });
    }
  });

  it('limits both entry points, before anything is looked up or audited', async () => {
    const { run, audit } = pipeline({ limits: { user: { take: () => 2.5 }, department: { take: () => 0 }, address: { take: () => 0 } } });
    await expect(run.verify(clerk, { licenseId: license.id, purpose })).rejects.toThrow(VerificationRateLimitedError);
    const refused = await run.verifyPresented(clerk, JWS, purpose).catch((error: unknown) => error);
    expect(refused).toBeInstanceOf(VerificationRateLimitedError);
    expect((refused as VerificationRateLimitedError).extra).toEqual({ retryAfter: 3 });
    expect(audit.entries).toEqual([]);
  });

  it('limits each client address across all its callers, and outside a request only per caller', async () => {
    const asked: string[] = [];
    const address = createRateLimiter({ ratePerSecond: 1, burst: 2, now: () => 0 });
    const limits = {
      user: { take: () => 0 },
      department: { take: () => 0 },
      address: { take: (key: string) => (asked.push(key), address.take(key)) },
    };
    let from: string | undefined = '203.0.113.7';
    const { run } = pipeline({ limits, clientAddress: () => from });
    const callers = ['a', 'b', 'c'].map((n): Principal => ({ actor: `user:${n}`, role: 'clerk', department: undefined }));
    await run.verify(callers[0]!, { licenseId: license.id, purpose });
    await run.verify(callers[1]!, { licenseId: license.id, purpose });
    await expect(run.verify(callers[2]!, { licenseId: license.id, purpose })).rejects.toThrow(VerificationRateLimitedError);
    from = '203.0.113.8';
    await run.verify(callers[2]!, { licenseId: license.id, purpose });
    from = undefined;
    await run.verify(callers[2]!, { licenseId: license.id, purpose });
    expect(asked).toEqual(['203.0.113.7', '203.0.113.7', '203.0.113.7', '203.0.113.8']);
  });

  it('reports a forged presented licence as invalid and one unknown by QR as not found, audited and with a receipt', async () => {
    const { run, audit } = pipeline();
    const forged = await run.verifyPresented(clerk, `${JWS}x`, purpose);
    expect(forged).toMatchObject({
      result: 'invalid',
      checks: { integrity: { ok: false, code: 'ERR_JWS_MALFORMED' }, known: { ok: false, code: 'ERR_UNKNOWN_TO_HUB' } },
      receipt: expect.any(String),
    });
    expect(forged.license).toBeUndefined();
    const unknown = await run.verifyPresented(clerk, qrPayload(license.id, `${JWS}x`), purpose);
    expect(unknown).toMatchObject({ result: 'not_found', checks: { known: { ok: false, code: 'ERR_UNKNOWN_TO_HUB' } } });
    expect(audit.entries.map((e) => [e.target, e.result])).toEqual([
      ['presented', 'invalid'],
      ['presented', 'not_found'],
    ]);
  });

  it('keeps only a keyed hash of the holder ID asked about, and raises the alert when holder guesses pile up', async () => {
    const alerts: string[] = [];
    const { run, audit } = pipeline({
      holderGuard: createHolderGuard({ slowAfter: 100, refuseAfter: 3 }),
      onEnumerationSuspected: (caller, kind) => alerts.push(`${caller.actor}/${kind}`),
    });
    for (const id of ['A1', 'A2', 'A3']) {
      const answer = await run.verify(clerk, { licenseId: license.id, holder: { id }, purpose });
      expect(answer.checks.holder).toMatchObject({ ok: false, code: 'ERR_HOLDER_MISMATCH' });
    }
    expect(alerts).toEqual(['user:clerk/holders']);
    expect(audit.entries[0]?.details).toMatchObject({ holderIdHash: 'hash(A1)' });
    expect(JSON.stringify(audit.entries)).not.toContain('"A1"');
    await expect(run.verify(clerk, { licenseId: license.id, holder: { id: license.holder.id }, purpose })).rejects.toMatchObject({
      code: 'ERR_HOLDER_CHECKS_LIMITED',
    });
  });
});
