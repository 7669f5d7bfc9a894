/**
 * @module core/cases/case-service
 * Opening a case for a published item, reading it with its clock, recording milestones (受理,
 * 并联 steps, clock stops with their statutory reason, visits, 办结, 出件) and hand-overs of the
 * responsible person. Only departments handling the item act on its cases; every action is audited,
 * the applicant's ID only as a keyed hash.
 */
import { randomInt } from 'node:crypto';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import type { CatalogueService } from '../catalogue/catalogue-service.js';
import { departmentsOf, type ServiceItem } from '../catalogue/service-item.js';
import { validateResidentId } from '../identifiers/resident-id.js';
import { validateUscc } from '../identifiers/uscc.js';
import { beijingDate } from '../licenses/license.js';
import type { CaseChanges, CaseRepository } from '../ports/case-repository.js';
import {
  MilestoneDuplicateError,
  ApplicantIdInvalidError,
  CaseExistsError,
  CaseNotFoundError,
  CaseNotOpenError,
  CaseScopeError,
  MilestoneInvalidError,
} from './case-errors.js';
import { caseClock, limitFor, type CaseClock } from './case-clock.js';
import {
  maskedApplicant,
  visitsOf,
  type Applicant,
  type CaseRecord,
  type ChecklistEntry,
  type Milestone,
  type MilestoneType,
  type Responsible,
} from './case.js';
import type { WorkingCalendar } from './working-calendar.js';

export interface CaseServiceDeps {
  cases: CaseRepository;
  catalogue: Pick<CatalogueService, 'publishedVersion' | 'version'>;
  calendar(): Promise<WorkingCalendar>;
  /** Keyed hash of a personal or organisation ID (the holder index key, the audit's holderIdHash). */
  hashId(id: string): string;
  /** Checks a sealed decision document (`typ: zz-document+jws`) and names the sealing department. */
  verifyDecision(jws: string): Promise<{ department: string }>;
  now(): Date;
}

export interface OpenCaseInput {
  itemCode: string;
  applicant: Applicant;
  caseNo?: string;
  channel: 'window' | 'online';
  responsible: Responsible;
}

export interface MilestoneInput {
  type: MilestoneType;
  department?: string;
  reason?: string;
  material?: string;
  responsible?: Responsible;
  decisionJws?: string;
  result?: 'approved' | 'refused';
  messageId?: string;
}

export interface CaseView {
  caseNo: string;
  item: { code: string; version: number; name: string };
  department: string;
  state: CaseRecord['state'];
  channel: CaseRecord['channel'];
  applicant: Applicant;
  responsible: Responsible;
  openedOn: string;
  clock: CaseClock;
  visits: number;
  checklist: ChecklistEntry[];
  milestones: Omit<Milestone, 'decisionJws'>[];
  notices: { sourceId: string; at: string; body: Record<string, unknown> }[];
}

/** The state a milestone leaves the case in, when it changes it. */
const NEXT_STATE: Partial<Record<MilestoneType, CaseRecord['state']>> = {
  decided: 'decided',
  delivered: 'delivered',
  withdrawn: 'withdrawn',
};

export function newCaseNo(now: Date): string {
  return `XH${beijingDate(now).replace(/-/g, '')}${String(randomInt(0, 1_000_000)).padStart(6, '0')}`;
}

export function assertApplicantId(applicant: Applicant, at: Date): void {
  const ok =
    applicant.idType === 'ID'
      ? validateResidentId(applicant.id, { at }).ok
      : applicant.idType === 'USCC'
        ? validateUscc(applicant.id).ok
        : applicant.id.trim().length > 0;
  if (!ok) {
    throw new ApplicantIdInvalidError('申请人证件号码无效', {
      errors: [{ pointer: '/applicant/id', detail: `is not a valid ${applicant.idType}` }],
    });
  }
}

export function checklistOf(item: ServiceItem): ChecklistEntry[] {
  return item.materials.map((m) => ({
    code: m.code,
    name: m.name,
    required: m.required,
    form: m.form,
    copies: m.copies,
    source: m.source,
    ...(m.tolerance ? { toleranceDays: m.tolerance.withinDays } : {}),
    status: 'pending',
  }));
}

