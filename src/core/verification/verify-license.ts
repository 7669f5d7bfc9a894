/**
 * @module core/verification/verify-license
 * Online verification for a case (DESIGN §3 `POST /v1/verifications`): find the licence by its
 * GB/T 36904 identifier (check character first) or by printed number (+ type), then report each
 * check separately — integrity (the stored sealed JWS still verifies), issuer (the seal certificate
 * was valid when the licence was sealed and has not since been revoked for key compromise), status
 * (lifecycle and expiry today) and holder (only when asked; never revealing the stored value) — so a
 * clerk sees *why* a licence fails. Every answer carries a signed receipt and is audited before it
 * is sent.
 */
import { randomUUID } from 'node:crypto';
import { timingSafeEqual } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { parseLicenseIdentifier } from '../identifiers/license-identifier.js';
import { beijingDate, currentStatus, type LicenseRecord } from '../licenses/license.js';
import type { AuditWriter } from '../ports/audit-log.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { ReceiptSigner } from '../ports/receipt-signer.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { disclosureFor, discloseLicense } from './disclose.js';
import type { EnumerationWatch } from './enumeration-watch.js';
import type { RateLimiter } from './rate-limiter.js';
import { LicenseAmbiguousError, VerificationRateLimitedError } from './verification-errors.js';

export interface VerificationRequest {
  licenseId?: string;
  number?: string;
  typeCode?: string;
  holder?: { id?: string; name?: string };
  purpose: { caseNo: string; serviceItem?: string };
}

export interface Check {
  ok: boolean;
  code?: string;
  detail?: string;
}

export interface VerificationAnswer {
  result: 'valid' | 'invalid' | 'not_found';
  status?: string;
  checks: Record<string, Check>;
  license?: Record<string, unknown>;
  checkedAt: string;
  receipt: string;
}

export interface VerifyDeps {
  licenses: Pick<LicenseRepository, 'find' | 'findByNumber'>;
  seals: SealVerifier;
  /** Was the seal valid when the licence was sealed, and not revoked for key compromise since? */
  checkIssuer(license: LicenseRecord): Promise<Check>;
  contracts: ContractRegistry;
  isEntitled(department: string, typeCode: string): Promise<boolean>;
  receipts: ReceiptSigner;
  audit: AuditWriter;
  /** Keyed hash of a personal ID number: what the audit keeps instead of the number. */
  hashPersonalId(id: string): string;
  limits: { user: RateLimiter; department: RateLimiter };
  enumeration: EnumerationWatch;
  onEnumerationSuspected(caller: Principal): void;
  requestId(): string | undefined;
  now(): Date;
}

const STATUS_CODES: Record<string, string> = {
  suspended: 'ERR_LICENSE_SUSPENDED',
  revoked: 'ERR_LICENSE_REVOKED',
  cancelled: 'ERR_LICENSE_CANCELLED',
  expired: 'ERR_LICENSE_EXPIRED',
  replaced: 'ERR_LICENSE_REPLACED',
};

