/**
 * @module web/admin/certificate-pages
 * The security admin's certificate pages: the CRL's state, the inventory with its filters (rows
 * expiring within 30, 60 or 90 days marked, and named in text as well as colour), the issue form
 * taking the CSR as a file, and one certificate with its revoke / suspend / release forms.
 */
import { CertificateProfiles, RevocationReasons, SealKinds, type CertificateRecord } from '../../core/certificates/certificate-record.js';
import type { Department } from '../../core/departments/department.js';
import type { StoredCrl } from '../../core/ports/certificate-repository.js';
import type { ConsoleView } from '../console-shell.js';
import { csrfInput, flash, selectField, textField, type Flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { beijingTime } from '../verify-result-page.js';

export const CERTIFICATES_PATH = '/console/admin/certificates';
export const EXPIRY_WINDOWS = [30, 60, 90] as const;
const DAY_MS = 86_400_000;

export interface InventoryFilter {
  department?: string | undefined;
  profile?: string | undefined;
  status?: string | undefined;
  expiring?: string | undefined;
}

export interface CertificateView {
  record: CertificateRecord;
  status: 'valid' | 'suspended' | 'revoked' | 'expired';
}

/** The smallest window (30/60/90 days) a live certificate expires within, if any. */
export function expiryWindow(notAfter: Date, now: Date): number | undefined {
  const left = notAfter.getTime() - now.getTime();
  return left < 0 ? undefined : EXPIRY_WINDOWS.find((days) => left <= days * DAY_MS);
}

export function crlPanel(view: ConsoleView, crl: StoredCrl): SafeHtml {
  const t = view.t.certificates;
  return html`<section aria-labelledby="crl-title" class="card">
<h2 id="crl-title">${t.crl}</h2>
<dl>
<dt>${t.crlNumber}</dt><dd id="crl-number">${crl.crlNumber.toString()}</dd>
<dt>${t.thisUpdate}</dt><dd>${beijingTime(crl.thisUpdate.toISOString(), view.t)}</dd>
<dt>${t.nextUpdate}</dt><dd>${beijingTime(crl.nextUpdate.toISOString(), view.t)}</dd>
</dl>
<p><a href="/v1/pki/crl">${t.download} CRL</a> · <a href="/v1/pki/ca.pem">${t.download} CA</a></p>
</section>`;
}

export function inventoryPage(
  view: ConsoleView,
  data: { items: CertificateView[]; departments: Department[]; filter: InventoryFilter; crl: StoredCrl; now: Date; message?: Flash },
): SafeHtml {
  const t = view.t.certificates;
  const { filter } = data;
  const departments = data.departments.map((d) => [d.uscc, `${d.name} ${d.uscc}`] as const);
  const nameOf = (uscc: string) => data.departments.find((d) => d.uscc === uscc)?.name ?? uscc;
  return html`<h1>${t.title}</h1>
${flash(data.message)}
${crlPanel(view, data.crl)}
<h2>${t.title}</h2>
<form method="get" action="${CERTIFICATES_PATH}" class="filters">
${selectField('department', t.department, departments, { value: filter.department, blank: view.t.common.any })}
${selectField(
  'profile',
  t.profile,
  CertificateProfiles.map((p) => [p, t.profiles[p]] as const),
  { value: filter.profile, blank: view.t.common.any },
)}
${selectField(
  'status',
  t.statusLabel,
  (['valid', 'suspended', 'revoked', 'expired'] as const).map((s) => [s, t.statuses[s]] as const),
  {
    value: filter.status,
    blank: view.t.common.any,
  },
)}
${selectField(
  'expiring',
  t.expiring,
  EXPIRY_WINDOWS.map((d) => [String(d), t.expiringWithin(d)] as const),
  {
    value: filter.expiring,
    blank: view.t.common.any,
  },
)}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
${
  data.items.length === 0
    ? html`<p class="note">${view.t.common.none}</p>`
    : html`<table id="certificates">
<thead><tr><th scope="col">${t.serial}</th><th scope="col">${t.subject}</th><th scope="col">${t.profile}</th><th scope="col">${t.department}</th><th scope="col">${t.statusLabel}</th><th scope="col">${t.notAfter}</th></tr></thead>
<tbody>
${data.items.map(({ record, status }) => {
  const window = status === 'valid' ? expiryWindow(record.notAfter, data.now) : undefined;
  return html`<tr${window ? html` class="expiring-${window}"` : undefined}>
<td><a href="${CERTIFICATES_PATH}/${record.serial}"><code>${record.serial}</code></a></td>
<td>${record.name}</td><td>${t.profiles[record.profile]}</td><td>${nameOf(record.department)}</td>
<td><span class="tag ${status}">${t.statuses[status]}</span></td>
<td>${record.notAfter.toISOString().slice(0, 10)}${window ? html` <strong>${t.expiringWithin(window)}</strong>` : undefined}</td></tr>`;
})}
</tbody></table>`
}
${issueForm(view, data.departments)}`;
}

function issueForm(view: ConsoleView, departments: Department[]): SafeHtml {
  const t = view.t.certificates;
  return html`<h2>${t.issue}</h2>
<form method="post" action="${CERTIFICATES_PATH}" enctype="multipart/form-data">
${csrfInput(view)}
${textField('csr', t.csrFile, { type: 'file', required: true })}
${selectField(
  'profile',
  t.profile,
  CertificateProfiles.map((p) => [p, t.profiles[p]] as const),
)}
${selectField(
  'department',
  t.department,
  departments.filter((d) => d.active).map((d) => [d.uscc, `${d.name} ${d.uscc}`] as const),
)}
${textField('sealName', t.sealName, { maxLength: 64 })}
${selectField(
  'sealKind',
  t.sealKind,
  SealKinds.map((k) => [k, k] as const),
)}
${textField('sealImage', t.sealImage, { type: 'file' })}
${textField('systemName', t.systemName, { maxLength: 64 })}
<button type="submit" class="primary">${t.issue}</button>
</form>`;
}

export function certificatePage(view: ConsoleView, certificate: CertificateView, departmentName: string, message?: Flash): SafeHtml {
  const t = view.t.certificates;
  const { record, status } = certificate;
  const action = `${CERTIFICATES_PATH}/${record.serial}/action`;
  const button = (name: 'revoke' | 'suspend' | 'release', extra?: SafeHtml) =>
    html`<form method="post" action="${action}" class="card">
${csrfInput(view)}<input type="hidden" name="action" value="${name}">
${extra}
<button type="submit" class="${name === 'release' ? 'primary' : 'danger'}">${t[name]}</button></form>`;
  const reasons = RevocationReasons.map((r) => [r, t.reasons[r] ?? r] as const);
  return html`<h1>${t.details}: <code>${record.serial}</code></h1>
${flash(message)}
<dl>
<dt>${t.subject}</dt><dd>${record.name}${record.sealKind ? html`（${record.sealKind}）` : undefined}</dd>
<dt>${t.profile}</dt><dd>${t.profiles[record.profile]}</dd>
<dt>${t.department}</dt><dd>${departmentName} <code>${record.department}</code></dd>
<dt>${t.statusLabel}</dt><dd><span class="tag ${status}" id="certificate-status">${t.statuses[status]}</span>${
    record.revocationReason ? html`（${t.reasons[record.revocationReason] ?? record.revocationReason}）` : undefined
  }</dd>
<dt>${t.notAfter}</dt><dd>${beijingTime(record.notAfter.toISOString(), view.t)}</dd>
</dl>
${record.hasSealImage ? html`<p><img src="/v1/pki/certificates/${record.serial}/seal-image" alt="${record.name}" width="160" height="160"></p>` : undefined}
<h2>${t.actions}</h2>
<div class="cards">
${status === 'valid' || status === 'suspended' ? button('revoke', selectField('reason', t.reason, reasons)) : undefined}
${status === 'valid' ? button('suspend') : undefined}
${status === 'suspended' ? button('release') : undefined}
</div>
<h2>${t.pem}</h2>
<label for="pem">${t.pem}</label>
<textarea id="pem" rows="12" readonly>${record.certificatePem}</textarea>
<p><a href="${CERTIFICATES_PATH}">${t.title}</a></p>`;
}
