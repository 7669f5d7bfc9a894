/**
 * @module core/cases/package-lookup
 * The material package behind its verification link. The QR code printed on the 一次性告知书 and
 * the package carries only the package's SHA-256, so a scanned code says nothing about the
 * applicant; whoever follows it must be signed in, and only a department that handles the case's
 * item (or a county-wide role) gets the package — anyone else gets the same "not found" as for a
 * digest that does not exist. Every look-up is audited, the refused ones too. The package's
 * signature is checked again against the hub's receipt keys, so the page shows what the hub still
 * vouches for, not what a database row says.
 */
import { auditEntry, AuditActions } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import { HubError } from '../errors.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { CaseRepository } from '../ports/case-repository.js';
import type { StatementCheck } from '../ports/receipt-signer.js';
import { CasePackageNotFoundError } from './case-errors.js';
import type { CaseRecord } from './case.js';

export interface PackageLookupDeps {
  packages: Pick<CaseRepository, 'findPackage'>;
  /** The case, scope-checked for the caller (throws when the caller's department does not handle it). */
  load(caller: Principal, caseNo: string): Promise<CaseRecord>;
  /** The package's signature under the hub's receipt keys. */
  verify(jws: string): Promise<StatementCheck>;
  audit: Pick<AuditWriter, 'record'>;
  now(): Date;
}

export interface PackageLookupResult {
  digest: string;
  caseNo: string;
  seq: number;
  at: string;
  /** A later check of the case replaced this package. */
  superseded: boolean;
  package: string;
  verification: { valid: true; kid: string } | { valid: false; code: string; detail: string };
  /** The signed claims, when the signature holds. */
  claims: Record<string, unknown> | undefined;
}

export const PACKAGE_DIGEST = /^[0-9a-f]{64}$/;

export function createPackageLookup(deps: PackageLookupDeps) {
  return async function lookUpPackage(caller: Principal, digest: string): Promise<PackageLookupResult> {
    const refuse = async (caseNo: string | undefined, code: string): Promise<never> => {
      await deps.audit.record(
        auditEntry(caller, AuditActions.casePackageLookup, deps.now(), { target: caseNo, result: code, details: { digest } }),
      );
      throw new CasePackageNotFoundError('没有这个材料包，或本部门无权查看');
    };
    const found = PACKAGE_DIGEST.test(digest) ? await deps.packages.findPackage(digest) : undefined;
    if (!found) return refuse(undefined, CasePackageNotFoundError.code);
    try {
      await deps.load(caller, found.caseNo);
    } catch (error) {
      if (error instanceof HubError) return refuse(found.caseNo, error.code);
      throw error;
    }
    const checked = await deps.verify(found.jws);
    await deps.audit.record(
      auditEntry(caller, AuditActions.casePackageLookup, deps.now(), {
        target: found.caseNo,
        purpose: { caseNo: found.caseNo },
        result: checked.valid ? 'valid' : 'invalid',
        details: { digest, seq: found.seq },
      }),
    );
    return {
      digest,
      caseNo: found.caseNo,
      seq: found.seq,
      at: found.at.toISOString(),
      superseded: found.superseded,
      package: found.jws,
      verification: checked.valid ? { valid: true, kid: checked.kid } : checked,
      claims: checked.valid ? checked.claims : undefined,
    };
  };
}

export type PackageLookup = ReturnType<typeof createPackageLookup>;
