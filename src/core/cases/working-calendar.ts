/**
 * @module core/cases/working-calendar
 * Working days as the State Council's annual notice defines them (DESIGN §4): Monday to Friday,
 * minus the days off of each holiday period, plus the weekend days declared working days (调休).
 * The calendar is data, one year at a time, and never computed from rules. A date in a year without
 * data is counted Monday to Friday only as a provisional count, not a calendar: a county cannot stop
 * opening cases on 1 January because the notice is late, yet a guessed holiday would be a made-up
 * deadline. So the count is flagged (`missingYears`) and every clock that touched such a year says so;
 * clocks are computed on read, so they become exact once the year is entered.
 *
 * Counting follows the administrative rule that the day a period starts is not counted (期间开始之日不
 * 计算在内): the first working day of a case is the working day after it was accepted. A stop
 * (statutory suspension: 听证, 检验检测, 专家评审 …) excludes the working days from the day the clock
 * stopped up to the day before it resumed.
 */
import type { WorkingCalendar as CalendarYear } from '../payloads/working-calendar.js';
import { CalendarInvalidError } from './case-errors.js';

export type { CalendarYear };

/** A stop of the clock: `from` (the stop day) up to `to` (the resume day, not excluded); open while `to` is absent. */
export interface ClockStop {
  from: string;
  to?: string | undefined;
}

export interface WorkingCalendar {
  readonly years: readonly number[];
  /** A working day per the year's notice; in a year without one, provisionally Monday to Friday. */
  isWorkingDay(date: string): boolean;
  /** Years without a calendar among the days d with `after` < d ≤ `through`: a count over them is provisional. */
  missingYears(after: string, through: string): number[];
  /** Working days d with `after` < d ≤ `through`, outside every stop. */
  countWorkingDays(after: string, through: string, stops?: readonly ClockStop[]): number;
  /** The day on which the `n`-th counted working day after `start` falls; undefined while a stop is open. */
  addWorkingDays(start: string, n: number, stops?: readonly ClockStop[]): string | undefined;
}

const DAY_MS = 86_400_000;

export function nextDate(date: string, days = 1): string {
  return new Date(Date.parse(`${date}T00:00:00Z`) + days * DAY_MS).toISOString().slice(0, 10);
}

function weekday(date: string): number {
  return new Date(`${date}T00:00:00Z`).getUTCDay();
}

/** Checks one year's data for contradictions; returns it unchanged. */
export function assertCalendarYear(year: CalendarYear): CalendarYear {
  const inYear = (d: string) =>
    d.startsWith(`${year.year}-`) || d.startsWith(`${year.year + 1}-01-`) || d.startsWith(`${year.year - 1}-12-`);
  for (const h of year.holidays) {
    if (!inYear(h.from) || !inYear(h.to) || h.to < h.from) {
      throw new CalendarInvalidError(`假期“${h.name}”的日期不在${year.year}年或起止颠倒`);
    }
  }
  for (const w of year.workdays) {
    if (!w.date.startsWith(`${year.year}-`) || weekday(w.date) % 6 !== 0) {
      throw new CalendarInvalidError(`调休上班日 ${w.date} 须是${year.year}年的周六或周日`);
    }
    if (year.holidays.some((h) => h.from <= w.date && w.date <= h.to)) {
      throw new CalendarInvalidError(`调休上班日 ${w.date} 落在放假期间`);
    }
  }
  return year;
}

export function createWorkingCalendar(years: readonly CalendarYear[]): WorkingCalendar {
  const off = new Set<string>();
  const on = new Set<string>();
  const known = new Set<number>();
  for (const year of years) {
    known.add(year.year);
    for (const h of year.holidays) for (let d = h.from; d <= h.to; d = nextDate(d)) off.add(d);
    for (const w of year.workdays) on.add(w.date);
  }

  function isWorkingDay(date: string): boolean {
    if (on.has(date)) return true;
    if (off.has(date)) return false;
    const day = weekday(date);
    return day !== 0 && day !== 6;
  }

  const stopped = (date: string, stops: readonly ClockStop[]) => stops.some((s) => s.from <= date && (s.to === undefined || date < s.to));

  return {
    years: [...known].sort(),
    isWorkingDay,
    missingYears(after, through) {
      const missing: number[] = [];
      for (let y = Number(nextDate(after).slice(0, 4)); y <= Number(through.slice(0, 4)); y++) if (!known.has(y)) missing.push(y);
      return missing;
    },
    countWorkingDays(after, through, stops = []) {
      let count = 0;
      for (let d = nextDate(after); d <= through; d = nextDate(d)) if (isWorkingDay(d) && !stopped(d, stops)) count += 1;
      return count;
    },
    addWorkingDays(start, n, stops = []) {
      if (stops.some((s) => s.to === undefined)) return undefined;
      let d = start;
      for (let counted = 0; counted < n;) {
        d = nextDate(d);
        if (isWorkingDay(d) && !stopped(d, stops)) counted += 1;
      }
      return d;
    },
  };
}
