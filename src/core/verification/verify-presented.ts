/**
 * @module core/verification/verify-presented
 * A licence as the holder presents it — the sealed JWS from a file or a QR code, or the short QR
 * form `ZZ1:<licence id>:<SHA-256 of the JWS, hex>` — checked for integrity (the seal signature),
 * issuer (the seal path when it was sealed), whether the hub holds exactly this licence, and the
 * hub's current status of it. A forged or altered JWS fails integrity whether or not the hub knows it.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Principal } from '../auth/principal.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import { ValidationError } from '../errors.js';
import { parseLicenseIdentifier } from '../identifiers/license-identifier.js';
import { beijingDate, currentStatus, type LicenseRecord } from '../licenses/license.js';
import type { AuditWriter } from '../ports/audit-log.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { ReceiptSigner } from '../ports/receipt-signer.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { discloseLicense } from './disclose.js';
import type { Check } from './verify-license.js';

export const QR_PREFIX = 'ZZ1:';
const QR = /^ZZ1:([^:]{1,200}):([0-9a-f]{64})$/;

export function qrPayload(licenseId: string, jws: string): string {
  return `${QR_PREFIX}${licenseId}:${createHash('sha256').update(jws).digest('hex')}`;
}

export interface PresentedDeps {
  licenses: Pick<LicenseRepository, 'find' | 'findByDigests'>;
  seals: SealVerifier;
  checkIssuer(license: Pick<LicenseRecord, 'jws' | 'sealSerial' | 'createdAt'>): Promise<Check>;
  audit: AuditWriter;
  receipts: ReceiptSigner;
  requestId(): string | undefined;
  now(): Date;
}

export async function verifyPresented(
  deps: PresentedDeps,
  caller: Principal,
  presented: string,
  purpose: { caseNo: string; serviceItem?: string },
) {
  const at = deps.now();
  const text = presented.trim();
  const qr = QR.exec(text);
  let license: LicenseRecord | undefined;
  let jws: string;
  const checks: Record<string, Check> = {};
  if (qr) {
    parseLicenseIdentifier(qr[1] as string);
    license = await deps.licenses.find(qr[1] as string);
    if (!license || license.digest !== qr[2]) {
      return answer({
        result: 'not_found',
        checks: { known: { ok: false, code: 'ERR_UNKNOWN_TO_HUB', detail: '枢纽中没有与该二维码一致的证照' } },
      });
    }
    jws = license.jws;
  } else {
    if (text.startsWith(QR_PREFIX))
      throw new ValidationError('malformed QR payload', {
        errors: [{ pointer: '', detail: `expected ${QR_PREFIX}<licence id>:<sha256 hex>` }],
      });
    jws = text;
  }

  let sealedPayload: Record<string, unknown> | undefined;
  try {
    const verified = await deps.seals.verify(jws, { typ: 'zz-license+jws', at, checkPath: false });
    sealedPayload = verified.payload;
    checks.integrity = { ok: true };
    license ??= (await deps.licenses.findByDigests([verified.digest])).get(verified.digest);
    const sealedAt = license?.createdAt ?? new Date(`${String(verified.payload.issuedAt)}T23:59:59+08:00`);
    checks.issuer = await deps.checkIssuer({
      jws,
      sealSerial: verified.seal.serial,
      createdAt: Number.isNaN(sealedAt.getTime()) ? at : sealedAt,
    });
  } catch (error) {
    checks.integrity = {
      ok: false,
      code: (error as { code?: string }).code ?? 'ERR_JWS_MALFORMED',
      detail: '证照签章无效，内容可能被伪造或篡改',
    };
  }
  checks.known = license ? { ok: true } : { ok: false, code: 'ERR_UNKNOWN_TO_HUB', detail: '枢纽中没有这份证照（可能是伪造的或未归集）' };
  let status: string | undefined;
  if (license) {
    status = currentStatus(license, beijingDate(at));
    checks.status =
      status === 'valid' ? { ok: true } : { ok: false, code: `ERR_LICENSE_${status.toUpperCase()}`, detail: `证照状态：${status}` };
  }
  const result = Object.values(checks).every((c) => c.ok) ? 'valid' : 'invalid';
  return answer({ result, checks, ...(status ? { status } : {}) });

  async function answer(body: { result: 'valid' | 'invalid' | 'not_found'; checks: Record<string, Check>; status?: string }) {
    const entry: AuditEntry = {
      action: 'license.verify-presented',
      actor: caller.actor,
      role: caller.role,
      department: caller.department,
      target: license?.id ?? (typeof sealedPayload?.number === 'string' ? `presented:${sealedPayload.number.slice(0, 64)}` : 'presented'),
      typeCode: license?.typeCode,
      purpose,
      result: body.result,
      requestId: deps.requestId(),
      at,
      details: { checks: Object.fromEntries(Object.entries(body.checks).map(([k, c]) => [k, c.code ?? 'ok'])) },
    };
    await deps.audit.record(entry);
    const receipt = await deps.receipts.sign({
      jti: randomUUID(),
      sub: entry.target as string,
      result: body.result,
      checks: Object.fromEntries(Object.entries(body.checks).map(([k, c]) => [k, c.code ? { ok: c.ok, code: c.code } : { ok: c.ok }])),
      ...(body.status ? { status: body.status } : {}),
      caseNo: purpose.caseNo,
      ...(purpose.serviceItem ? { serviceItem: purpose.serviceItem } : {}),
      ...(caller.department ? { department: caller.department } : {}),
      actor: caller.actor,
      iat: Math.floor(at.getTime() / 1000),
    });
    return {
      ...body,
      receipt,
      ...(license ? { license: discloseLicense(license, caller.department === license.issuer.uscc ? 'full' : 'minimal', undefined) } : {}),
      checkedAt: at.toISOString(),
    };
  }
}
