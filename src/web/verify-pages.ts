/**
 * @module web/verify-pages
 * The clerk's verification forms (DESIGN §1, §3 `GET /console`): a licence by GB/T 36904 identifier
 * or by printed number and type, and a licence as presented (QR content, JWS or its file). A refused
 * form comes back with the clerk's input kept, the wrong field marked and the reason in Chinese, so
 * a clerk at the counter fixes one thing instead of typing everything again.
 */
import { CSRF_FIELD } from '../http/session-cookie.js';
import { layout, rolesMay } from './console-pages.js';
import type { ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';
import type { StaffRole } from '../core/users/user.js';
import { zhCN, type Messages } from './messages/zh-cn.js';

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

/** What a refused form says, in the page's language (web/messages). */
export type FormMessages = Messages['verify']['errors'];

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
  const m = options.view?.t ?? zhCN;
  const t = m.verify;
  const typeSelect = html`<select id="typeCode" name="typeCode"${invalidAttrs('typeCode', errors.typeCode)}>
<option value="">${t.anyType}</option>
${options.types.map((type) => html`<option value="${type.code}"${type.code === values.typeCode ? html` selected` : undefined} lang="zh-CN">${type.name}（${type.code}）</option>`)}
</select>`;
  return layout(
    t.title,
    html`<h1>${t.title}</h1>
<p class="note">${t.intro}<a href="/console/verify/presented">${t.toPresented}</a></p>
${formAlert(errors.form)}
<form method="post" action="/console/verify" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
${purposeFields(m, values, errors)}
<fieldset>
<legend>${t.licence}</legend>
${field('licenseId', t.licenseId, textInput('licenseId', values.licenseId, errors.licenseId, FIELD_LIMITS.licenseId), errors.licenseId, t.licenseIdHint)}
<p class="note">${t.or}</p>
${field('number', t.number, textInput('number', values.number, errors.number, FIELD_LIMITS.number), errors.number, t.numberHint)}
${field('typeCode', t.typeCode, typeSelect, errors.typeCode)}
${options.candidates?.length ? candidateList(m, options.candidates) : undefined}
</fieldset>
<fieldset>
<legend>${t.holder}</legend>
${field('holderId', t.holderId, textInput('holderId', values.holderId, errors.holderId, FIELD_LIMITS.holderId), errors.holderId)}
${field('holderName', t.holderName, textInput('holderName', values.holderName, errors.holderName, FIELD_LIMITS.holderName), errors.holderName)}
</fieldset>
<button type="submit">${t.submit}</button>
</form>
<p><a href="/console">${m.common.backHome}</a></p>`,
    options.csrfToken,
    { wide: true, view: options.view },
  );
}

export function presentedFormPage(options: PresentedFormOptions): SafeHtml {
  const values = options.values ?? EMPTY_PRESENTED_FORM;
  const errors = options.errors ?? {};
  const m = options.view?.t ?? zhCN;
  const t = m.verify;
  return layout(
    t.presentedTitle,
    html`<h1>${t.presentedTitle}</h1>
<p class="note">${t.presentedIntro}<a href="/console/verify">${t.toNumber}</a></p>
${formAlert(errors.form)}
<form method="post" action="/console/verify/presented" enctype="multipart/form-data" autocomplete="off">
<input type="hidden" name="${CSRF_FIELD}" value="${options.csrfToken}">
${purposeFields(m, values, errors)}
<fieldset>
<legend>${t.presentedLegend}</legend>
${field(
  'presented',
  t.presented,
  html`<textarea id="presented" name="presented" rows="6" spellcheck="false"${invalidAttrs('presented', errors.presented)}>${values.presented}</textarea>`,
  errors.presented,
  t.presentedHint,
)}
<p class="note">${t.or}</p>
${field('file', t.file, html`<input type="file" id="file" name="file" accept=".jws,.txt,application/jose,text/plain"${invalidAttrs('file', errors.file)}>`, errors.file, t.fileHint)}
</fieldset>
<button type="submit">${t.submit}</button>
</form>
<p><a href="/console">${m.common.backHome}</a></p>`,
    options.csrfToken,
    { wide: true, view: options.view },
  );
}

/** For signed-in staff whose role may not verify: say who may, rather than a bare refusal. */
export function notAllowedPage(role: StaffRole, csrfToken: string, view?: ConsoleView): SafeHtml {
  const m = view?.t ?? zhCN;
  return layout(
    m.verify.notAllowedTitle,
    html`<h1>${m.verify.notAllowedHeading}</h1>
<p class="error" role="alert">${m.home.cannotVerify(rolesMay('verifyLicense', m), m.roles[role])}</p>
<p><a href="/console">${m.common.backHome}</a></p>`,
    csrfToken,
    { view },
  );
}

function purposeFields(
  m: Messages,
  values: { caseNo: string; serviceItem: string },
  errors: FormErrors<'caseNo' | 'serviceItem'>,
): SafeHtml {
  const t = m.verify;
  return html`<fieldset>
<legend>${t.case}</legend>
${field('caseNo', t.caseNo, textInput('caseNo', values.caseNo, errors.caseNo, FIELD_LIMITS.caseNo, true), errors.caseNo)}
${field('serviceItem', t.serviceItem, textInput('serviceItem', values.serviceItem, errors.serviceItem, FIELD_LIMITS.serviceItem), errors.serviceItem, t.serviceItemHint)}
</fieldset>`;
}

function candidateList(m: Messages, candidates: readonly AmbiguousCandidate[]): SafeHtml {
  return html`<div class="invalid"><p class="field-error" role="alert">${m.verify.errors.ambiguous}</p>
<ul>${candidates.map((c) => html`<li>${c.typeName ?? m.verify.unknownType}（<code>${c.typeCode}</code>），${m.verify.issuedBy} <code>${c.issuer}</code></li>`)}</ul></div>`;
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
