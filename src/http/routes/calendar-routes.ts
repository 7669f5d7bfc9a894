/**
 * @module http/routes/calendar-routes
 * The working-day calendar: readable by anyone (a citizen may check a promised date), correctable
 * by the security admin when the State Council's notice is published or amended.
 */
import type { CalendarService } from '../../core/cases/calendar-service.js';
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

const YEAR_PARAMS = {
  type: 'object',
  required: ['year'],
  properties: { year: { type: 'string', pattern: '^20[0-9]{2}$|^2100$', description: 'The calendar year', examples: ['2026'] } },
} as const;
type YearParams = { params: { year: string } };

export function registerCalendarRoutes(routes: RouteRegistry, deps: CalendarRouteDeps): void {
  routes.add<YearParams>(
    {
      operationId: 'getCalendar',
      method: 'GET',
      path: '/v1/calendar/{year}',
      summary: 'The working-day calendar of a year: public holidays, make-up working days (调休) and the notice they come from',
      tags: ['cases'],
      params: YEAR_PARAMS,
      responses: { 200: { description: 'The year', schema: CALENDAR }, 404: { description: 'No calendar for that year' } },
    },
    async ({ c, params }) => c.json(await deps.calendar.year(Number(params.year))),
  );

  routes.add<YearParams & { body: unknown }>(
    {
      operationId: 'correctCalendar',
      method: 'POST',
      path: '/v1/calendar/{year}',
      summary: 'Replace a year of the calendar (contract calendar/working-calendar); audited',
      tags: ['cases'],
      params: YEAR_PARAMS,
      body: {
        'application/json': { type: 'object', description: 'Contract https://zhengzhao.gov.cn/schemas/calendar/working-calendar/1.json' },
      },
      responses: { 200: { description: 'The year as now stored', schema: CALENDAR }, 422: { description: 'Invalid calendar' } },
    },
    async ({ c, caller, params, body }) => c.json(await deps.calendar.correct(caller, Number(params.year), body)),
  );
}
