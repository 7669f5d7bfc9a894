/**
 * @module core/cases/calendar-watch
 * Who must act when a working calendar is missing: the State Council's notice for next year comes
 * late in the year and someone has to enter it before clocks run into that year. Missing years are
 * counted Monday to Friday (provisional, see working-calendar), so this tells the people who can fix
 * it — a `warn` log line at start and once a day, a gauge, and the security admin's console — once
 * next year is within `NOTICE_DAYS`, and always when the current year is missing.
 */
import { beijingDate } from '../licenses/license.js';
import type { Logger } from '../ports/logger.js';
import type { CalendarRepository } from '../ports/calendar-repository.js';

/** How long before 1 January a missing calendar for the coming year is raised. */
export const NOTICE_DAYS = 60;
const DAY_MS = 86_400_000;

export interface CalendarGap {
  /** Years to enter now: the current year if missing, next year if missing and within `NOTICE_DAYS`. */
  due: number[];
  /** Days from today to the first day in a year without a calendar (0 when the current year has none). */
  daysUntilUnknown: number;
}

const daysBetween = (from: string, to: string) => Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);

export function calendarGap(known: readonly number[], today: string): CalendarGap {
  const year = Number(today.slice(0, 4));
  let first = year;
  while (known.includes(first)) first += 1;
  const daysUntilUnknown = Math.max(0, daysBetween(today, `${first}-01-01`));
  const due = [year, year + 1].filter((y) => !known.includes(y) && daysBetween(today, `${y}-01-01`) <= NOTICE_DAYS);
  return { due, daysUntilUnknown };
}

export interface CalendarWatchDeps {
  calendars: Pick<CalendarRepository, 'list'>;
  logger: Pick<Logger, 'warn' | 'error'>;
  now(): Date;
  /** Between checks; a day unless a test says otherwise. */
  intervalMs?: number;
}

export function createCalendarWatch(deps: CalendarWatchDeps) {
  let timer: NodeJS.Timeout | undefined;
  async function gap(): Promise<CalendarGap> {
    return calendarGap(
      (await deps.calendars.list()).map((y) => y.year),
      beijingDate(deps.now()),
    );
  }
  async function check(): Promise<void> {
    const found = await gap();
    if (found.due.length > 0) {
      deps.logger.warn(
        { calendarYearsMissing: found.due, daysUntilUnknown: found.daysUntilUnknown },
        'working calendar missing: deadlines in these years are counted Monday to Friday (provisional) until a security admin enters the State Council notice (POST /v1/calendar/{year})',
      );
    }
  }
  const checkLogged = () =>
    void check().catch((error: unknown) => deps.logger.error({ err: error }, 'the working calendars could not be read'));
  return {
    gap,
    /** Checks now and then once per interval, until `stop`. */
    start(): void {
      checkLogged();
      timer ??= setInterval(checkLogged, deps.intervalMs ?? DAY_MS).unref();
    },
    stop(): void {
      clearInterval(timer);
      timer = undefined;
    },
  };
}

export type CalendarWatch = ReturnType<typeof createCalendarWatch>;
