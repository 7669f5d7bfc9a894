/**
 * A year without a working calendar on a real PostgreSQL: with the calendars of this year and later
 * taken out of the hub's database (the calendar set lacks the deadline's year, whatever today is),
 * a case still opens with a deadline counted Monday to Friday and marked provisional, the gauges
 * and the security admin's console say which year is missing, the exact calendar API still refuses
 * the year; once a security admin enters the year (a test fixture calendar), the same case shows
 * the exact deadline — clocks are computed on read.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createWorkingCalendar } from '../../src/core/cases/working-calendar.js';
import { beijingDate } from '../../src/core/licenses/license.js';
import { XINHUA_CATALOGUE } from '../../src/main/demo/xinhua-catalogue.js';
import { APPROVAL, COMPANY } from '../support/case-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { expectProblem } from '../support/problem-body.js';
import { testFixtureCalendar } from '../support/test-fixture-calendar.js';

const CIVIL = { uscc: '11431322006123460L', name: '新化县民政局' };
const FOOD_NEW = 'XH-SC-0001';
const LIMIT = 5;

interface ClockBody {
  caseNo: string;
  clock: { deadline?: string; remainingWorkingDays: number; provisional: boolean; calendarYearsMissing: number[] };
}

const gauge = (text: string, name: string) => Number(new RegExp(`^${name}(?:\\{[^}]*\\})? (\\d+)$`, 'm').exec(text)?.[1]);

describe('cases in a year without a working calendar', () => {
  let fixture: HubFixture;
  let clerk: string;
  let today: string;
  let year: number;

  beforeAll(async () => {
    fixture = await startHubFixture();
    await fixture.registerDepartment(APPROVAL.uscc, APPROVAL.name);
    await fixture.registerDepartment(CIVIL.uscc, CIVIL.name);
    expect((await fixture.call('POST', '/v1/catalogue/import?publish=true', { items: XINHUA_CATALOGUE })).status).toBe(200);
    clerk = await fixture.mintToken('clerk', APPROVAL.uscc);
    today = beijingDate(new Date());
    year = Number(today.slice(0, 4));
    await fixture.db.sql`delete from working_calendars where year >= ${year}`;
  });
  afterAll(async () => fixture?.stop());

  it('opens the case with a provisional Monday-to-Friday deadline, says which years are missing, and enters the exact one once the year is', async () => {
    const opened = await fixture.call(
      'POST',
      '/v1/cases',
      { itemCode: FOOD_NEW, applicant: COMPANY, channel: 'window', responsible: { name: '李娟' } },
      clerk,
    );
    expect(opened.status).toBe(201);
    const body = (await opened.json()) as ClockBody;
    const mondayToFriday = createWorkingCalendar([]).addWorkingDays(today, LIMIT) as string;
    expect(body.clock).toMatchObject({ deadline: mondayToFriday, remainingWorkingDays: LIMIT, provisional: true });
    const missing = body.clock.calendarYearsMissing;
    expect(missing[0]).toBe(year);
    expect(missing).toEqual([...new Set([year, Number(mondayToFriday.slice(0, 4))])]);

    // The 容缺 due date the applicant is told is counted the same way and says so.
    const checked = await fixture.call('POST', `/v1/cases/${body.caseNo}/materials/check`, { commitments: ['M4'] }, clerk);
    expect(checked.status).toBe(200);
    const { checklist, notice } = (await checked.json()) as {
      checklist: { code: string; dueDate?: string; dueDateProvisional?: boolean }[];
      notice: { provisional: boolean; text: string };
    };
    expect(notice.provisional).toBe(true);
    expect(notice.text).toContain(
      `承诺办结日期：${mondayToFriday}（${LIMIT}个工作日；${missing.join('、')}年节假日安排尚未录入，按周一至周五暂计`,
    );
    expect(checklist.find((c) => c.code === 'M2')).toMatchObject({ dueDate: mondayToFriday, dueDateProvisional: true });

    // An exact answer is still refused for the year.
    await expectProblem(await fetch(`${fixture.hub.url}/v1/calendar/${year}`), {
      status: 404,
      title: 'Not Found',
      code: 'ERR_CALENDAR_YEAR_UNKNOWN',
      instance: `/v1/calendar/${year}`,
    });
    const metrics = await (await fetch(`${fixture.hub.url}/metrics`)).text();
    expect(gauge(metrics, 'zz_calendar_days_until_unknown')).toBe(0);
    expect(gauge(metrics, 'zz_calendar_years_missing')).toBeGreaterThanOrEqual(1);

    // The fixture's one holiday is the case's first working day: the exact deadline is a working day later.
    const firstDay = createWorkingCalendar([]).addWorkingDays(today, 1) as string;
    const fixtures = missing.map((y) => testFixtureCalendar(y, firstDay.startsWith(`${y}-`) ? [firstDay] : []));
    for (const calendar of fixtures) expect((await fixture.call('POST', `/v1/calendar/${calendar.year}`, calendar)).status).toBe(200);
    const exact = createWorkingCalendar(fixtures);
    const read = (await (await fixture.call('GET', `/v1/cases/${body.caseNo}`, undefined, clerk)).json()) as ClockBody;
    expect(read.clock).toMatchObject({ deadline: exact.addWorkingDays(today, LIMIT), provisional: false, calendarYearsMissing: [] });
    expect(read.clock.deadline).not.toBe(mondayToFriday);
    expect((await fetch(`${fixture.hub.url}/v1/calendar/${year}`)).status).toBe(200);
  });
});
