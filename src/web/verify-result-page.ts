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

const VERDICTS = {
  valid: { label: '有效', note: '各项检查均通过。' },
  invalid: { label: '无效', note: '至少一项检查未通过，见下表。' },
  not_found: { label: '未找到', note: '枢纽中没有这份证照，请核对证照标识或编号。' },
} as const;

/** The rows each kind of verification reports, in the order a clerk reads them. */
const CHECK_ROWS: Record<ResultPageData['kind'], readonly (readonly [key: string, label: string, skipped: string])[]> = {
  number: [
    ['integrity', '完整性', '未检查'],
    ['issuer', '颁发机构', '未检查'],
    ['status', '证照状态', '未检查'],
    ['holder', '持证人', '未核对（未填写持证人信息）'],
  ],
  presented: [
    ['integrity', '完整性', '未检查'],
    ['issuer', '颁发机构', '未检查（签章无效）'],
    ['known', '枢纽登记', '未检查'],
    ['status', '证照状态', '未检查（枢纽中无此证照）'],
  ],
};

export const STATUS_LABELS: Readonly<Record<string, string>> = {
  valid: '有效',
  suspended: '已暂停',
  revoked: '已吊销',
  cancelled: '已注销',
  expired: '已过期',
  replaced: '已换发（有新版本）',
};

export function resultPage(data: ResultPageData): SafeHtml {
  const { outcome, purpose } = data;
  const verdict = VERDICTS[outcome.result];
  const receiptId = receiptIdOf(outcome.receipt);
  const again = data.kind === 'number' ? '/console/verify' : '/console/verify/presented';
  return layout(
    `核验结果：${verdict.label}`,
    html`<p class="print-only">证照交换枢纽 · 证照核验回执</p>
<h1>核验结果</h1>
<div class="banner ${outcome.result}" role="status">${verdict.label}</div>
<p class="note">${verdict.note}${outcome.status ? html` 证照状态：${STATUS_LABELS[outcome.status] ?? outcome.status}` : undefined}</p>
<dl>
<dt>办件编号</dt><dd>${purpose.caseNo}</dd>
${purpose.serviceItem ? html`<dt>事项名称</dt><dd>${purpose.serviceItem}</dd>` : undefined}
<dt>核验时间</dt><dd>${beijingTime(outcome.checkedAt)}</dd>
</dl>
<h2>各项检查</h2>
<table>
<thead><tr><th>检查项</th><th>结果</th><th>原因</th></tr></thead>
<tbody>
${CHECK_ROWS[data.kind].map(([key, label, skipped]) => checkRow(label, outcome.checks[key], skipped, key === 'status' ? outcome.status : undefined))}
</tbody>
</table>
${outcome.license ? licenseSection(outcome.license, data.typeName) : undefined}
<h2>核验回执</h2>
<p>回执编号：<code>${receiptId ?? '（无法读取）'}</code></p>
<div class="qr" id="receipt-qr">${data.receiptQr}</div>
<p class="no-print"><button type="button" data-print hidden>打印回执</button></p>
<label for="receipt">回执（JWT，请随办件留存）</label>
<textarea id="receipt" rows="5" readonly>${outcome.receipt}</textarea>
<p class="note">回执由枢纽以 EdDSA 签名，可离线用枢纽公钥集 <code>${data.jwksUrl}</code> 验证（typ 为 zz-receipt+jwt），也可提交到 <code>POST /v1/receipts/verify</code> 在线核对。</p>
<p class="no-print"><a href="${again}">再核验一份</a> · <a href="/console/verify/recent">我的核验记录</a> · <a href="/console">返回工作台</a></p>`,
    data.csrfToken,
    { wide: true, view: data.view },
  );
}

function checkRow(label: string, check: VerificationCheck | undefined, skipped: string, status: string | undefined): SafeHtml {
  if (!check) return html`<tr><th>${label}</th><td class="skip">— ${skipped}</td><td></td></tr>`;
  if (check.ok) return html`<tr><th>${label}</th><td class="pass">✔ 通过</td><td></td></tr>`;
  // The status check's own detail names the status in English; the clerk reads it in Chinese.
  const detail = status ? `证照状态：${STATUS_LABELS[status] ?? status}` : check.detail;
  return html`<tr><th>${label}</th><td class="fail">✘ 未通过</td><td>${detail ?? ''}${check.code ? html` <code>${check.code}</code>` : undefined}</td></tr>`;
}

function licenseSection(license: Record<string, unknown>, typeName: (code: string) => string | undefined): SafeHtml {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  const issuer = (license.issuer ?? {}) as { name?: unknown; uscc?: unknown };
  const holder = (license.holder ?? {}) as { name?: unknown };
  const typeCode = text(license.typeCode);
  const validFrom = text(license.validFrom);
  return html`<h2>证照信息</h2>
<dl>
<dt>证照类型</dt><dd>${text(license.name) ?? (typeCode && typeName(typeCode)) ?? ''}${typeCode ? html` <code>${typeCode}</code>` : undefined}</dd>
<dt>颁发机构</dt><dd>${text(issuer.name) ?? ''}${text(issuer.uscc) ? html` <code>${text(issuer.uscc)}</code>` : undefined}</dd>
<dt>证照编号</dt><dd>${text(license.number) ?? ''}</dd>
<dt>证照标识</dt><dd><code>${text(license.id) ?? ''}</code></dd>
<dt>有效期</dt><dd>${validFrom ?? ''} 至 ${text(license.validUntil) ?? '长期'}</dd>
<dt>持证人</dt><dd>${text(holder.name) ?? ''}</dd>
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
