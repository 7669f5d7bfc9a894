/**
 * @module core/cases/calendar-service
 * Reading and correcting the working-day calendar. Every correction is checked (contract, then
 * consistency), audited, and seen by the next deadline computed — the calendar is re-read per use
 * because it is a handful of rows and a stale holiday list would misstate deadlines.
 */
import type { Principal } from '../auth/principal.js';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { ValidationError } from '../errors.js';
import type { CalendarRepository } from '../ports/calendar-repository.js';
import { CalendarYearUnknownError } from './case-errors.js';
import { assertCalendarYear, createWorkingCalendar, type CalendarYear, type WorkingCalendar } from './working-calendar.js';

export interface CalendarServiceDeps {
  calendars: CalendarRepository;
  contracts: Pick<ContractRegistry, 'validate'>;
  now(): Date;
}

export interface CalendarYearView extends CalendarYear {
  workingDayCount: number;
}

export function createCalendarService(deps: CalendarServiceDeps) {
  return {
    async calendar(): Promise<WorkingCalendar> {
      return createWorkingCalendar(await deps.calendars.list());
    },

    async year(year: number): Promise<CalendarYearView> {
      const found = await deps.calendars.find(year);
      if (!found) throw new CalendarYearUnknownError(`没有${year}年的工作日历`);
      const calendar = createWorkingCalendar([found]);
      return { ...found, workingDayCount: calendar.countWorkingDays(`${year - 1}-12-31`, `${year}-12-31`) };
    },

    async correct(caller: Principal, year: number, body: unknown): Promise<CalendarYearView> {
      const errors = deps.contracts.validate(ContractIds.workingCalendar, body);
      if (errors.length > 0) throw new ValidationError('the calendar does not match its contract', { errors });
      const value = assertCalendarYear(body as CalendarYear);
      if (value.year !== year) {
        throw new ValidationError('the body is for another year', { errors: [{ pointer: '/year', detail: `must be ${year}` }] });
      }
      await deps.calendars.save(value, caller.actor, [
        {
          action: 'calendar.correct',
          actor: caller.actor,
          role: caller.role,
          department: caller.department,
          target: String(year),
          result: 'ok',
          requestId: undefined,
          at: deps.now(),
          details: { holidays: value.holidays.length, workdays: value.workdays.length, source: value.source.title },
        },
      ]);
      return this.year(year);
    },
  };
}

export type CalendarService = ReturnType<typeof createCalendarService>;
