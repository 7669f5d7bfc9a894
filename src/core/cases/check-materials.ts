/**
 * @module core/cases/check-materials
 * One call checks every material of a case (DESIGN §3): licences the hub holds for the applicant
 * are found by the keyed hash of the applicant's ID — only inside an open case, only for the
 * licence types the item's published materials list (依职能查验), rate-limited and audited with the
 * case number — and all of them go through the full verification (integrity, issuer, status,
 * holder) in one batch: each licence audited on its own with the case number, one receipt (a signed
 * Merkle root) over all of them; documents are checked by 文号 + hash; commitments are recorded; what
 * remains is 容缺 with a due date where the item allows it, else to submit. The answer is one sealed
 * material package (JWS under the hub's receipt key, verifiable offline against the JWKS) carrying
 * the batch receipt and, per licence material, the inclusion proof of the licence it relied on — so
 * each material's check is verifiable on its own, offline or at `/v1/receipts/verify` — and the
 * 一次性告知书. A licence whose type declares its number personal (残疾人证) is named in the
 * checklist, the package and the reliances by its keyed reference, as `licenses.events` names it:
 * the package travels like a receipt, and the relied-on notice must find the case by the name the
 * event carries.
 */
import { createHash, randomUUID } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { beijingDate } from '../licenses/license.js';
import type { CaseRepository, HolderIndex, HolderLicence } from '../ports/case-repository.js';
import type { ReceiptInclusion } from '../ports/receipt-signer.js';
import type { RateLimiter } from '../verification/rate-limiter.js';
import type { Check, Purpose } from '../verification/verification.js';
import type { BatchAnswer, BatchItem } from '../verification/verification-batch.js';
import { CaseNotOpenError, HolderLookupRateLimitedError, MaterialNotPublishedError } from './case-errors.js';
import { caseClock } from './case-clock.js';
import type { CaseRecord, ChecklistEntry } from './case.js';
import { onePassNotice, type OnePassNotice } from './one-pass-notice.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface MaterialCheckInput {
  /** Documents the applicant names for document materials: 文号 and SHA-256 of the file. */
  documents?: { material: string; docNo: string; sha256: string }[];
  /** Materials the applicant has signed a written commitment for (告知承诺). */
  commitments?: string[];
}

/**
 * Held licences verified per licence type, newest first: enough to find a valid one when the newest
 * fails, few enough that a case's batch stays within one caller's verification burst.
 */
export const CANDIDATES_PER_TYPE = 5;

export interface CheckMaterialsDeps {
  cases: Pick<CaseRepository, 'saveCheck'>;
  /** The case, scope-checked for the caller. */
  load(caller: Principal, caseNo: string): Promise<CaseRecord>;
  holders: HolderIndex;
  /** How cases name a licence: its identifier, or its keyed reference where its type's number is personal. */
  nameLicence(licenseId: string, typeCode: string): string;
  /**
   * The hub's batch verification for this case: every licence through the one pipeline, one
   * receipt over all; a refused licence (rate limit, holder checks paused) fails the whole check.
   */
  verifyLicences(caller: Principal, items: readonly BatchItem[], purpose: Purpose): Promise<BatchAnswer>;
  verifyDocument(input: {
    docNo: string;
    sha256: string;
  }): Promise<{ result: string; checks: Record<string, { ok: boolean; code?: string }> }>;
  /** Signs the package with the receipt key (`typ: zz-material-package+jwt`). */
  sealPackage(claims: Record<string, unknown>): Promise<string>;
  calendar(): Promise<WorkingCalendar>;
  lookups: RateLimiter;
  now(): Date;
}

export interface MaterialCheckResult {
  caseNo: string;
  checklist: ChecklistEntry[];
  package: string;
  /** SHA-256 (hex) of the package: the only thing its verification link carries. */
  packageDigest: string;
  notice: OnePassNotice;
}

interface PackageEntry {
  code: string;
  name: string;
  status: ChecklistEntry['status'];
  licenseId?: string;
  docNo?: string;
  checks?: Record<string, Check>;
  /** The licence's leaf in the package's batch receipt. */
  inclusion?: ReceiptInclusion;
  dueDate?: string;
}

type LicenceAnswer = Extract<BatchAnswer['items'][number], { inclusion: ReceiptInclusion }>;

/** The applicant's valid licences the check verifies: the newest few of each listed type. */
function candidatesOf(held: readonly HolderLicence[]): HolderLicence[] {
  const perType = new Map<string, number>();
  return held.filter((l) => {
    const taken = perType.get(l.typeCode) ?? 0;
    if (l.status !== 'valid' || taken >= CANDIDATES_PER_TYPE) return false;
    perType.set(l.typeCode, taken + 1);
    return true;
  });
}

