import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import type { StoredPackage } from '../ports/case-repository.js';
import { CasePackageNotFoundError, CaseScopeError } from './case-errors.js';
import type { CaseRecord } from './case.js';
import { createPackageLookup } from './package-lookup.js';

const DIGEST = 'a'.repeat(64);
const STORED: StoredPackage = { caseNo: 'XH1', seq: 2, jws: 'h.p.s', at: new Date('2026-12-07T08:00:00Z'), superseded: false };
const OWN: Principal = { actor: 'user:own', role: 'clerk', department: '11431322MB1E48273Y' };
const STRANGER: Principal = { actor: 'user:stranger', role: 'clerk', department: '91350100M000100Y43' };

function lookup(found: StoredPackage | undefined, valid = true) {
  const audited: AuditEntry[] = [];
  const asked: string[] = [];
  const look = createPackageLookup({
    packages: { findPackage: async (digest) => (asked.push(digest), found) },
    load: async (caller, caseNo) => {
      if (caller.department !== OWN.department) throw new CaseScopeError('not yours');
      return { caseNo } as CaseRecord;
    },
    verify: async () =>
      valid ? { valid: true, kid: 'k1', claims: { caseNo: 'XH1' } } : { valid: false, code: 'ERR_RECEIPT_SIGNATURE_INVALID', detail: 'x' },
    audit: { record: async (entry) => void audited.push(entry) },
    now: () => new Date('2026-12-07T09:00:00Z'),
  });
  return { look, audited, asked };
}

describe('material package look-up', () => {
  it('answers the package with its signature checked again, for a department of the case, and audits it', async () => {
    const { look, audited } = lookup(STORED);
    expect(await look(OWN, DIGEST)).toMatchObject({
      caseNo: 'XH1',
      seq: 2,
      package: 'h.p.s',
      verification: { valid: true, kid: 'k1' },
      claims: { caseNo: 'XH1' },
    });
    expect(audited).toMatchObject([{ action: 'case.package-lookup', target: 'XH1', result: 'valid', details: { digest: DIGEST, seq: 2 } }]);
  });

  it('tells a stranger and an unknown digest the same, and audits both refusals', async () => {
    const { look, audited, asked } = lookup(STORED);
    await expect(look(STRANGER, DIGEST)).rejects.toThrow(CasePackageNotFoundError);
    const unknown = lookup(undefined);
    await expect(unknown.look(OWN, DIGEST)).rejects.toThrow(CasePackageNotFoundError);
    expect(audited).toMatchObject([{ actor: 'user:stranger', result: 'ERR_CASE_SCOPE', target: 'XH1' }]);
    expect(unknown.audited).toMatchObject([{ result: 'ERR_CASE_PACKAGE_NOT_FOUND', target: undefined }]);
    // Something that is not a digest never reaches the store.
    await expect(look(OWN, 'XH1')).rejects.toThrow(CasePackageNotFoundError);
    expect(asked).toEqual([DIGEST]);
  });

  it('shows a package whose signature no longer holds as invalid, without its claims', async () => {
    const { look, audited } = lookup(STORED, false);
    expect(await look(OWN, DIGEST)).toMatchObject({
      verification: { valid: false, code: 'ERR_RECEIPT_SIGNATURE_INVALID' },
      claims: undefined,
    });
    expect(audited).toMatchObject([{ result: 'invalid' }]);
  });
});
