import { describe, expect, it } from 'vitest';
import { limitFor } from './case-clock.js';
import type { CaseRecord, Milestone } from './case.js';
import { createSupervision, supervisionReport } from './supervision.js';
import { createWorkingCalendar } from './working-calendar.js';

const calendar = createWorkingCalendar([
  {
    year: 2026,
    source: { title: '国务院办公厅关于2026年部分节假日安排的通知', issuedOn: '2025-11-04' },
    holidays: [{ name: '国庆节', from: '2026-10-01', to: '2026-10-07' }],
    workdays: [{ date: '2026-10-10', name: '国庆节调休上班' }],
  },
]);

const milestone = (type: Milestone['type'], on: string): Milestone => ({
  seq: 0,
  type,
  on,
  at: new Date(`${on}T09:00:00+08:00`),
  actor: 'clerk',
});

function record(caseNo: string, openedOn: string, extra: Partial<CaseRecord> = {}): CaseRecord {
  return {
    caseNo,
    itemCode: 'XH-SC-0001',
    itemVersion: 1,
    itemName: '食品经营许可（新办）',
    department: '11431322MB1E48273Y',
    applicant: { idType: 'USCC', id: '91431322MA4P8K2L3A', name: '某公司' },
    applicantKey: 'k',
    channel: 'window',
    responsible: { name: '李娟' },
    state: 'open',
    openedOn,
    limitDays: 5,
    checklist: [],
    openedBy: 'clerk',
    openedAt: new Date(),
    decidedOn: undefined,
    milestones: [milestone('visit', openedOn)],
    notices: [],
    ...extra,
  };
}

describe('supervision figures', () => {
  it('caps the limit by level and by the promise', () => {
    expect(limitFor({ level: 'county', promisedDays: 30, statutoryDays: 30 })).toBe(24);
    expect(limitFor({ level: 'township', promisedDays: 10, statutoryDays: 20 })).toBe(6);
    expect(limitFor({ level: 'county', promisedDays: 5, statutoryDays: 20 })).toBe(5);
  });

  it('counts on time, percentiles, overdue and due-soon in working days across the National Day holiday', () => {
    const report = supervisionReport(
      calendar,
      [
        // Opened Tue 29 Sep, decided Fri 9 Oct: 30 Sep, 8, 9 Oct = 3 working days (1–7 Oct off).
        record('A', '2026-09-29', { state: 'decided', decidedOn: '2026-10-09' }),
        // Opened Wed 30 Sep, decided Mon 19 Oct: 8, 9, 10 (Sat, 调休), 12–16, 19 = 9 working days > 5.
        record('B', '2026-09-30', {
          state: 'decided',
          decidedOn: '2026-10-19',
          milestones: [milestone('visit', '2026-09-30'), milestone('visit', '2026-10-12')],
        }),
        // Open since Thu 8 Oct, today Mon 12 Oct: 9, 10, 12 = 3 used, 2 left.
        record('C', '2026-10-08'),
        // Open since Fri 2 Oct, clock stopped on 9 Oct and not resumed: only 8 Oct counts, no deadline.
        record('D', '2026-10-02', { milestones: [milestone('clock-stopped', '2026-10-09')] }),
        record('E', '2026-09-21'),
      ],
      { from: '2026-09-01', to: '2026-10-31', today: '2026-10-12' },
    );
    const group = report.groups[0];
    expect(group).toMatchObject({
      cases: 5,
      decided: 2,
      decidedOnTimePercent: 50,
      workingDaysP50: 3,
      workingDaysP90: 9,
      visitsPerCase: 1,
    });
    expect(report.cases.find((c) => c.caseNo === 'B')).toMatchObject({ usedWorkingDays: 9, onTime: false });
    expect(report.dueWithinTwoWorkingDays.map((c) => c.caseNo)).toEqual(['C']);
    expect(report.cases.find((c) => c.caseNo === 'D')).toMatchObject({ usedWorkingDays: 1, deadline: undefined });
    expect(report.overdue.map((c) => c.caseNo)).toEqual(['E']);
  });

  it('names nobody in the anonymised form', () => {
    const report = supervisionReport(calendar, [record('A', '2026-10-08')], {
      from: '2026-10-01',
      to: '2026-10-31',
      today: '2026-10-12',
      anonymise: true,
    });
    expect(JSON.stringify(report)).not.toContain('李娟');
    expect(JSON.stringify(report)).not.toContain('某公司');
  });
});

describe('the supervision period', () => {
  const asked: { from: string; to: string }[] = [];
  const supervise = createSupervision({
    cases: { list: async (filter) => (asked.push(filter), []) },
    calendar: async () => calendar,
    // The second day of a quarter (Beijing time): "this quarter" holds one day of cases.
    now: () => new Date('2026-10-02T01:00:00Z'),
  });
  const auditor = { actor: 'user:audit', role: 'auditor' as const, department: undefined };

  it('defaults to this quarter, or to the last 90 days when asked, today included', async () => {
    expect(await supervise(auditor, {})).toMatchObject({ from: '2026-10-01', to: '2026-10-02' });
    expect(await supervise(auditor, { recentDays: 90 })).toMatchObject({ from: '2026-07-05', to: '2026-10-02' });
    expect(await supervise(auditor, { from: '2026-09-01', recentDays: 90 })).toMatchObject({ from: '2026-09-01' });
    expect(asked.map((a) => a.from)).toEqual(['2026-10-01', '2026-07-05', '2026-09-01']);
  });
});
