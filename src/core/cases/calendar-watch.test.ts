import { describe, expect, it } from 'vitest';
import { calendarGap, createCalendarWatch, NOTICE_DAYS } from './calendar-watch.js';
import type { CalendarYear } from './working-calendar.js';

const years = (...ys: number[]) => ys.map((year) => ({ year }) as CalendarYear);

describe('calendar watch', () => {
  it('raises next year only within the notice period, and the current year always', () => {
    expect(calendarGap([2026], '2026-11-01')).toEqual({ due: [], daysUntilUnknown: 61 });
    expect(calendarGap([2026], '2026-11-02')).toEqual({ due: [2027], daysUntilUnknown: NOTICE_DAYS });
    expect(calendarGap([2026], '2026-12-07')).toEqual({ due: [2027], daysUntilUnknown: 25 });
    expect(calendarGap([2026, 2027], '2026-12-07')).toEqual({ due: [], daysUntilUnknown: 390 });
    expect(calendarGap([2025, 2026], '2027-01-04')).toEqual({ due: [2027], daysUntilUnknown: 0 });
    expect(calendarGap([], '2027-12-07')).toEqual({ due: [2027, 2028], daysUntilUnknown: 0 });
  });

  it('warns at start while a year is due and says nothing otherwise', async () => {
    const warnings: object[] = [];
    const logger = { warn: (obj: object) => void warnings.push(obj), error: () => {} };
    const watch = (list: number[], at: string) =>
      createCalendarWatch({ calendars: { list: async () => years(...list) }, logger, now: () => new Date(`${at}T04:00:00Z`) });
    const missing = watch([2025, 2026], '2026-12-07');
    missing.start();
    await expect.poll(() => warnings).toEqual([{ calendarYearsMissing: [2027], daysUntilUnknown: 25 }]);
    missing.stop();
    const complete = watch([2026, 2027], '2026-12-07');
    complete.start();
    expect(await complete.gap()).toEqual({ due: [], daysUntilUnknown: 390 });
    complete.stop();
    expect(warnings).toHaveLength(1);
  });

  it('warns again on every interval while the year is missing', async () => {
    const warnings: object[] = [];
    const watch = createCalendarWatch({
      calendars: { list: async () => years(2026) },
      logger: { warn: (obj: object) => void warnings.push(obj), error: () => {} },
      now: () => new Date('2026-12-07T04:00:00Z'),
      intervalMs: 5,
    });
    watch.start();
    await expect.poll(() => warnings.length).toBeGreaterThanOrEqual(3);
    watch.stop();
  });
});
