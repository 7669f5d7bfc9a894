/**
 * @module core/cases/case-clock
 * The case's working-day clock (最多一个月): the limit is the item's promise, the statutory limit,
 * and the level's cap (村/社区 and 乡镇/街道 ≤ 6, county departments ≤ 24), whichever is shortest;
 * the clock starts at acceptance (受理, the opening unless an `accepted` milestone says otherwise)
 * and leaves stopped time out.
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
  return {
    startedOn,
    limitDays: record.limitDays,
    deadline: calendar.addWorkingDays(startedOn, record.limitDays, stops),
    usedWorkingDays: used,
    remainingWorkingDays: record.limitDays - used,
    stopped: stops.some((s) => s.to === undefined),
    overdue: used > record.limitDays,
  };
}
