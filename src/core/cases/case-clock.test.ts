import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../config/package-root.js';
import { caseClock } from './case-clock.js';
import type { CaseRecord } from './case.js';
import { createWorkingCalendar, type CalendarYear } from './working-calendar.js';

const shipped = (y: number): CalendarYear =>
  JSON.parse(readFileSync(packagePath('src', 'core', 'cases', 'calendars', `${y}.json`), 'utf8'));
/** TEST FIXTURE, not a State Council notice: 2027 with 2027-01-01 off, for the exact count only. */
const fixture2027: CalendarYear = {
  year: 2027,
  source: { title: '测试夹具：虚构的工作日历，不是国务院通知', issuedOn: '2026-12-01' },
  holidays: [{ name: '测试夹具假日', from: '2027-01-01', to: '2027-01-01' }],
  workdays: [],
};
const record = (openedOn: string, limitDays: number, extra: Partial<CaseRecord> = {}) =>
  ({ openedOn, limitDays, milestones: [], decidedOn: undefined, ...extra }) as Pick<
    CaseRecord,
    'openedOn' | 'limitDays' | 'milestones' | 'decidedOn'
  >;

describe('case clock', () => {
  const known = createWorkingCalendar([shipped(2025), shipped(2026)]);

  it('is exact while every day it counts has a calendar', () => {
    const clock = caseClock(known, record('2026-12-07', 5), '2026-12-08');
    expect(clock).toMatchObject({ deadline: '2026-12-14', usedWorkingDays: 1, provisional: false, calendarYearsMissing: [] });
  });

  it('counts a deadline in a year without a calendar Monday to Friday and marks it provisional', () => {
    const clock = caseClock(known, record('2026-12-21', 24), '2026-12-22');
    // 2026-12-22..31: 8 working days; 2027: 16 more Monday to Friday (01-01 counted: nothing is guessed).
    expect(clock).toMatchObject({ deadline: '2027-01-22', usedWorkingDays: 1, provisional: true, calendarYearsMissing: [2027] });
  });

  it('marks the count provisional when today is in a year without a calendar, even for a deadline before it', () => {
    const clock = caseClock(known, record('2026-12-01', 5), '2027-01-05');
    expect(clock).toMatchObject({ deadline: '2026-12-08', overdue: true, provisional: true, calendarYearsMissing: [2027] });
    const decided = caseClock(known, record('2026-12-01', 5, { decidedOn: '2026-12-07' }), '2027-01-05');
    expect(decided).toMatchObject({ provisional: false, usedWorkingDays: 4 });
  });

  it('is exact again, on the same record, once the year is entered', () => {
    const entered = createWorkingCalendar([shipped(2025), shipped(2026), fixture2027]);
    const clock = caseClock(entered, record('2026-12-21', 24), '2026-12-22');
    expect(clock).toMatchObject({ deadline: '2027-01-25', provisional: false, calendarYearsMissing: [] });
  });

  it('is provisional while stopped if today is in a missing year', () => {
    const stopped = record('2026-12-28', 5, {
      milestones: [{ type: 'clock-stopped', on: '2026-12-29' }] as CaseRecord['milestones'],
    });
    expect(caseClock(known, stopped, '2027-01-04')).toMatchObject({ deadline: undefined, stopped: true, provisional: true });
    expect(caseClock(known, stopped, '2026-12-30')).toMatchObject({ deadline: undefined, stopped: true, provisional: false });
  });
});