export function createLicenseVerifier(deps: VerifyDeps) {
  // Integrity of a stored JWS does not change: verify each digest once (bounded).
  const intact = new Set<string>();

  async function integrity(license: LicenseRecord): Promise<Check> {
    if (intact.has(license.digest)) return { ok: true };
    try {
      const verified = await deps.seals.verify(license.jws, { typ: 'zz-license+jws', at: license.createdAt, checkPath: false });
      if (verified.digest !== license.digest) return { ok: false, code: 'ERR_RECORD_ALTERED', detail: '存储的证照与其签章不一致' };
      // Bounded, oldest first out (a Set iterates in insertion order).
      if (intact.size >= 200_000) intact.delete(intact.values().next().value as string);
      intact.add(license.digest);
      return { ok: true };
    } catch (error) {
      return { ok: false, code: (error as { code?: string }).code ?? 'ERR_INTERNAL', detail: '证照签章验证失败，内容可能被篡改' };
    }
  }

  function holderCheck(license: LicenseRecord, holder: VerificationRequest['holder']): Check | undefined {
    if (!holder || (holder.id === undefined && holder.name === undefined)) return undefined;
    const same = (a: string, b: string) => {
      const x = Buffer.from(a.trim().toUpperCase());
      const y = Buffer.from(b.trim().toUpperCase());
      return x.length === y.length && timingSafeEqual(x, y);
    };
    const ok =
      (holder.id === undefined || same(holder.id, license.holder.id)) &&
      (holder.name === undefined || same(holder.name, license.holder.name));
    return ok ? { ok: true } : { ok: false, code: 'ERR_HOLDER_MISMATCH', detail: '持证主体与证照不符' };
  }

  async function find(request: VerificationRequest): Promise<LicenseRecord | undefined> {
    if (request.licenseId !== undefined) {
      parseLicenseIdentifier(request.licenseId);
      return deps.licenses.find(request.licenseId);
    }
    const found = await deps.licenses.findByNumber(request.number as string, request.typeCode);
    const lineages = new Set(found.map((l) => `${l.typeCode}/${l.issuer.uscc}`));
    if (lineages.size > 1) {
      throw new LicenseAmbiguousError('this number belongs to licences of several types or issuers; give typeCode', {
        extra: { candidates: [...lineages].map((l) => ({ typeCode: l.split('/')[0], issuer: l.split('/')[1] })) },
      });
    }
    // The current version of the lineage: findByNumber lists the newest first.
    return found[0];
  }

  return async function verify(caller: Principal, request: VerificationRequest): Promise<VerificationAnswer> {
    const wait = Math.max(deps.limits.user.take(caller.actor), caller.department ? deps.limits.department.take(caller.department) : 0);
    if (wait > 0) {
      throw new VerificationRateLimitedError('too many verifications; slow down', { extra: { retryAfter: Math.max(1, Math.ceil(wait)) } });
    }
    const at = deps.now();
    const license = await find(request);
    const checks: Record<string, Check> = {};
    let status: string | undefined;
    if (license) {
      status = currentStatus(license, beijingDate(at));
      const [integrityCheck, issuerCheck] = await Promise.all([integrity(license), deps.checkIssuer(license)]);
      checks.integrity = integrityCheck;
      checks.issuer = issuerCheck;
      checks.status =
        status === 'valid'
          ? { ok: true }
          : { ok: false, code: STATUS_CODES[status] ?? 'ERR_LICENSE_STATUS', detail: `证照状态：${status}` };
      const holder = holderCheck(license, request.holder);
      if (holder) checks.holder = holder;
    }
    const result = !license ? 'not_found' : Object.values(checks).every((c) => c.ok) ? 'valid' : 'invalid';
    if (deps.enumeration.observe(caller.actor, result === 'not_found')) deps.onEnumerationSuspected(caller);

    const subject = license?.id ?? request.licenseId ?? `${request.typeCode ?? ''}:${request.number ?? ''}`;
    const receipt = await deps.receipts.sign({
      jti: randomUUID(),
      sub: subject,
      result,
      checks: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.code ? { ok: c.ok, code: c.code } : { ok: c.ok }])),
      ...(status ? { status } : {}),
      caseNo: request.purpose.caseNo,
      ...(request.purpose.serviceItem ? { serviceItem: request.purpose.serviceItem } : {}),
      ...(caller.department ? { department: caller.department } : {}),
      actor: caller.actor,
      iat: Math.floor(at.getTime() / 1000),
    });
    const entry: AuditEntry = {
      action: 'license.verify',
      actor: caller.actor,
      role: caller.role,
      department: caller.department,
      target: subject,
      typeCode: license?.typeCode ?? request.typeCode,
      purpose: request.purpose,
      result,
      requestId: deps.requestId(),
      at,
      details: {
        checks: Object.fromEntries(Object.entries(checks).map(([k, c]) => [k, c.code ?? 'ok'])),
        ...(request.holder?.id ? { holderIdHash: deps.hashPersonalId(request.holder.id.trim().toUpperCase()) } : {}),
        ...(request.holder?.name ? { holderNameGiven: true } : {}),
      },
    };
    await deps.audit.record(entry);

    let disclosed: Record<string, unknown> | undefined;
    if (license) {
      const entitled = caller.role === 'system' && caller.department ? await deps.isEntitled(caller.department, license.typeCode) : false;
      disclosed = discloseLicense(license, disclosureFor(caller, license, entitled), deps.contracts.licenseType(license.typeCode));
    }
    return {
      result,
      ...(status ? { status } : {}),
      checks,
      ...(disclosed ? { license: disclosed } : {}),
      checkedAt: at.toISOString(),
      receipt,
    };
  };
}

export type LicenseVerifier = ReturnType<typeof createLicenseVerifier>;
