/**
 * @module web/cases/case-pages
 * The clerk's case intake (办件受理), Chinese at the counter: pick the published item (search by
 * name or code), enter the applicant, open the case; then the checklist with 一键核验, each material
 * as 免提交 ✓ (with the licence and its checks), 待提交, 容缺 (with its due date) or 已承诺, the
 * remaining working days, and the printable 一次性告知书 with the material package's QR code.
 */
import type { CaseView } from '../../core/cases/case-service.js';
import type { ChecklistEntry } from '../../core/cases/case.js';
import type { MaterialCheckResult } from '../../core/cases/check-materials.js';
import type { PublishedItemView } from '../../core/catalogue/catalogue-service.js';
import type { ConsoleView } from '../console-shell.js';
import { csrfInput, flash, selectField, textField, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';

export const CASES_PATH = '/console/cases';
/** One checkbox per material (a form field may not repeat): `commit-<material code>`. */
export const COMMIT_PREFIX = 'commit-';

const STATUS: Readonly<Record<ChecklistEntry['status'], { label: string; tag: string }>> = {
  exempted: { label: '免提交 ✓', tag: 'valid' },
  committed: { label: '已承诺', tag: 'valid' },
  tolerated: { label: '容缺', tag: 'suspended' },
  'to-submit': { label: '待提交', tag: 'revoked' },
  pending: { label: '待核验', tag: '' },
  submitted: { label: '已提交', tag: 'valid' },
};

const ID_TYPES = [
  ['ID', '居民身份证'],
  ['USCC', '统一社会信用代码'],
  ['PASSPORT', '护照'],
  ['HKMO', '港澳居民来往内地通行证'],
  ['TW', '台湾居民来往大陆通行证'],
] as const;

export function intakePage(view: ConsoleView, items: PublishedItemView[], query: string, message?: Flash): SafeHtml {
  return html`<h1>办件受理</h1>
${flash(message)}
<form method="get" action="${CASES_PATH}/new" class="filters">
${textField('q', '搜索事项（名称或编码）', { value: query, maxLength: 100 })}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
<form method="post" action="${CASES_PATH}">
${csrfInput(view)}
<fieldset><legend>事项</legend>
${
  items.length === 0
    ? html`<p class="note">没有符合条件的已公布事项。</p>`
    : items.map(
        (
          item,
          i,
        ) => html`<div><input type="radio" id="item-${i}" name="itemCode" value="${item.code}" required${items.length === 1 ? html` checked` : undefined}>
<label for="item-${i}" class="inline">${item.name} <code>${item.code}</code></label></div>`,
      )
}
</fieldset>
<fieldset><legend>申请人</legend>
${selectField('idType', '证件类型', ID_TYPES)}
<div><label for="applicantId">证件号码</label><input type="text" id="applicantId" name="applicantId" required maxlength="64" autocomplete="off" spellcheck="false"></div>
${textField('applicantName', '姓名或名称', { required: true, maxLength: 200 })}
</fieldset>
${textField('responsible', '首办负责人', { value: view.username, required: true, maxLength: 100 })}
<button type="submit" class="primary">开始办件</button>
</form>`;
}

export function casePage(
  view: ConsoleView,
  data: CaseView,
  checked?: MaterialCheckResult & { packageQr: SafeHtml },
  message?: Flash,
): SafeHtml {
  const checklist = checked?.checklist ?? data.checklist;
  const clock = data.clock;
  return html`<h1>办件 <code>${data.caseNo}</code></h1>
${flash(message)}
<dl>
<dt>事项</dt><dd>${data.item.name} <code>${data.item.code}</code></dd>
<dt>申请人</dt><dd>${data.applicant.name}</dd>
<dt>剩余工作日</dt><dd id="remaining-days">${clock.stopped ? '计时已暂停' : html`<strong>${clock.remainingWorkingDays}</strong> 个工作日（办结期限 ${clock.deadline ?? '—'}，共 ${clock.limitDays} 个工作日）`}${clock.overdue ? html` <span class="fail">已超期</span>` : undefined}</dd>
</dl>
<form method="post" action="${CASES_PATH}/${data.caseNo}/check" class="no-print">
${csrfInput(view)}
<table id="checklist">
<thead><tr><th scope="col">材料</th><th scope="col">来源</th><th scope="col">状态</th><th scope="col">申请人承诺</th></tr></thead>
<tbody>
${checklist.map((m) => materialRow(m, data.caseNo))}
</tbody></table>
<button type="submit" class="primary">一键核验</button>
</form>
${checked ? noticeSection(checked) : undefined}`;
}

function materialRow(m: ChecklistEntry, caseNo: string): SafeHtml {
  const status = STATUS[m.status];
  const source = m.source.kind === 'license' ? `电子证照 ${m.source.typeCode}` : m.source.kind === 'document' ? '文书' : '申请人提交';
  const promise = m.source.kind !== 'license' && m.status !== 'submitted';
  return html`<tr><td>${m.name}${m.required ? undefined : html` <small>（非必需）</small>`}</td><td>${source}</td>
<td><span class="tag ${status.tag}">${status.label}</span>${m.licenseId ? html` <code>${m.licenseId}</code>` : undefined}${
    m.dueDate ? html` <small>补交期限 ${m.dueDate}</small>` : undefined
  }</td>
<td>${promise ? html`<input type="checkbox" id="commit-${caseNo}-${m.code}" name="${COMMIT_PREFIX}${m.code}" value="yes"${m.status === 'committed' ? html` checked` : undefined}> <label class="inline" for="commit-${caseNo}-${m.code}">已签承诺书</label>` : undefined}</td></tr>`;
}

function noticeSection(checked: MaterialCheckResult & { packageQr: SafeHtml }): SafeHtml {
  const notice = checked.notice;
  return html`<section id="notice" aria-labelledby="notice-title">
<h2 id="notice-title">${notice.title}</h2>
<pre class="notice">${notice.text}</pre>
<h3>材料包</h3>
<div class="qr" id="package-qr">${checked.packageQr}</div>
<p class="note">材料包由枢纽签名（typ zz-material-package+jwt）；二维码含办件编号与材料包摘要，可在枢纽核对。</p>
<p class="no-print"><button type="button" data-print hidden>打印告知书和材料包</button></p>
</section>`;
}
