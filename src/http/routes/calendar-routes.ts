/**
 * @module http/routes/calendar-routes
 * The working-day calendar: readable by anyone (a citizen may check a promised date), correctable
 * by the security admin when the State Council's notice is published or amended.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { CalendarService } from '../../core/cases/calendar-service.js';
import { ValidationError } from '../../core/errors.js';
import type { RouteRegistry } from '../route.js';

export interface CalendarRouteDeps {
  calendar: Pick<CalendarService, 'year' | 'correct'>;
}

const CALENDAR = {
  type: 'object',
  description: 'Contract https://zhengzhao.gov.cn/schemas/calendar/working-calendar/1.json plus the count of working days',
  required: ['year', 'source', 'holidays', 'workdays'],
  properties: {
    year: { type: 'integer' },
    source: { type: 'object' },
    holidays: { type: 'array' },
    workdays: { type: 'array' },
    workingDayCount: { type: 'integer' },
  },
};

function yearOf(raw: string | undefined): number {
  const year = Number(raw);
  if (!raw || !/^\d{4}$/.test(raw) || year < 2000 || year > 2100) {
    throw new ValidationError('the year is four digits, 2000–2100', { errors: [{ pointer: '/path/year', detail: 'must be a year' }] });
  }
  return year;
}

export function registerCalendarRoutes(routes: RouteRegistry, deps: CalendarRouteDeps): void {
  routes.add(
    {
      operationId: 'getCalendar',
      method: 'GET',
      path: '/v1/calendar/{year}',
      summary: 'The working-day calendar of a year: public holidays, make-up working days (调休) and the notice they come from',
      tags: ['cases'],
      responses: { 200: { description: 'The year', schema: CALENDAR }, 404: { description: 'No calendar for that year' } },
    },
    async ({ c }) => c.json(await deps.calendar.year(yearOf(c.req.param('year')))),
  );

  routes.add<unknown>(
    {
      operationId: 'correctCalendar',
      method: 'POST',
      path: '/v1/calendar/{year}',
      summary: 'Replace a year of the calendar (contract calendar/working-calendar); audited',
      tags: ['cases'],
      body: { contentType: 'application/json', schema: { type: 'object' } },
      responses: { 200: { description: 'The year as now stored', schema: CALENDAR }, 422: { description: 'Invalid calendar' } },
    },
    async ({ c, principal, body }) => c.json(await deps.calendar.correct(principal as Principal, yearOf(c.req.param('year')), body)),
  );
}
