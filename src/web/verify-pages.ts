/**
 * @module web/verify-pages
 * The clerk's verification forms (DESIGN §1, §3 `GET /console`): a licence by GB/T 36904 identifier
 * or by printed number and type, and a licence as presented (QR content, JWS or its file). A refused
 * form comes back with the clerk's input kept, the wrong field marked and the reason in Chinese, so
 * a clerk at the counter fixes one thing instead of typing everything again.
 */
import { CSRF_FIELD } from '../http/session-cookie.js';
import { layout, rolesMay, ROLE_LABELS } from './console-pages.js';
import type { ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';
import type { StaffRole } from '../core/users/user.js';

export interface VerifyFormValues {
  caseNo: string;
  serviceItem: string;
  licenseId: string;
  number: string;
  typeCode: string;
  holderId: string;
  holderName: string;
}

export interface PresentedFormValues {
  caseNo: string;
  serviceItem: string;
  presented: string;
}

/** Chinese messages by field name; `form` is for what belongs to no one field. */
export type FormErrors<Field extends string> = Partial<Record<Field | 'form', string>>;

export interface LicenseTypeOption {
  code: string;
  name: string;
}

/** Licence types that share a printed number, offered when the clerk must say which one is meant. */
export interface AmbiguousCandidate {
  typeCode: string;
  typeName: string | undefined;
  issuer: string;
}

export const EMPTY_VERIFY_FORM: VerifyFormValues = {
  caseNo: '',
  serviceItem: '',
  licenseId: '',
  number: '',
  typeCode: '',
  holderId: '',
  holderName: '',
};
export const EMPTY_PRESENTED_FORM: PresentedFormValues = { caseNo: '', serviceItem: '', presented: '' };

/** The same limits as the API's schema (http/routes/verification-routes), checked before the use case. */
export const FIELD_LIMITS = { caseNo: 64, serviceItem: 200, licenseId: 200, number: 100, holderId: 64, holderName: 200 } as const;

export const FORM_MESSAGES = {
  expired: '页面已过期或来源不明，请重新提交。',
  caseNoRequired: '请填写办件编号：核验须为具体办件进行。',
  tooLong: (limit: number) => `不能超过 ${limit} 个字符。`,
  licenseMissing: '请填写证照标识，或填写证照编号并选择证照类型。',
  licenseBoth: '证照标识与证照编号只填其一。',
  typeUnknown: '请从列表中选择证照类型。',
  checkChar: (expected: string) => `校验位错误，应为 ${expected}`,
  ambiguous: '该证照编号对应多份证照（不同类型或颁发机构），请选择证照类型，或改用证照标识核验：',
  rateLimited: (seconds: number) => `核验过于频繁，请 ${seconds} 秒后再试。`,
  holderChecksLimited: (seconds: number) => `持证主体核对失败次数过多，已暂停核对，请 ${seconds} 秒后再试。`,
  presentedMissing: '请粘贴二维码内容或证照 JWS，或上传证照文件。',
  presentedBoth: '粘贴内容与上传文件只用其一。',
  fileTooLarge: '证照文件不能超过 1 MiB。',
  fileNotText: '证照文件应为包含紧凑 JWS 的文本文件（.jws 或 .txt）。',
  malformedQr: '二维码内容格式不正确，应为 ZZ1:<证照标识>:<SHA-256 十六进制>。',
} as const;

export interface VerifyFormOptions {
  csrfToken: string;
  /** The signed-in user, for the console's frame and navigation. */
  view?: ConsoleView;
  types: readonly LicenseTypeOption[];
  values?: VerifyFormValues;
  errors?: FormErrors<keyof VerifyFormValues>;
  candidates?: readonly AmbiguousCandidate[];
}

export interface PresentedFormOptions {
  csrfToken: string;
  view?: ConsoleView;
  values?: PresentedFormValues;
  errors?: FormErrors<keyof PresentedFormValues | 'file'>;
}

export function verifyFormPage(options: VerifyFormOptions): SafeHtml {
  const values = options.values ?? EMPTY_VERIFY_FORM;
  const errors = options.errors ?? {};
  const typeSelect = html`<select id="typeCode" name="typeCode"${invalidAttrs('typeCode', errors.typeCode)}>
<option value="">不限类型（编号唯一时自动识别）</option>
${options.types.map((t) => html`<option value="${t.code}"${t.code === values.typeCode ? html` selected` : undefined}>${t.name}（${t.code}）</option>`)}
</select>`;
  return layout(
    '证照核验',
    html`<h1>证照核验</h1>
<p class="note">按证照标识或证照编号核验一份证照，结果附枢纽签名的核验回执。<a href="/console/verify/presented">核验出示的证照（二维码或文件）</a></p>
${formAlert(errors.form)}
<form method="post" action="/console/verify" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
${purposeFields(values, errors)}
<fieldset>
<legend>证照</legend>
${field('licenseId', '证照标识', textInput('licenseId', values.licenseId, errors.licenseId, FIELD_LIMITS.licenseId), errors.licenseId, '如 1.2.156.3005.2.…（GB/T 36904），末位为校验位')}
<p class="note">或</p>
${field('number', '证照编号', textInput('number', values.number, errors.number, FIELD_LIMITS.number), errors.number, '证照上印制的编号')}
${field('typeCode', '证照类型', typeSelect, errors.typeCode)}
${options.candidates?.length ? candidateList(options.candidates) : undefined}
</fieldset>
<fieldset>
<legend>持证人（选填，用于核对持证主体；不会显示证照上的原值）</legend>
${field('holderId', '持证人证件号码', textInput('holderId', values.holderId, errors.holderId, FIELD_LIMITS.holderId), errors.holderId)}
${field('holderName', '持证人名称', textInput('holderName', values.holderName, errors.holderName, FIELD_LIMITS.holderName), errors.holderName)}
</fieldset>
<button type="submit">核验</button>
</form>
<p><a href="/console">返回工作台</a></p>`,
    options.csrfToken,
    { wide: true, view: options.view },
  );
}

export function presentedFormPage(options: PresentedFormOptions): SafeHtml {
  const values = options.values ?? EMPTY_PRESENTED_FORM;
  const errors = options.errors ?? {};
  return layout(
    '核验出示的证照',
    html`<h1>核验出示的证照</h1>
<p class="note">办事人出示的电子证照：扫描二维码得到的内容（ZZ1:…）、证照 JWS，或证照文件。<a href="/console/verify">按证照标识或编号核验</a></p>
${formAlert(errors.form)}
<form method="post" action="/console/verify/presented" enctype="multipart/form-data" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
${purposeFields(values, errors)}
<fieldset>
<legend>出示的证照</legend>
${field(
  'presented',
  '二维码内容或证照 JWS',
  html`<textarea id="presented" name="presented" rows="6" spellcheck="false"${invalidAttrs('presented', errors.presented)}>${values.presented}</textarea>`,
  errors.presented,
  '粘贴扫码枪读出的 ZZ1:<证照标识>:<SHA-256>，或完整的证照 JWS',
)}
<p class="note">或</p>
${field('file', '证照文件', html`<input type="file" id="file" name="file" accept=".jws,.txt,application/jose,text/plain"${invalidAttrs('file', errors.file)}>`, errors.file, '.jws 或 .txt 文件，内含紧凑 JWS，不超过 1 MiB')}
</fieldset>
<button type="submit">核验</button>
</form>
<p><a href="/console">返回工作台</a></p>`,
    options.csrfToken,
    { wide: true, view: options.view },
  );
}

/** For signed-in staff whose role may not verify: say who may, rather than a bare refusal. */
export function notAllowedPage(role: StaffRole, csrfToken: string, view?: ConsoleView): SafeHtml {
  return layout(
    '无权核验',
    html`<h1>无权核验证照</h1>
<p class="error" role="alert">证照核验仅限${rolesMay('verifyLicense')}使用；您的角色（${ROLE_LABELS[role]}）不能核验证照。</p>
<p><a href="/console">返回工作台</a></p>`,
    csrfToken,
    { view },
  );
}

function purposeFields(values: { caseNo: string; serviceItem: string }, errors: FormErrors<'caseNo' | 'serviceItem'>): SafeHtml {
  return html`<fieldset>
<legend>办件</legend>
${field('caseNo', '办件编号（必填）', textInput('caseNo', values.caseNo, errors.caseNo, FIELD_LIMITS.caseNo, true), errors.caseNo)}
${field('serviceItem', '事项名称', textInput('serviceItem', values.serviceItem, errors.serviceItem, FIELD_LIMITS.serviceItem), errors.serviceItem, '如 食品经营许可（新办）')}
</fieldset>`;
}

function candidateList(candidates: readonly AmbiguousCandidate[]): SafeHtml {
  return html`<div class="invalid"><p class="field-error" role="alert">${FORM_MESSAGES.ambiguous}</p>
<ul>${candidates.map((c) => html`<li>${c.typeName ?? '未知类型'}（<code>${c.typeCode}</code>），颁发机构 <code>${c.issuer}</code></li>`)}</ul></div>`;
}

function formAlert(message: string | undefined): SafeHtml | undefined {
  return message === undefined ? undefined : html`<p class="error" role="alert">${message}</p>`;
}

function field(name: string, label: string, control: SafeHtml, error: string | undefined, hint?: string): SafeHtml {
  return html`<div${error ? html` class="invalid"` : undefined}>
<label for="${name}">${label}</label>
${control}
${error === undefined ? undefined : html`<p class="field-error" id="${name}-error">${error}</p>`}
${hint === undefined ? undefined : html`<small>${hint}</small>`}
</div>`;
}

function textInput(name: string, value: string, error: string | undefined, maxLength: number, required = false): SafeHtml {
  return html`<input type="text" id="${name}" name="${name}" value="${value}" maxlength="${maxLength}" spellcheck="false"${required ? html` required` : undefined}${invalidAttrs(name, error)}>`;
}

/** Screen readers announce the field as invalid and read its message. */
function invalidAttrs(name: string, error: string | undefined): SafeHtml | undefined {
  return error === undefined ? undefined : html` aria-invalid="true" aria-describedby="${name}-error"`;
}
