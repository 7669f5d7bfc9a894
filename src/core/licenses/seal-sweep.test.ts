import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { InMemoryAuditWriter } from '../audit/in-memory-audit-writer.js';
import type { HistoryEntry, LicenseRepository } from '../ports/license-repository.js';
import type { RowMacKeys, RowMacTag } from '../ports/row-mac-keys.js';
import { SealedJwsMalformedError } from '../seals/seal-errors.js';
import { createInMemoryRowMacKeys } from './in-memory-row-mac-keys.js';
import { signRow, type StoredLicense } from './license-row-mac.js';
import { sweepSeals } from './seal-sweep.js';

const keyRing = createInMemoryRowMacKeys;

function stored(number: string, keys: RowMacKeys | undefined): StoredLicense {
  const payload = {
    typeCode: '11100000000013338W011',
    number,
    name: '食品经营许可证',
    issuer: { uscc: '114313220061234566', name: '新化县市场监督管理局' },
    holder: { name: '新化县某某餐馆', idType: 'USCC', id: '92431322MA4L0ABC15' },
    issuedAt: '2024-03-01',
    validFrom: '2024-03-01',
    validUntil: '2029-02-28',
  };
  const jws = `h.${Buffer.from(JSON.stringify(payload)).toString('base64url')}.s`;
  const lineage = `1.2.156.3005.2.${payload.typeCode}.${payload.issuer.uscc}.${number}`;
  const license = {
    ...payload,
    id: `${lineage}.001.X`,
    lineage,
    idVersion: 1,
    revision: 1,
    status: 'valid',
    jws,
    payload,
    digest: createHash('sha256').update(jws).digest('hex'),
    sealSerial: '0a01',
    replaces: undefined,
    replacedBy: undefined,
    createdAt: new Date('2024-03-01T02:00:00Z'),
    updatedAt: new Date('2024-03-01T02:00:00Z'),
    rowMac: undefined,
  } as StoredLicense;
  return keys ? { ...license, rowMac: signRow(keys, license) } : license;
}

function fakeRepository(rows: StoredLicense[]) {
  const stores: { id: string; tag: RowMacTag }[] = [];
  const history = (id: string): HistoryEntry[] => [
    {
      licenseId: id,
      revision: 1,
      status: 'valid',
      previous: undefined,
      reason: '颁发',
      nationalCode: undefined,
      jws: undefined,
      actor: 'x',
      at: new Date(),
    },
  ];
  const licenses: Pick<LicenseRepository, 'page' | 'storeRowMac' | 'history'> = {
    page: async (after, limit, options) =>
      rows
        .filter((r) => r.id > after && (!options?.unsealedOnly || !r.rowMac))
        .sort((a, b) => a.id.localeCompare(b.id))
        .slice(0, limit),
    storeRowMac: async (facts, tag) => (stores.push({ id: facts.id, tag }), true),
    history: async (id) => history(id),
  };
  return { licenses, stores };
}

const seals = {
  verify: async (jws: string) => {
    const [, payload] = jws.split('.');
    if (jws.endsWith('.forged')) throw new SealedJwsMalformedError('signature does not verify');
    return {
      header: {},
      payload: JSON.parse(Buffer.from(payload!, 'base64url').toString()),
      seal: { serial: '0a01' },
      digest: createHash('sha256').update(jws).digest('hex'),
    } as never;
  },
};

function run(rows: StoredLicense[], keys: RowMacKeys, unsealedOnly = false) {
  const { licenses, stores } = fakeRepository(rows);
  const audit = new InMemoryAuditWriter();
  const sweep = sweepSeals(
    {
      licenses,
      seals,
      rowMacs: keys,
      contracts: { licenseType: () => undefined },
      personalIds: { keyedHash: (v) => `h(${v})`, keyedDigest: (v) => `d(${v})` },
      audit,
      now: () => new Date(),
      pageSize: 2,
      pauseMs: 0,
    },
    { unsealedOnly },
  );
  return { sweep, stores, audit };
}

describe('the seal sweep', () => {
  it('re-verifies every seal in pages and audits a JWS altered in place and a row whose MAC fails', async () => {
    const keys = keyRing('k1');
    const intact = stored('A1', keys);
    const jwsAltered = { ...stored('A2', keys), jws: `${stored('A2', keys).jws.slice(0, -2)}.forged` };
    const rowAltered = { ...stored('A3', keys), status: 'valid' as const, validUntil: '2199-12-31' };
    const { sweep, audit, stores } = run([intact, jwsAltered, rowAltered, stored('A4', keys), stored('A5', keys)], keys);
    expect(await sweep).toEqual({ checked: 5, mismatches: 2, sealed: 0, resealed: 0 });
    expect(audit.entries.map((e) => [e.action, e.target, e.result])).toEqual([
      ['license.integrity-mismatch', jwsAltered.id, 'ERR_JWS_MALFORMED'],
      ['license.integrity-mismatch', rowAltered.id, 'ERR_RECORD_ALTERED'],
    ]);
    expect(stores).toEqual([]);
  });

  it('MACs a row stored without one when its seal and history agree, and re-MACs rows of a rotated-out key', async () => {
    const old = keyRing('k0');
    const keys = keyRing('k1');
    const legacy = stored('B1', undefined);
    const rotated = stored('B2', old);
    const { sweep, stores } = run([legacy, rotated, stored('B3', keys)], keys);
    expect(await sweep).toMatchObject({ checked: 3, mismatches: 0, sealed: 1, resealed: 1 });
    expect(stores.map((s) => [s.id, s.tag.kid])).toEqual([
      [legacy.id, 'k1'],
      [rotated.id, 'k1'],
    ]);
  });

  it('leaves a row without a MAC unMACed, and reports it, when its facts are not what its seal says', async () => {
    const keys = keyRing('k1');
    const forged = { ...stored('C1', undefined), holder: { name: '别人', idType: 'USCC', id: '92431322MA4L0ABC15' } };
    const { sweep, stores, audit } = run([forged, stored('C2', keys)], keys, true);
    expect(await sweep).toMatchObject({ checked: 1, mismatches: 1, sealed: 0 });
    expect(stores).toEqual([]);
    expect(audit.entries[0]?.details).toMatchObject({ mac: 'unsealed' });
  });
});
