import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { packagePath } from '../../config/package-root.js';
import { CalendarInvalidError } from './case-errors.js';
import { assertCalendarYear, createWorkingCalendar, type CalendarYear } from './working-calendar.js';

const year = (y: number): CalendarYear => JSON.parse(readFileSync(packagePath('src', 'core', 'cases', 'calendars', `${y}.json`), 'utf8'));
const calendar = createWorkingCalendar([year(2025), year(2026)].map(assertCalendarYear));

describe('working-day calendar', () => {
  it('counts weekdays, skips public holidays and weekends, and counts make-up working days', () => {
    expect(calendar.isWorkingDay('2026-12-07')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2026-12-05')).toBe(false); // Saturday
    expect(calendar.isWorkingDay('2026-10-01')).toBe(false); // 国庆节
    expect(calendar.isWorkingDay('2026-02-16')).toBe(false); // 春节, a Monday
    expect(calendar.isWorkingDay('2026-02-14')).toBe(true); // 调休上班, a Saturday
    expect(calendar.isWorkingDay('2026-01-04')).toBe(true); // 元旦调休上班, a Sunday
    expect(calendar.isWorkingDay('2025-01-26')).toBe(true);
    expect(calendar.isWorkingDay('2025-10-08')).toBe(false);
  });

  it('does not count the day a period starts (期间开始之日不计算在内)', () => {
    // Accepted on Monday 2026-12-07: the first working day is Tuesday.
    expect(calendar.addWorkingDays('2026-12-07', 1)).toBe('2026-12-08');
    expect(calendar.addWorkingDays('2026-12-07', 5)).toBe('2026-12-14');
  });

  it('puts a deadline across the Spring Festival after the holiday, counting both make-up Saturdays', () => {
    // Accepted Thursday 2026-02-12: Fri 13, Sat 14 (调休), then the 15th–23rd off, Tue 24 …
    expect(calendar.addWorkingDays('2026-02-12', 2)).toBe('2026-02-14');
    expect(calendar.addWorkingDays('2026-02-12', 3)).toBe('2026-02-24');
    expect(calendar.countWorkingDays('2026-02-12', '2026-02-28')).toBe(2 + 4 + 1);
  });

  it('leaves stopped time out and has no deadline while the clock stands still', () => {
    const stops = [{ from: '2026-12-09', to: '2026-12-11' }];
    // 8th counts, 9th and 10th are stopped, 11th counts.
    expect(calendar.countWorkingDays('2026-12-07', '2026-12-11', stops)).toBe(2);
    expect(calendar.addWorkingDays('2026-12-07', 3, stops)).toBe('2026-12-14');
    expect(calendar.addWorkingDays('2026-12-07', 3, [{ from: '2026-12-09' }])).toBeUndefined();
  });

  it('crosses into the next year with its own holidays', () => {
    // 2025-12-31 (Wed) + 1: 2026-01-01..03 off, 01-04 (Sunday) works.
    expect(calendar.addWorkingDays('2025-12-31', 1)).toBe('2026-01-04');
  });

  it('counts a year it has no data for Monday to Friday and names it as missing', () => {
    expect(calendar.isWorkingDay('2027-03-01')).toBe(true); // Monday
    expect(calendar.isWorkingDay('2027-03-06')).toBe(false); // Saturday
    // 2026-12-29..31, then 2027-01-01 (Friday: no holiday is guessed) and 01-04..08, 01-11.
    expect(calendar.addWorkingDays('2026-12-28', 10)).toBe('2027-01-11');
    expect(calendar.missingYears('2026-12-28', '2027-01-11')).toEqual([2027]);
    expect(calendar.missingYears('2026-12-28', '2028-02-01')).toEqual([2027, 2028]);
  });

  it('names no year missing for a count inside the known years, the day a count starts excluded', () => {
    expect(calendar.missingYears('2025-03-01', '2026-12-31')).toEqual([]);
    expect(calendar.missingYears('2024-12-31', '2025-01-10')).toEqual([]);
    expect(calendar.missingYears('2024-12-30', '2025-01-10')).toEqual([2024]);
  });

  it('refuses calendar data that contradicts itself', () => {
    const bad = { ...year(2026), workdays: [{ date: '2026-02-16', name: '周一' }] };
    expect(() => assertCalendarYear(bad)).toThrow(CalendarInvalidError);
    const inHoliday = { ...year(2026), workdays: [{ date: '2026-02-15', name: '春节中' }] };
    expect(() => assertCalendarYear(inHoliday)).toThrow(CalendarInvalidError);
  });
});
