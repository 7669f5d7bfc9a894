/**
 * @module core/cases/holder-usage
 * A holder's usage report: who looked up or verified this person's (or company's) licences, when,
 * for which case — for a holder who asks at the window, where the clerk sees the ID card. Read from
 * the audit log by the keyed hash of the ID (the log never holds it in clear); the report itself is
 * audited, so asking is as visible as looking.
 */
import type { Principal } from '../auth/principal.js';
import { maskResidentId } from '../identifiers/resident-id.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { AuditReader } from '../ports/audit-reader.js';
import { assertApplicantId } from './case-service.js';

export interface HolderUsageDeps {
  audit: Pick<AuditReader, 'search'>;
  writer: Pick<AuditWriter, 'record'>;
  hashId(id: string): string;
  now(): Date;
}

/** What counts as using a holder's licences: a verification naming the holder, a look-up by ID. */
const USES: Readonly<Record<string, string>> = { 'license.verify': '核验证照', 'case.holder-lookup': '按办件查找证照' };
const PAGE = 500;
const MAX_ENTRIES = 5_000;

export interface HolderUse {
  at: string;
  what: string;
  department: string | undefined;
  actor: string;
  caseNo: string | undefined;
  serviceItem: string | undefined;
  typeCode: string | undefined;
  result: string;
}

export function createHolderUsageReport(deps: HolderUsageDeps) {
  return async (caller: Principal, holder: { idType: string; id: string }) => {
    const at = deps.now();
    assertApplicantId({ ...holder, name: '-' }, at);
    const holderIdHash = deps.hashId(holder.id);
    const uses: HolderUse[] = [];
    let after: string | undefined;
    for (let read = 0; read < MAX_ENTRIES; read += PAGE) {
      const page = await deps.audit.search({ holderIdHash }, after, PAGE);
      for (const r of page) {
        const what = USES[r.action];
        if (what) {
          uses.push({
            at: r.at.toISOString(),
            what,
            department: r.department,
            actor: r.actor,
            caseNo: r.caseNo,
            serviceItem: r.serviceItem,
            typeCode: r.typeCode,
            result: r.result,
          });
        }
      }
      if (page.length < PAGE) break;
      after = page[page.length - 1]?.id;
    }
    await deps.writer.record({
      action: 'holder.usage-report',
      actor: caller.actor,
      role: caller.role,
      department: caller.department,
      target: undefined,
      result: 'ok',
      requestId: undefined,
      at,
      details: { holderIdType: holder.idType, holderIdHash, uses: uses.length },
    });
    return {
      holder: { idType: holder.idType, id: holder.idType === 'ID' ? maskResidentId(holder.id) : holder.id },
      generatedAt: at.toISOString(),
      uses,
    };
  };
}