export function createCaseService(deps: CaseServiceDeps) {
  const audit = (
    caller: Principal,
    action: string,
    record: Pick<CaseRecord, 'caseNo' | 'itemName'>,
    details: Record<string, unknown>,
  ): AuditEntry => ({
    action,
    actor: caller.actor,
    role: caller.role,
    department: caller.department,
    target: record.caseNo,
    purpose: { caseNo: record.caseNo, serviceItem: record.itemName },
    result: 'ok',
    requestId: undefined,
    at: deps.now(),
    details,
  });

  async function view(record: CaseRecord): Promise<CaseView> {
    const calendar = await deps.calendar();
    return {
      caseNo: record.caseNo,
      item: { code: record.itemCode, version: record.itemVersion, name: record.itemName },
      department: record.department,
      state: record.state,
      channel: record.channel,
      applicant: maskedApplicant(record.applicant),
      responsible: record.responsible,
      openedOn: record.openedOn,
      clock: caseClock(calendar, record, beijingDate(deps.now())),
      visits: visitsOf(record),
      checklist: record.checklist,
      milestones: record.milestones.map(({ decisionJws: _jws, ...m }) => m),
      notices: record.notices.map((n) => ({ sourceId: n.sourceId, at: n.at.toISOString(), body: n.body })),
    };
  }

  /** The case, if the caller's department handles its item (county-wide roles see every case). */
  async function load(caller: Principal, caseNo: string): Promise<CaseRecord> {
    const record = await deps.cases.find(caseNo);
    if (!record) throw new CaseNotFoundError(`没有办件 ${caseNo}`);
    if (caller.department !== undefined) {
      const version = await deps.catalogue.version(record.itemCode, record.itemVersion);
      const departments = version ? departmentsOf(version.item) : [record.department];
      if (!departments.includes(caller.department)) throw new CaseScopeError('该办件不属于本部门承办或并联的事项');
    }
    return record;
  }

  return {
    load,
    view,

    async open(caller: Principal, input: OpenCaseInput): Promise<CaseView> {
      const { item, version } = await deps.catalogue.publishedVersion(input.itemCode);
      if (caller.department === undefined || !departmentsOf(item).includes(caller.department)) {
        throw new CaseScopeError('只有承办或并联审批该事项的部门可以为其办件');
      }
      const now = deps.now();
      assertApplicantId(input.applicant, now);
      const openedOn = beijingDate(now);
      const limitDays = limitFor(item);
      const caseNo = input.caseNo ?? newCaseNo(now);
      const applicantKey = deps.hashId(input.applicant.id);
      const record = {
        caseNo,
        itemCode: item.code,
        itemVersion: version,
        itemName: item.name,
        department: item.leadDepartment.uscc,
        applicant: { ...input.applicant, id: input.applicant.id.trim().toUpperCase() },
        applicantKey,
        channel: input.channel,
        responsible: input.responsible,
        state: 'open' as const,
        openedOn,
        limitDays,
        checklist: checklistOf(item),
        openedBy: caller.actor,
      };
      // A window application is the applicant's visit (跑动); an online one is not.
      const milestones =
        input.channel === 'window'
          ? [{ type: 'visit' as const, on: openedOn, at: now, actor: caller.actor, department: caller.department }]
          : [];
      const inserted = await deps.cases.insert(record, milestones, [
        audit(caller, 'case.open', record, {
          itemCode: item.code,
          itemVersion: version,
          channel: input.channel,
          holderIdType: input.applicant.idType,
          holderIdHash: applicantKey,
        }),
      ]);
      if (!inserted) throw new CaseExistsError(`办件编号 ${caseNo} 已存在`);
      return view((await deps.cases.find(caseNo)) as CaseRecord);
    },

    async get(caller: Principal, caseNo: string): Promise<CaseView> {
      return view(await load(caller, caseNo));
    },

    async milestone(caller: Principal, caseNo: string, input: MilestoneInput): Promise<CaseView> {
      const scoped = await load(caller, caseNo);
      if (input.decisionJws !== undefined) {
        if (input.type !== 'decided') throw new MilestoneInvalidError('只有办结节点可以附决定文书');
        const { department } = await deps.verifyDecision(input.decisionJws);
        const version = await deps.catalogue.version(scoped.itemCode, scoped.itemVersion);
        if (!(version ? departmentsOf(version.item) : [scoped.department]).includes(department)) {
          throw new MilestoneInvalidError('决定文书不是由承办或并联审批该事项的部门签章');
        }
      }
      const now = deps.now();
      const { record } = await deps.cases.appendMilestone(caseNo, (current) => {
        if (input.messageId !== undefined && current.milestones.some((m) => m.messageId === input.messageId)) {
          throw new MilestoneDuplicateError(`节点消息 ${input.messageId} 已记录`);
        }
        if (current.state !== 'open' && input.type !== 'delivered') throw new CaseNotOpenError(`办件 ${caseNo} 已${current.state}`);
        if (input.type === 'delivered' && current.state !== 'decided') throw new MilestoneInvalidError('办结之后才能出件');
        const stopped = current.milestones.filter((m) => m.type === 'clock-stopped').length;
        const resumed = current.milestones.filter((m) => m.type === 'clock-resumed').length;
        if (input.type === 'clock-stopped' && stopped > resumed) throw new MilestoneInvalidError('计时已经暂停');
        if (input.type === 'clock-resumed' && stopped === resumed) throw new MilestoneInvalidError('计时没有暂停');
        if (input.type === 'clock-stopped' && !input.reason) throw new MilestoneInvalidError('暂停计时须写明法定事由');
        if (input.type === 'handover' && !input.responsible) throw new MilestoneInvalidError('移交须指明新的负责人');
        if ((input.type === 'step-started' || input.type === 'step-finished') && !input.department) {
          throw new MilestoneInvalidError('并联审批环节须指明部门');
        }
        const on = beijingDate(now);
        const changes: CaseChanges = {};
        const next = NEXT_STATE[input.type];
        if (next) changes.state = next;
        if (input.type === 'decided') changes.decidedOn = on;
        if (input.type === 'handover') changes.responsible = input.responsible;
        if (input.type === 'material-received' && input.material) {
          const entry = current.checklist.find((c) => c.code === input.material);
          if (!entry) throw new MilestoneInvalidError(`事项没有材料 ${input.material}`);
          changes.checklist = current.checklist.map((c) => (c.code === input.material ? { ...c, status: 'submitted', suppliedOn: on } : c));
        }
        return {
          milestone: { ...input, on, at: now, actor: caller.actor, department: input.department ?? caller.department },
          changes,
          audit: [
            audit(caller, input.type === 'handover' ? 'case.handover' : 'case.milestone', current, {
              type: input.type,
              ...(input.reason ? { reason: input.reason } : {}),
              ...(input.type === 'handover' ? { from: current.responsible.name, to: input.responsible?.name } : {}),
            }),
          ],
        };
      });
      return view(record);
    },
  };
}

export type CaseService = ReturnType<typeof createCaseService>;
