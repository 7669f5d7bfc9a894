/**
 * @module core/verification/verification-pipeline
 * Online verification for a case, one pipeline for both entry points — a licence asked for by
 * identifier or number (`verify`) and a licence as the holder presents it (`verifyPresented`). Each
 * runs the same named steps in order:
 *
 *   limit → find → integrity → issuer → status → holder → audit → receipt → disclose
 *
 * `limit` refuses a caller over its per-user, per-department or per-client-address rate (the address
 * as ZZ_TRUSTED_PROXIES resolves it, so many tokens from one address share one limit); `find` is the only step that
 * differs (a stored licence is read narrow: its facts and row MAC, no JWS or payload); `integrity`
 * checks the row's keyed MAC — or, for a row not yet MACed and when the caller asks `deep`, re-verifies
 * the sealed JWS (`stored-integrity.ts`); `issuer` the seal as of when the hub received the licence, `status` its lifecycle today, `holder` (only when asked) who holds it, under the holder
 * guard; `audit` records the verification before anything is answered; `receipt` signs the outcome;
 * `disclose` shows the caller what its role and rights allow. A presented licence adds `known`:
 * whether the hub holds exactly this licence. Misses and failed holder checks feed the enumeration
 * alarm.
 */
import { randomUUID } from 'node:crypto';
import { AuditActions } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { parseLicenseIdentifier } from '../identifiers/license-identifier.js';
import type { LicenseFacts } from '../licenses/license-row-mac.js';
import { licenseReference } from '../licenses/license-reference.js';
import { LICENSE_JWS_TYPE } from '../licenses/prepare-license.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { ReceiptClaims, ReceiptSigner } from '../ports/receipt-signer.js';
import type { RowMacKeys } from '../ports/row-mac-keys.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { sleep } from '../retry/retry.js';
import type { RightsDirectory } from '../rights/rights-directory.js';
import { disclosureFor, discloseVerified, type Disclosure } from './disclose.js';
import type { EnumerationWatch } from './enumeration-watch.js';
import { findByQr, findRequested, readPresented } from './find-license.js';
import type { HolderGuard } from './holder-guard.js';
import type { RateLimiter } from './rate-limiter.js';
import type { Check, CheckedVerification, Purpose, VerificationAnswer, VerificationRequest, VerificationResult } from './verification.js';
import { codeOf, holderCheck, resultOf, statusCheck } from './verification-checks.js';
import { RECORD_ALTERED, sealedPayload, storedIntegrity, viewStored, type StoredLicenseView } from './stored-integrity.js';
import { currentRowIntegrity } from '../licenses/license-row-mac.js';
import { VerificationRateLimitedError } from './verification-errors.js';

/** A stored licence, or a presented one the hub may not hold, as the issuer check needs it. */
export interface SealedLicense {
  /** The JWS, or how to read it when the check needs it (a stored licence's seal chain, once per seal). */
  jws: string | (() => Promise<string>);
  sealSerial: string;
  /** When the hub received it: the trusted "sealed no later than". */
  createdAt: Date;
}

export interface VerificationPipelineDeps {
  licenses: Pick<LicenseRepository, 'facts' | 'factsByNumber' | 'findByDigests' | 'find'>;
  seals: SealVerifier;
  /** The row MAC keys: a stored licence's integrity without re-verifying its seal. */
  rowMacs: Pick<RowMacKeys, 'check' | 'learn'>;
  /** Was the seal valid when the licence was sealed, and not revoked for key compromise since? */
  checkIssuer(sealed: SealedLicense): Promise<Check>;
  contracts: Pick<ContractRegistry, 'licenseType'>;
  rights: Pick<RightsDirectory, 'mayRead'>;
  receipts: Pick<ReceiptSigner, 'sign'>;
  audit: Pick<AuditWriter, 'record'>;
  /** Keyed hash of a personal ID number: what the audit keeps instead of the number, and the key of licence references. */
  hashPersonalId(id: string): string;
  /** Per user, per department, and per client address (behind a trusted proxy, the forwarded client's). */
  limits: { user: RateLimiter; department: RateLimiter; address: RateLimiter };
  /** The address the current request comes from; undefined outside a request (Kafka). */
  clientAddress(): string | undefined;
  enumeration: EnumerationWatch;
  holderGuard: HolderGuard;
  /** Misses or failed holder checks of `caller` look like someone searching. */
  onEnumerationSuspected(caller: Principal, kind: 'licenses' | 'holders'): void;
  requestId(): string | undefined;
  now(): Date;
}

