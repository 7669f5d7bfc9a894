/**
 * @module payloads/working-calendar
 * 工作日历 Working-day calendar — generated from schemas/calendar/working-calendar.json (https://zhengzhao.gov.cn/schemas/calendar/working-calendar/1.json); do not edit.
 * Regenerate: npx vitest run --config test/vitest.config.ts --project unit connectors/sdk/src/payload-types.test.ts -u
 */
import type { CalendarDate } from './definitions.js';

/** 工作日历 Working-day calendar */
export interface WorkingCalendar {
  /** 年份 Year */
  year: number;
  /** 依据 Source */
  source: {
    /** 通知标题 Title */
    title: string;
    /** 文号 Document number */
    docNo?: string;
    issuedOn: CalendarDate;
    /** 网址 URL */
    url?: string;
  };
  /** 放假 Days off */
  holidays: {
    /** 节日 Holiday */
    name: string;
    from: CalendarDate;
    to: CalendarDate;
  }[];
  /** 调休上班日 Make-up working days */
  workdays: {
    date: CalendarDate;
    /** 说明 Note */
    name: string;
  }[];
}
