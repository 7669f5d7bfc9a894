import { describe, expect, it } from 'vitest';
import type { CaseView } from '../../core/cases/case-service.js';
import { en } from '../messages/en.js';
import { zhCN } from '../messages/zh-cn.js';
import { casePage } from './case-pages.js';

const clock = { startedOn: '2026-12-21', limitDays: 24, usedWorkingDays: 1, remainingWorkingDays: 23, stopped: false, overdue: false };
const view = (t = zhCN) => ({
  t,
  lang: t === en ? ('en' as const) : ('zh-CN' as const),
  username: 'u',
  role: 'clerk' as const,
  csrfToken: 't',
  path: '/',
});
const data = (extra: Partial<CaseView['clock']>): CaseView =>
  ({
    caseNo: 'XH1',
    item: { code: 'XH-SC-0001', version: 1, name: '食品经营许可（新办）' },
    applicant: { idType: 'USCC', id: '9143****', name: '某公司' },
    clock: { ...clock, ...extra },
    checklist: [],
  }) as unknown as CaseView;

describe('case page', () => {
  it('says a deadline counted through a year without a calendar is provisional, Chinese first and in English', () => {
    const provisional = data({ deadline: '2027-01-22', provisional: true, calendarYearsMissing: [2027] });
    const zh = casePage(view(), provisional).value;
    expect(zh).toContain('办结期限 2027-01-22');
    expect(zh).toContain('时限按周一至周五暂计：2027年工作日历尚未录入');
    expect(casePage(view(en), provisional).value).toContain(
      'counted Monday to Friday, as the working calendar for 2027 has not been entered',
    );
  });

  it('marks a 容缺 due date counted Monday to Friday', () => {
    const entry = { code: 'M2', name: '材料', required: true, source: { kind: 'applicant' }, status: 'tolerated', dueDate: '2027-01-05' };
    const page = (extra: object) => casePage(view(), { ...data({}), checklist: [{ ...entry, ...extra }] } as unknown as CaseView).value;
    expect(page({ dueDateProvisional: true })).toContain('补交期限 2027-01-05（按周一至周五暂计）');
    expect(page({})).not.toContain('暂计');
  });

  it('says nothing of the calendar for an exact deadline', () => {
    const page = casePage(view(), data({ deadline: '2026-12-14', provisional: false, calendarYearsMissing: [] })).value;
    expect(page).toContain('办结期限 2026-12-14');
    expect(page).not.toContain('clock-provisional');
  });
});
