/**
 * @module web/cases/case-pages
 * The clerk's case intake (办件受理), Chinese at the counter: pick the published item (search by
 * name or code), enter the applicant, open the case; then the checklist with 一键核验, each material
 * as 免提交 ✓ (with the licence and its checks), 待提交, 容缺 (with its due date) or 已承诺, the
 * remaining working days, and the printable 一次性告知书 with the QR code of the material package's
 * verification link. Item names, materials and the notice are Chinese data whatever the console's
 * language, so they carry `lang="zh-CN"` for screen readers.
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

const STATUS_TAGS: Readonly<Record<ChecklistEntry['status'], string>> = {
  exempted: 'valid',
  committed: 'valid',
  tolerated: 'suspended',
  'to-submit': 'revoked',
  pending: '',
  submitted: 'valid',
};

export const ID_TYPES = ['ID', 'USCC', 'PASSPORT', 'HKMO', 'TW'] as const;

/** Chinese data inside a page of any language. */
export const zh = (text: string): SafeHtml => html`<span lang="zh-CN">${text}</span>`;

export function intakePage(view: ConsoleView, items: PublishedItemView[], query: string, message?: Flash): SafeHtml {
  const t = view.t.cases;
  return html`<h1>${t.title}</h1>
${flash(message)}
<form method="get" action="${CASES_PATH}/new" class="filters">
${textField('q', t.search, { value: query, maxLength: 100 })}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
<form method="post" action="${CASES_PATH}">
${csrfInput(view)}
<fieldset><legend>${t.item}</legend>
${
  items.length === 0
    ? html`<p class="note">${t.noItems}</p>`
    : items.map(
        (
          item,
          i,
        ) => html`<div><input type="radio" id="item-${i}" name="itemCode" value="${item.code}" required${items.length === 1 ? html` checked` : undefined}>
<label for="item-${i}" class="inline">${zh(item.name)} <code>${item.code}</code></label></div>`,
      )
}
</fieldset>
<fieldset><legend>${t.applicant}</legend>
${selectField(
  'idType',
  t.idType,
  ID_TYPES.map((code) => [code, t.idTypes[code]] as const),
)}
<div><label for="applicantId">${t.idNumber}</label><input type="text" id="applicantId" name="applicantId" required maxlength="64" autocomplete="off" spellcheck="false"></div>
${textField('applicantName', t.applicantName, { required: true, maxLength: 200 })}
</fieldset>
${textField('responsible', t.responsible, { value: view.username, required: true, maxLength: 100 })}
<button type="submit" class="primary">${t.open}</button>
</form>`;
}

export function casePage(
  view: ConsoleView,
  data: CaseView,
  checked?: MaterialCheckResult & { packageQr: SafeHtml },
  message?: Flash,
): SafeHtml {
  const t = view.t.cases;
  const checklist = checked?.checklist ?? data.checklist;
  const clock = data.clock;
  return html`<h1>${t.heading} <code>${data.caseNo}</code></h1>
${flash(message)}
<dl>
<dt>${t.item}</dt><dd>${zh(data.item.name)} <code>${data.item.code}</code></dd>
<dt>${t.applicant}</dt><dd>${zh(data.applicant.name)}</dd>
<dt>${t.remaining}</dt><dd id="remaining-days">${clock.stopped ? t.stopped : html`<strong>${clock.remainingWorkingDays}</strong> ${t.days(clock.deadline ?? '—', clock.limitDays)}`}${clock.overdue ? html` <span class="fail">${t.overdue}</span>` : undefined}${
    clock.provisional
      ? html`<br><small id="clock-provisional" class="fail">${t.provisional(clock.calendarYearsMissing)}</small>`
      : undefined
  }</dd>
</dl>
<form method="post" action="${CASES_PATH}/${data.caseNo}/check" class="no-print">
${csrfInput(view)}
<table id="checklist">
<thead><tr><th scope="col">${t.material}</th><th scope="col">${t.source}</th><th scope="col">${t.status}</th><th scope="col">${t.commitment}</th></tr></thead>
<tbody>
${checklist.map((m) => materialRow(view, m, data.caseNo))}
</tbody></table>
<button type="submit" class="primary">${t.check}</button>
</form>
${checked ? noticeSection(view, checked) : undefined}`;
}

function materialRow(view: ConsoleView, m: ChecklistEntry, caseNo: string): SafeHtml {
  const t = view.t.cases;
  const source =
    m.source.kind === 'license' ? t.fromLicence(m.source.typeCode) : m.source.kind === 'document' ? t.fromDocument : t.fromApplicant;
  const promise = m.source.kind !== 'license' && m.status !== 'submitted';
  return html`<tr><td>${zh(m.name)}${m.required ? undefined : html` <small>${t.optional}</small>`}</td><td>${source}</td>
<td><span class="tag ${STATUS_TAGS[m.status]}">${t.statuses[m.status]}</span>${m.licenseId ? html` <code>${m.licenseId}</code>` : undefined}${
    m.dueDate ? html` <small>${t.dueBy(m.dueDate)}${m.dueDateProvisional ? t.dueProvisional : undefined}</small>` : undefined
  }</td>
<td>${promise ? html`<input type="checkbox" id="commit-${caseNo}-${m.code}" name="${COMMIT_PREFIX}${m.code}" value="yes"${m.status === 'committed' ? html` checked` : undefined}> <label class="inline" for="commit-${caseNo}-${m.code}">${t.signed}</label>` : undefined}</td></tr>`;
}

function noticeSection(view: ConsoleView, checked: MaterialCheckResult & { packageQr: SafeHtml }): SafeHtml {
  const t = view.t.cases;
  const notice = checked.notice;
  return html`<section id="notice" aria-labelledby="notice-title">
<h2 id="notice-title" lang="zh-CN">${notice.title}</h2>
<pre class="notice" lang="zh-CN">${notice.text}</pre>
<h3>${t.package}</h3>
<div class="qr" id="package-qr">${checked.packageQr}</div>
<p class="note">${t.packageNote} <code class="digest">${checked.packageDigest}</code></p>
<p class="no-print"><button type="button" data-print hidden>${t.print}</button></p>
</section>`;
}
