/**
 * @module web/verify-result-page
 * The answer of a verification as a clerk reads it at the counter: one big verdict, then every check
 * on its own row (so the clerk can tell the applicant *why*: revoked, altered, not the holder), the
 * licence as far as the clerk may see it (holder masked), and the signed receipt to keep with the
 * case file. Codes stay beside the Chinese text because they are what support and the API speak.
 */
import { layout } from './console-pages.js';
import type { ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';
import { zhCN, type Messages } from './messages/zh-cn.js';

export interface VerificationCheck {
  ok: boolean;
  code?: string;
  detail?: string;
}

/** What both use cases answer (by number, and as presented). */
export interface VerificationOutcome {
  result: 'valid' | 'invalid' | 'not_found';
  status?: string;
  checks: Record<string, VerificationCheck>;
  license?: Record<string, unknown>;
  checkedAt: string;
  receipt: string;
}

export interface ResultPageData {
  kind: 'number' | 'presented';
  outcome: VerificationOutcome;
  purpose: { caseNo: string; serviceItem?: string };
  /** Type names by code, for the licence's 证照类型. */
  typeName(code: string): string | undefined;
  jwksUrl: string;
  csrfToken: string;
  /** The receipt as a QR code (web/qr-svg), scanned to check it later. */
  receiptQr: SafeHtml;
  view?: ConsoleView;
}

/** The rows each kind of verification reports, in the order a clerk reads them, and why a row was skipped. */
const CHECK_ROWS: Record<ResultPageData['kind'], readonly (readonly [key: string, skipped: (t: Messages['result']) => string])[]> = {
  number: [
    ['integrity', (t) => t.notChecked],
    ['issuer', (t) => t.notChecked],
    ['status', (t) => t.notChecked],
    ['holder', (t) => t.holderNotChecked],
  ],
  presented: [
    ['integrity', (t) => t.notChecked],
    ['issuer', (t) => t.issuerNotChecked],
    ['known', (t) => t.notChecked],
    ['status', (t) => t.statusNotChecked],
  ],
};

export function resultPage(data: ResultPageData): SafeHtml {
  const { outcome, purpose } = data;
  const m = data.view?.t ?? zhCN;
  const t = m.result;
  const verdict = t.verdicts[outcome.result];
  const receiptId = receiptIdOf(outcome.receipt);
  const again = data.kind === 'number' ? '/console/verify' : '/console/verify/presented';
  const status = (code: string) => t.statuses[code] ?? code;
  return layout(
    t.title(verdict.label),
    html`<p class="print-only">${t.printHeader}</p>
<h1>${t.heading}</h1>
<div class="banner ${outcome.result}" role="status">${verdict.label}</div>
<p class="note">${verdict.note}${outcome.status ? html` ${t.status(status(outcome.status))}` : undefined}</p>
<dl>
<dt>${t.caseNo}</dt><dd>${purpose.caseNo}</dd>
${purpose.serviceItem ? html`<dt>${t.serviceItem}</dt><dd>${purpose.serviceItem}</dd>` : undefined}
<dt>${t.checkedAt}</dt><dd>${beijingTime(outcome.checkedAt, m)}</dd>
</dl>
<h2>${t.checks}</h2>
<table>
<thead><tr><th scope="col">${t.check}</th><th scope="col">${t.result}</th><th scope="col">${t.reason}</th></tr></thead>
<tbody>
${CHECK_ROWS[data.kind].map(([key, skipped]) => checkRow(t, key, outcome.checks[key], skipped(t), key === 'status' ? outcome.status : undefined))}
</tbody>
</table>
${outcome.license ? licenseSection(t, outcome.license, data.typeName) : undefined}
<h2>${t.receipt}</h2>
<p>${t.receiptNo}<code>${receiptId ?? t.unreadable}</code></p>
<div class="qr" id="receipt-qr">${data.receiptQr}</div>
<p class="no-print"><button type="button" data-print hidden>${t.printReceipt}</button></p>
<label for="receipt">${t.receiptField}</label>
<textarea id="receipt" rows="5" readonly>${outcome.receipt}</textarea>
<p class="note">${t.receiptOffline} <code>${data.jwksUrl}</code> ${t.receiptOnline} <code>POST /v1/receipts/verify</code>${t.receiptOnlineEnd}</p>
<p class="no-print"><a href="${again}">${t.again}</a> · <a href="/console/verify/recent">${m.nav.recent}</a> · <a href="/console">${m.common.backHome}</a></p>`,
    data.csrfToken,
    { wide: true, view: data.view },
  );
}

function checkRow(
  t: Messages['result'],
  key: string,
  check: VerificationCheck | undefined,
  skipped: string,
  status: string | undefined,
): SafeHtml {
  const label = t.rows[key] ?? key;
  if (!check) return html`<tr><th scope="row">${label}</th><td class="skip">— ${skipped}</td><td></td></tr>`;
  if (check.ok) return html`<tr><th scope="row">${label}</th><td class="pass">${t.pass}</td><td></td></tr>`;
  // The status check's own detail names the status in English; the clerk reads it in the page's language.
  const detail = status ? t.status(t.statuses[status] ?? status) : check.detail;
  return html`<tr><th scope="row">${label}</th><td class="fail">${t.fail}</td><td>${detail ?? ''}${check.code ? html` <code>${check.code}</code>` : undefined}</td></tr>`;
}

function licenseSection(t: Messages['result'], license: Record<string, unknown>, typeName: (code: string) => string | undefined): SafeHtml {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const issuer = (license.issuer ?? {}) as { name?: unknown; uscc?: unknown };
  const holder = (license.holder ?? {}) as { name?: unknown };
  const typeCode = text(license.typeCode);
  const validFrom = text(license.validFrom);
  // Licence content is what a department sealed, in Chinese whatever the console's language.
  return html`<h2>${t.licence}</h2>
<dl>
<dt>${t.type}</dt><dd><span lang="zh-CN">${text(license.name) ?? (typeCode && typeName(typeCode)) ?? ''}</span>${typeCode ? html` <code>${typeCode}</code>` : undefined}</dd>
<dt>${t.issuer}</dt><dd><span lang="zh-CN">${text(issuer.name) ?? ''}</span>${text(issuer.uscc) ? html` <code>${text(issuer.uscc)}</code>` : undefined}</dd>
<dt>${t.number}</dt><dd>${text(license.number) ?? ''}</dd>
<dt>${t.id}</dt><dd><code>${text(license.id) ?? ''}</code></dd>
<dt>${t.validity}</dt><dd>${t.validRange(validFrom ?? '', text(license.validUntil) ?? t.longTerm)}</dd>
<dt>${t.holder}</dt><dd><span lang="zh-CN">${text(holder.name) ?? ''}</span></dd>
</dl>`;
}

/** `2026-11-24 10:23:45（北京时间）`: counters work in Beijing time whatever the server's zone. */
export function beijingTime(iso: string, t: Pick<Messages, 'common'> = zhCN): string {
  const shifted = new Date(Date.parse(iso) + 8 * 3600_000).toISOString();
  return `${shifted.slice(0, 10)} ${shifted.slice(11, 19)}${t.common.beijing}`;
}

/** The receipt's `jti`, read (not verified: the hub has just signed it) to show as its number. */
function receiptIdOf(jwt: string): string | undefined {
  try {
    const claims: unknown = JSON.parse(Buffer.from(jwt.split('.')[1] ?? '', 'base64url').toString('utf8'));
    const jti = (claims as { jti?: unknown } | null)?.jti;
    return typeof jti === 'string' ? jti : undefined;
  } catch {
    return undefined;
  }
}
