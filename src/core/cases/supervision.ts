/**
 * @module core/cases/supervision
 * The figures supervision (督查) reads, per department and item: cases, decided on time, working
 * days used (median, p90), overdue and due within two working days, visits per case (target ≤ 1,
 * 最多跑一次), materials exempted (免提交) against those the applicant had to bring, and 容缺
 * supplied on time. Computed from the cases and the working-day calendar; the anonymised form for
 * the third-party evaluator has no names of people and no ID numbers.
 */
import type { Principal } from '../auth/principal.js';
import { beijingDate } from '../licenses/license.js';
import type { CaseRepository } from '../ports/case-repository.js';
import { caseClock, type CaseClock } from './case-clock.js';
import { visitsOf, type CaseRecord } from './case.js';
import { nextDate, type WorkingCalendar } from './working-calendar.js';

export interface SupervisedCase {
  caseNo: string;
  department: string;
  itemCode: string;
  itemName: string;
  state: CaseRecord['state'];
  openedOn: string;
  decidedOn: string | undefined;
  limitDays: number;
  usedWorkingDays: number;
  remainingWorkingDays: number;
  deadline: string | undefined;
  /** Counted Monday to Friday through a year without a calendar (see case-clock). */
  provisional: boolean;
  onTime: boolean | undefined;
  visits: number;
  exempted: number;
  broughtByApplicant: number;
  responsible?: string;
}

export interface SupervisionGroup {
  department: string;
  itemCode: string;
  itemName: string;
  cases: number;
  decided: number;
  decidedOnTimePercent: number | undefined;
  workingDaysP50: number | undefined;
  workingDaysP90: number | undefined;
  visitsPerCase: number;
  exempted: number;
  broughtByApplicant: number;
  toleratedSuppliedOnTime: number;
  toleratedTotal: number;
}

export interface SupervisionReport {
  from: string;
  to: string;
  generatedOn: string;
  groups: SupervisionGroup[];
  overdue: SupervisedCase[];
  dueWithinTwoWorkingDays: SupervisedCase[];
  cases: SupervisedCase[];
}

/** Nearest-rank percentile of sorted values. */
function percentile(sorted: readonly number[], p: number): number | undefined {
  if (sorted.length === 0) return undefined;
  return sorted[Math.max(0, Math.ceil((p / 100) * sorted.length) - 1)];
}

function supervised(record: CaseRecord, clock: CaseClock, anonymise: boolean): SupervisedCase {
  const decided = record.decidedOn !== undefined;
  return {
    caseNo: record.caseNo,
    department: record.department,
    itemCode: record.itemCode,
    itemName: record.itemName,
    state: record.state,
    openedOn: record.openedOn,
    decidedOn: record.decidedOn,
    limitDays: clock.limitDays,
    usedWorkingDays: clock.usedWorkingDays,
    remainingWorkingDays: clock.remainingWorkingDays,
    deadline: clock.deadline,
    provisional: clock.provisional,
    onTime: decided ? !clock.overdue : undefined,
    visits: visitsOf(record),
    exempted: record.checklist.filter((c) => c.status === 'exempted').length,
    broughtByApplicant: record.checklist.filter((c) => c.status === 'submitted' || c.status === 'to-submit' || c.status === 'tolerated')
      .length,
    ...(anonymise ? {} : { responsible: record.responsible.name }),
  };
}

export function supervisionReport(
  calendar: WorkingCalendar,
  records: readonly CaseRecord[],
  period: { from: string; to: string; today: string; anonymise?: boolean },
): SupervisionReport {
  const rows = records.map((r) => ({ record: r, row: supervised(r, caseClock(calendar, r, period.today), period.anonymise ?? false) }));
  const groups = new Map<string, typeof rows>();
  for (const entry of rows) {
    const key = `${entry.row.department}/${entry.row.itemCode}`;
    groups.set(key, [...(groups.get(key) ?? []), entry]);
  }
  const open = rows.filter((r) => r.record.state === 'open').map((r) => r.row);
  return {
    from: period.from,
    to: period.to,
    generatedOn: period.today,
    groups: [...groups.values()].map((entries) => {
      const first = (entries[0] as (typeof rows)[number]).row;
      const decided = entries.filter((e) => e.row.onTime !== undefined).map((e) => e.row);
      const days = decided.map((d) => d.usedWorkingDays).sort((a, b) => a - b);
      const tolerated = entries.flatMap((e) => e.record.checklist.filter((c) => c.dueDate !== undefined));
      return {
        department: first.department,
        itemCode: first.itemCode,
        itemName: first.itemName,
        cases: entries.length,
        decided: decided.length,
        decidedOnTimePercent:
          decided.length > 0 ? Math.round((1000 * decided.filter((d) => d.onTime).length) / decided.length) / 10 : undefined,
        workingDaysP50: percentile(days, 50),
        workingDaysP90: percentile(days, 90),
        visitsPerCase: Math.round((100 * entries.reduce((n, e) => n + e.row.visits, 0)) / entries.length) / 100,
        exempted: entries.reduce((n, e) => n + e.row.exempted, 0),
        broughtByApplicant: entries.reduce((n, e) => n + e.row.broughtByApplicant, 0),
        toleratedSuppliedOnTime: tolerated.filter((c) => c.suppliedOn !== undefined && c.suppliedOn <= (c.dueDate as string)).length,
        toleratedTotal: tolerated.length,
      };
    }),
    overdue: open.filter((r) => r.remainingWorkingDays < 0),
    dueWithinTwoWorkingDays: open.filter((r) => r.remainingWorkingDays >= 0 && r.remainingWorkingDays <= 2),
    cases: rows.map((r) => r.row),
  };
}

export interface SupervisionDeps {
  cases: Pick<CaseRepository, 'list'>;
  calendar(): Promise<WorkingCalendar>;
  now(): Date;
}

/**
 * Department admins see their own department only; auditors the county. Without `from` the period
 * starts on this quarter's first day (the county's quarterly reporting), or with `recentDays` that
 * many days back, today included.
 */
export function createSupervision(deps: SupervisionDeps) {
  return async (
    caller: Principal,
    query: { from?: string; to?: string; department?: string; anonymise?: boolean; recentDays?: number },
  ) => {
    const today = beijingDate(deps.now());
    const quarterStart = `${today.slice(0, 5)}${String(Math.floor((Number(today.slice(5, 7)) - 1) / 3) * 3 + 1).padStart(2, '0')}-01`;
    const from = query.from ?? (query.recentDays ? nextDate(today, 1 - query.recentDays) : quarterStart);
    const to = query.to ?? today;
    const department = caller.role === 'dept-admin' ? caller.department : query.department;
    const records = await deps.cases.list({ department, from, to });
    return supervisionReport(await deps.calendar(), records, { from, to, today, anonymise: query.anonymise ?? false });
  };
}