/** What the steps found out, handed to the shared tail (audit → receipt → disclose). */
interface Outcome {
  action: string;
  license: LicenseFacts | undefined;
  /** How much of it the caller sees, and the sealed payload when that is more than the facts. */
  shown?: { level: Disclosure; payload: Record<string, unknown> | undefined };
  /** What the audit and the receipt name: the licence, or what was asked for. */
  subject: string;
  typeCode: string | undefined;
  result: VerificationResult;
  status: string | undefined;
  checks: Record<string, Check>;
  auditDetails?: Record<string, unknown>;
}

export interface VerificationPipeline {
  verify(caller: Principal, request: VerificationRequest): Promise<VerificationAnswer>;
  /** `verify` up to the receipt: the answer and the claims a receipt would sign (a batch signs many at once). */
  check(caller: Principal, request: VerificationRequest): Promise<CheckedVerification>;
  verifyPresented(caller: Principal, presented: string, purpose: Purpose): Promise<VerificationAnswer>;
}

export function createVerificationPipeline(deps: VerificationPipelineDeps): VerificationPipeline {
  function limit(caller: Principal): void {
    const address = deps.clientAddress();
    const wait = Math.max(
      deps.limits.user.take(caller.actor),
      caller.department ? deps.limits.department.take(caller.department) : 0,
      address ? deps.limits.address.take(address) : 0,
    );
    if (wait > 0) {
      throw new VerificationRateLimitedError('too many verifications; slow down', { extra: { retryAfter: Math.max(1, Math.ceil(wait)) } });
    }
  }

  /** integrity → issuer → status of a licence the hub holds. */
  async function storedChecks(stored: StoredLicenseView, at: Date, checks: Record<string, Check>, deep: boolean) {
    const { facts } = stored;
    [checks.integrity, checks.issuer] = await Promise.all([
      storedIntegrity(deps, stored, deep),
      deps.checkIssuer({ jws: stored.jws, sealSerial: facts.sealSerial, createdAt: facts.createdAt }),
    ]);
    const { status, check } = statusCheck(facts, at);
    checks.status = check;
    return status;
  }

  async function levelFor(caller: Principal, license: LicenseFacts): Promise<Disclosure> {
    const entitled = caller.role === 'system' && caller.department ? await deps.rights.mayRead(caller.department, license.typeCode) : false;
    return disclosureFor(caller, license, entitled);
  }

  /** What the caller may see; above the facts, the sealed payload of the JWS the row's MAC vouches for. */
  async function shownOf(caller: Principal, stored: StoredLicenseView, checks: Record<string, Check>): Promise<Outcome['shown']> {
    const level = await levelFor(caller, stored.facts);
    if (level === 'minimal') return { level, payload: undefined };
    const payload = await sealedPayload(stored);
    if (!payload && checks.integrity?.ok) checks.integrity = RECORD_ALTERED;
    return { level, payload };
  }

  /** What audit and receipt name: the licence or what was asked, pseudonymised where the type's number is personal. */
  function subjectOf(typeCode: string | undefined, named: string): string {
    return licenseReference(named, typeCode ? deps.contracts.licenseType(typeCode) : undefined, deps.hashPersonalId);
  }

  async function holder(caller: Principal, license: LicenseFacts, asked: VerificationRequest['holder']): Promise<Check | undefined> {
    if (!asked) return undefined;
    const delayMs = deps.holderGuard.admit(caller.actor, license.id);
    if (delayMs > 0) await sleep(delayMs);
    const check = holderCheck(license, asked);
    if (check && deps.holderGuard.record(caller.actor, license.id, check.ok)) deps.onEnumerationSuspected(caller, 'holders');
    return check;
  }

  async function audit(caller: Principal, purpose: Purpose, outcome: Outcome, at: Date): Promise<void> {
    const entry: AuditEntry = {
      action: outcome.action,
      actor: caller.actor,
      role: caller.role,
      department: caller.department,
      target: outcome.subject,
      typeCode: outcome.typeCode,
      purpose,
      result: outcome.result,
      requestId: deps.requestId(),
      at,
      details: { checks: Object.fromEntries(Object.entries(outcome.checks).map(([k, c]) => [k, c.code ?? 'ok'])), ...outcome.auditDetails },
    };
    await deps.audit.record(entry);
  }

  function receiptClaims(caller: Principal, purpose: Purpose, outcome: Outcome, at: Date): ReceiptClaims {
    return {
      jti: randomUUID(),
      sub: outcome.subject,
      result: outcome.result,
      checks: Object.fromEntries(Object.entries(outcome.checks).map(([k, c]) => [k, c.code ? { ok: c.ok, code: c.code } : { ok: c.ok }])),
      ...(outcome.status ? { status: outcome.status } : {}),
      caseNo: purpose.caseNo,
      ...(purpose.serviceItem ? { serviceItem: purpose.serviceItem } : {}),
      ...(caller.department ? { department: caller.department } : {}),
      actor: caller.actor,
      iat: Math.floor(at.getTime() / 1000),
    };
  }

  /** The tail every entry point shares: watch → audit → claims → disclose → answer, all but the signature. */
  async function settle(caller: Principal, purpose: Purpose, outcome: Outcome, at: Date): Promise<CheckedVerification> {
    if (deps.enumeration.observe(caller.actor, outcome.result === 'not_found')) deps.onEnumerationSuspected(caller, 'licenses');
    await audit(caller, purpose, outcome, at);
    const { license, shown } = outcome;
    const disclosed =
      license && shown
        ? discloseVerified(license, shown.payload, shown.level, deps.contracts.licenseType(license.typeCode), deps.hashPersonalId)
        : undefined;
    return {
      answer: {
        result: outcome.result,
        ...(outcome.status ? { status: outcome.status } : {}),
        checks: outcome.checks,
        ...(disclosed ? { license: disclosed } : {}),
        checkedAt: at.toISOString(),
      },
      claims: receiptClaims(caller, purpose, outcome, at),
    };
  }

  async function signed(checked: Promise<CheckedVerification>): Promise<VerificationAnswer> {
    const { answer, claims } = await checked;
    return { ...answer, receipt: await deps.receipts.sign(claims) };
  }

  async function conclude(caller: Principal, purpose: Purpose, outcome: Outcome, at: Date): Promise<VerificationAnswer> {
    return signed(settle(caller, purpose, outcome, at));
  }

  const pipeline: VerificationPipeline = {
    verify: (caller, request) => signed(pipeline.check(caller, request)),

    async check(caller, request) {
      limit(caller);
      const at = deps.now();
      const license = await findRequested(deps.licenses, request);
      const typeCode = license?.typeCode ?? (request.licenseId ? parseLicenseIdentifier(request.licenseId).typeCode : request.typeCode);
      const checks: Record<string, Check> = {};
      let status: string | undefined;
      let shown: Outcome['shown'];
      if (license) {
        const stored = viewStored(deps.licenses, license);
        status = await storedChecks(stored, at, checks, request.deep === true);
        const held = await holder(caller, license, request.holder);
        if (held) checks.holder = held;
        shown = await shownOf(caller, stored, checks);
      }
      return settle(
        caller,
        request.purpose,
        {
          action: AuditActions.licenseVerify,
          license,
          shown,
          subject: subjectOf(typeCode, license?.id ?? request.licenseId ?? `${request.typeCode ?? ''}:${request.number ?? ''}`),
          typeCode,
          result: resultOf(license !== undefined, checks),
          status,
          checks,
          auditDetails: {
            ...(request.holder?.id ? { holderIdHash: deps.hashPersonalId(request.holder.id.trim().toUpperCase()) } : {}),
            ...(request.holder?.name ? { holderNameGiven: true } : {}),
          },
        },
        at,
      );
    },

    async verifyPresented(caller, presented, purpose) {
      limit(caller);
      const at = deps.now();
      const read = readPresented(presented);
      const checks: Record<string, Check> = {};
      const outcome = (
        license: LicenseFacts | undefined,
        result: VerificationResult,
        status?: string,
        sealed?: Record<string, unknown>,
        shown?: Outcome['shown'],
      ): Outcome => ({
        action: AuditActions.licenseVerifyPresented,
        license,
        shown,
        subject: license
          ? subjectOf(license.typeCode, license.id)
          : typeof sealed?.number === 'string'
            ? subjectOf(typeof sealed.typeCode === 'string' ? sealed.typeCode : undefined, `presented:${sealed.number.slice(0, 64)}`)
            : 'presented',
        typeCode: license?.typeCode,
        result,
        status,
        checks,
      });

      if ('qr' in read) {
        const license = await findByQr(deps.licenses, read.qr);
        if (!license) {
          checks.known = { ok: false, code: 'ERR_UNKNOWN_TO_HUB', detail: '枢纽中没有与该二维码一致的证照' };
          return conclude(caller, purpose, outcome(undefined, 'not_found'), at);
        }
        checks.known = { ok: true };
        const stored = viewStored(deps.licenses, license);
        const status = await storedChecks(stored, at, checks, false);
        const shown = await shownOf(caller, stored, checks);
        return conclude(caller, purpose, outcome(license, resultOf(true, checks), status, undefined, shown), at);
      }

      // A JWS on its own: its seal first, then whether the hub holds exactly this one.
      let license: LicenseFacts | undefined;
      let sealed: Record<string, unknown> | undefined;
      try {
        const verified = await deps.seals.verify(read.jws, { typ: LICENSE_JWS_TYPE, at, checkPath: false });
        sealed = verified.payload;
        checks.integrity = { ok: true };
        license = (await deps.licenses.findByDigests([verified.digest])).get(verified.digest);
        const sealedAt = license?.createdAt ?? new Date(`${String(verified.payload.issuedAt)}T23:59:59+08:00`);
        checks.issuer = await deps.checkIssuer({
          jws: read.jws,
          sealSerial: verified.seal.serial,
          createdAt: Number.isNaN(sealedAt.getTime()) ? at : sealedAt,
        });
      } catch (error) {
        checks.integrity = { ok: false, code: codeOf(error, 'ERR_JWS_MALFORMED'), detail: '证照签章无效，内容可能被伪造或篡改' };
      }
      // The seal proves the presented JWS; the hub's row (its status) is trusted only while its MAC holds.
      checks.known = !license
        ? { ok: false, code: 'ERR_UNKNOWN_TO_HUB', detail: '枢纽中没有这份证照（可能是伪造的或未归集）' }
        : (await currentRowIntegrity(deps.rowMacs, license)) === 'altered'
          ? RECORD_ALTERED
          : { ok: true };
      let status: string | undefined;
      let shown: Outcome['shown'];
      if (license) {
        ({ status, check: checks.status } = statusCheck(license, at));
        shown = { level: await levelFor(caller, license), payload: sealed };
      }
      return conclude(caller, purpose, outcome(license, resultOf(true, checks), status, sealed, shown), at);
    },
  };
  return pipeline;
}