export function createMaterialCheck(deps: CheckMaterialsDeps) {
  return async function checkMaterials(caller: Principal, caseNo: string, input: MaterialCheckInput): Promise<MaterialCheckResult> {
    const record = await deps.load(caller, caseNo);
    if (record.state !== 'open') throw new CaseNotOpenError(`办件 ${caseNo} 已${record.state}，不能再查验申请人的证照`);
    const listed = new Set(record.checklist.map((c) => c.code));
    for (const code of [...(input.documents ?? []).map((d) => d.material), ...(input.commitments ?? [])]) {
      if (!listed.has(code)) throw new MaterialNotPublishedError(`材料 ${code} 不在该事项公布的材料清单中，不得要求提交`);
    }
    const wait = deps.lookups.take(caller.actor);
    if (wait > 0) {
      throw new HolderLookupRateLimitedError('查验过于频繁，请稍后再试', { extra: { retryAfter: Math.max(1, Math.ceil(wait)) } });
    }

    const now = deps.now();
    const today = beijingDate(now);
    const calendar = await deps.calendar();
    // Purpose binding: only the licence types this item's published materials name.
    const typeCodes = [...new Set(record.checklist.flatMap((c) => (c.source.kind === 'license' ? [c.source.typeCode] : [])))];
    const held = await deps.holders.licencesOf(record.applicantKey, typeCodes);
    const purpose = { caseNo, serviceItem: record.itemName };
    const candidates = candidatesOf(held);
    const batch =
      candidates.length > 0
        ? await deps.verifyLicences(
            caller,
            candidates.map((l) => ({ licenseId: l.id, holder: { id: record.applicant.id } })),
            purpose,
          )
        : undefined;
    // A refused item fails the batch, so every candidate has an answer with its inclusion proof.
    const answers = new Map(candidates.map((l, i) => [l.id, batch?.items[i] as LicenceAnswer]));

    const checklist: ChecklistEntry[] = [];
    const entries: PackageEntry[] = [];
    const reliances: { licenseId: string; material: string }[] = [];
    for (const material of record.checklist) {
      const { licenseId: _l, docNo: _d, dueDate: _due, dueDateProvisional: _p, ...base } = material;
      let next: ChecklistEntry = { ...base, status: 'pending' };
      let evidence: Partial<PackageEntry> = {};
      if (material.status === 'submitted') {
        next = material;
      } else if (material.source.kind === 'license') {
        const typeCode = material.source.typeCode;
        for (const candidate of candidates.filter((l) => l.typeCode === typeCode)) {
          const answer = answers.get(candidate.id) as LicenceAnswer;
          const licenseId = deps.nameLicence(candidate.id, candidate.typeCode);
          evidence = { licenseId, checks: answer.checks, inclusion: answer.inclusion };
          if (answer.result === 'valid') {
            next = { ...next, status: 'exempted', licenseId };
            reliances.push({ licenseId, material: material.code });
            break;
          }
        }
      } else if (material.source.kind === 'document') {
        const given = input.documents?.find((d) => d.material === material.code);
        if (given) {
          const answer = await deps.verifyDocument({ docNo: given.docNo, sha256: given.sha256 });
          evidence = { docNo: given.docNo, checks: answer.checks };
          if (answer.result === 'valid') next = { ...next, status: 'exempted', docNo: given.docNo };
        }
      } else if (material.source.kind === 'commitment' && input.commitments?.includes(material.code)) {
        next = { ...next, status: 'committed' };
      }
      if (next.status === 'pending') {
        const dueDate = material.required && material.toleranceDays ? calendar.addWorkingDays(today, material.toleranceDays) : undefined;
        // The applicant is told this date, so it is stored as counted; a Monday-to-Friday count says so.
        const provisional = dueDate !== undefined && calendar.missingYears(today, dueDate).length > 0;
        next = dueDate
          ? { ...next, status: 'tolerated', dueDate, ...(provisional ? { dueDateProvisional: true as const } : {}) }
          : { ...next, status: 'to-submit' };
      }
      checklist.push(next);
      entries.push({
        code: next.code,
        name: next.name,
        status: next.status,
        ...evidence,
        ...(next.dueDate ? { dueDate: next.dueDate } : {}),
      });
    }

    const checked = { ...record, checklist };
    const clock = caseClock(calendar, checked, today);
    const packageJws = await deps.sealPackage({
      jti: randomUUID(),
      sub: caseNo,
      caseNo,
      item: { code: record.itemCode, version: record.itemVersion, name: record.itemName },
      department: record.department,
      ...(caller.department ? { checkedBy: caller.department } : {}),
      actor: caller.actor,
      applicant: { idType: record.applicant.idType },
      ...(batch?.receipt ? { receipt: batch.receipt } : {}),
      materials: entries,
      iat: Math.floor(now.getTime() / 1000),
    });
    const audit = (action: string, details: Record<string, unknown>): AuditEntry => ({
      action,
      actor: caller.actor,
      role: caller.role,
      department: caller.department,
      target: caseNo,
      purpose,
      result: 'ok',
      requestId: undefined,
      at: now,
      details,
    });
    const count = (status: ChecklistEntry['status']) => checklist.filter((c) => c.status === status).length;
    const packageDigest = createHash('sha256').update(packageJws).digest('hex');
    await deps.cases.saveCheck(caseNo, { checklist, packageJws, packageDigest, reliances }, [
      audit('case.holder-lookup', { holderIdHash: record.applicantKey, typeCodes, found: held.length }),
      audit('case.materials-check', {
        exempted: count('exempted'),
        committed: count('committed'),
        tolerated: count('tolerated'),
        toSubmit: count('to-submit'),
      }),
    ]);
    return { caseNo, checklist, package: packageJws, packageDigest, notice: onePassNotice(checked, clock, today) };
  };
}
