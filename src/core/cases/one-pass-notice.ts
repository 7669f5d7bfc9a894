/**
 * @module core/cases/one-pass-notice
 * 一次性告知书: everything still missing for a case, in one go, as data and as printable text, so
 * the applicant never has to come back to learn of another material (最多跑一次).
 */
import type { CaseClock } from './case-clock.js';
import type { CaseRecord } from './case.js';

export interface OnePassNotice {
  title: '一次性告知书';
  caseNo: string;
  itemName: string;
  applicantName: string;
  responsible: CaseRecord['responsible'];
  issuedOn: string;
  deadline: string | undefined;
  /** The deadline was counted Monday to Friday through a year whose holidays are not entered yet. */
  provisional: boolean;
  exempted: { code: string; name: string }[];
  missing: { code: string; name: string; form: string; copies: number; required: boolean; dueDate?: string }[];
  text: string;
}

export function onePassNotice(record: CaseRecord, clock: CaseClock, today: string): OnePassNotice {
  const missing = record.checklist
    .filter((c) => c.status === 'tolerated' || c.status === 'to-submit')
    .map((c) => ({
      code: c.code,
      name: c.name,
      form: c.form,
      copies: c.copies,
      required: c.required,
      ...(c.dueDate ? { dueDate: c.dueDate } : {}),
    }));
  const exempted = record.checklist
    .filter((c) => c.status === 'exempted' || c.status === 'committed')
    .map((c) => ({ code: c.code, name: c.name }));
  const lines = [
    '一次性告知书',
    `办件编号：${record.caseNo}`,
    `事项：${record.itemName}`,
    `申请人：${record.applicant.name}`,
    `首办负责人：${record.responsible.name}${record.responsible.phone ? `（${record.responsible.phone}）` : ''}`,
    exempted.length > 0 ? `无需提交（已在线核验或已承诺）：${exempted.map((e) => e.name).join('、')}` : '无需提交的材料：无',
    missing.length > 0 ? '尚需提交的材料（一次告知）：' : '材料已齐全。',
    ...missing.map(
      (m, i) =>
        `${i + 1}. ${m.name}（${m.form}，${m.copies}份${m.required ? '' : '，非必需'}）${m.dueDate ? `，容缺受理，请于 ${m.dueDate} 前补齐` : ''}`,
    ),
    clock.deadline
      ? `承诺办结日期：${clock.deadline}（${clock.limitDays}个工作日${clock.provisional ? `；${clock.calendarYearsMissing.join('、')}年节假日安排尚未录入，按周一至周五暂计，以录入后为准` : ''}）`
      : '计时已暂停',
    `告知日期：${today}`,
  ];
  return {
    title: '一次性告知书',
    caseNo: record.caseNo,
    itemName: record.itemName,
    applicantName: record.applicant.name,
    responsible: record.responsible,
    issuedOn: today,
    deadline: clock.deadline,
    provisional: clock.provisional,
    exempted,
    missing,
    text: lines.join('\n'),
  };
}
