/**
 * A working calendar made up for tests: TEST FIXTURE, not a State Council notice, never shipped
 * (only src/core/cases/calendars is seeded). Its one holiday is whatever day a test needs to tell
 * an exact count from the provisional Monday-to-Friday one.
 */
import type { CalendarYear } from '../../src/core/cases/working-calendar.js';

export const TEST_FIXTURE_TITLE = '测试夹具：虚构的工作日历，不是国务院通知，不得发布 (TEST FIXTURE, not a State Council notice)';

export function testFixtureCalendar(year: number, holidays: readonly string[] = []): CalendarYear {
  return {
    year,
    source: { title: TEST_FIXTURE_TITLE, issuedOn: `${year - 1}-12-01` },
    holidays: holidays.map((date) => ({ name: '测试夹具假日', from: date, to: date })),
    workdays: [],
  };
}
