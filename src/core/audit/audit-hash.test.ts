import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { AuditEntry } from './audit-entry.js';
import { canonicalJson, chainHash, GENESIS_HASH, toChainedFields } from './audit-hash.js';

const entry: AuditEntry = {
  action: 'license.verify',
  actor: 'user:zhang',
  role: 'clerk',
  department: '11431322006123456X',
  target: '1.2.156.3005.2.X',
  typeCode: '11100000000013338W011',
  purpose: { caseNo: 'XH-2024-0001' },
  result: 'valid',
  requestId: 'req-1',
  at: new Date('2024-03-01T08:00:00.123Z'),
  details: { z: 1, a: { y: [true, null], b: 'x' } },
};

describe('canonical audit hashing', () => {
  it('serialises every field with sorted keys (also inside details), nulls for absent ones and ISO times', () => {
    expect(canonicalJson(toChainedFields(entry, 'c1', 7n))).toBe(
      '{"action":"license.verify","actor":"user:zhang","at":"2024-03-01T08:00:00.123Z","caseNo":"XH-2024-0001","chainId":"c1",' +
        '"department":"11431322006123456X","details":{"a":{"b":"x","y":[true,null]},"z":1},"requestId":"req-1","result":"valid",' +
        '"role":"clerk","seq":7,"serviceItem":null,"target":"1.2.156.3005.2.X","typeCode":"11100000000013338W011"}',
    );
  });

  it('hashes SHA-256 over the previous hash followed by the canonical JSON', () => {
    const fields = toChainedFields(entry, 'c1', 1n);
    const expected = createHash('sha256').update(GENESIS_HASH).update(canonicalJson(fields)).digest();
    expect(Buffer.from(chainHash(GENESIS_HASH, fields))).toEqual(expected);
  });

  it('changes with any field, the sequence number, the chain or the previous hash', () => {
    const base = Buffer.from(chainHash(GENESIS_HASH, toChainedFields(entry, 'c1', 1n))).toString('hex');
    const variants = [
      chainHash(GENESIS_HASH, toChainedFields({ ...entry, result: 'invalid' }, 'c1', 1n)),
      chainHash(GENESIS_HASH, toChainedFields({ ...entry, purpose: { caseNo: 'XH-2024-0002' } }, 'c1', 1n)),
      chainHash(GENESIS_HASH, toChainedFields({ ...entry, details: { z: 2, a: { y: [true, null], b: 'x' } } }, 'c1', 1n)),
      chainHash(GENESIS_HASH, toChainedFields(entry, 'c1', 2n)),
      chainHash(GENESIS_HASH, toChainedFields(entry, 'c2', 1n)),
      chainHash(new Uint8Array(32).fill(1), toChainedFields(entry, 'c1', 1n)),
    ].map((h) => Buffer.from(h).toString('hex'));
    expect(new Set([base, ...variants]).size).toBe(variants.length + 1);
  });

  it('does not depend on the key order of details, and gives absent and undefined fields one form', () => {
    const reordered = toChainedFields({ ...entry, details: { a: { b: 'x', y: [true, null] }, z: 1, gone: undefined } }, 'c1', 1n);
    expect(canonicalJson(reordered)).toBe(canonicalJson(toChainedFields(entry, 'c1', 1n)));
    const { typeCode: _, ...withoutType } = entry;
    expect(canonicalJson(toChainedFields(withoutType, 'c1', 1n))).toBe(
      canonicalJson(toChainedFields({ ...entry, typeCode: undefined }, 'c1', 1n)),
    );
  });

  it('replaces what PostgreSQL cannot store (NUL, lone surrogates) before hashing, so stored and hashed agree', () => {
    const fields = toChainedFields(
      { ...entry, purpose: { caseNo: 'A\u0000B\ud800' }, details: { 'k\u0000': 'v\udc00', when: new Date(0) } },
      'c1',
      1n,
    );
    expect(fields.caseNo).toBe('A\uFFFDB\uFFFD');
    expect(fields.details).toEqual({ 'k\uFFFD': 'v\uFFFD', when: '1970-01-01T00:00:00.000Z' });
  });
});
