/**
 * @module core/cases/case-clock
 * The case's working-day clock (最多一个月): the limit is the item's promise, the statutory limit,
 * and the level's cap (村/社区 and 乡镇/街道 ≤ 6, county departments ≤ 24), whichever is shortest;
 * the clock starts at acceptance (受理, the opening unless an `accepted` milestone says otherwise)
 * and leaves stopped time out. A clock whose count or deadline touches a year without a working
 * calendar is provisional (Monday to Friday, see working-calendar) and names the years missing.
 */
import type { ServiceItem } from '../catalogue/service-item.js';
import type { CaseRecord } from './case.js';
import type { ClockStop, WorkingCalendar } from './working-calendar.js';

const LEVEL_CAP: Readonly<Record<ServiceItem['level'], number>> = { village: 6, township: 6, county: 24 };

export function limitFor(item: Pick<ServiceItem, 'level' | 'promisedDays' | 'statutoryDays'>): number {
  return Math.min(item.promisedDays, item.statutoryDays, LEVEL_CAP[item.level]);
}

export interface CaseClock {
  startedOn: string;
  limitDays: number;
  /** The last working day to decide on; absent while the clock is stopped. */
  deadline: string | undefined;
  usedWorkingDays: number;
  remainingWorkingDays: number;
  stopped: boolean;
  overdue: boolean;
  /** True when a year the clock counted through has no calendar yet: its days are counted Monday to Friday. */
  provisional: boolean;
  /** The years without a calendar the clock counted through, ascending; empty when exact. */
  calendarYearsMissing: number[];
}

export function clockStops(record: Pick<CaseRecord, 'milestones'>): ClockStop[] {
  const stops: ClockStop[] = [];
  for (const m of record.milestones) {
    if (m.type === 'clock-stopped') stops.push({ from: m.on });
    const open = stops[stops.length - 1];
    if (m.type === 'clock-resumed' && open && open.to === undefined) open.to = m.on;
  }
  return stops;
}

export function caseClock(
  calendar: WorkingCalendar,
  record: Pick<CaseRecord, 'openedOn' | 'limitDays' | 'milestones' | 'decidedOn'>,
  today: string,
): CaseClock {
  const startedOn = record.milestones.find((m) => m.type === 'accepted')?.on ?? record.openedOn;
  const stops = clockStops(record);
  const end = record.decidedOn ?? today;
  const used = end > startedOn ? calendar.countWorkingDays(startedOn, end, stops) : 0;
  const deadline = calendar.addWorkingDays(startedOn, record.limitDays, stops);
  // The days counted run to the deadline or to the end of the count, whichever is later.
  const missing = calendar.missingYears(startedOn, deadline !== undefined && deadline > end ? deadline : end);
  return {
    startedOn,
    limitDays: record.limitDays,
    deadline,
    usedWorkingDays: used,
    remainingWorkingDays: record.limitDays - used,
    stopped: stops.some((s) => s.to === undefined),
    overdue: used > record.limitDays,
    provisional: missing.length > 0,
    calendarYearsMissing: missing,
  };
}
