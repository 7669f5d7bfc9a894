/**
 * @module web/verify-forms
 * Reading the verification forms into use-case requests. The checks are the API schema's
 * (http/routes/verification-routes) made before the use case runs, so a refused form costs no rate
 * allowance and writes no audit entry, and every wrong field is reported at once.
 */
import type { VerificationRequest } from '../core/verification/verification.js';
import type { UploadedFile } from '../http/route.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import { zhCN } from './messages/zh-cn.js';
import {
  FIELD_LIMITS,
  type FormErrors,
  type FormMessages,
  type LicenseTypeOption,
  type PresentedFormValues,
  type VerifyFormValues,
} from './verify-pages.js';

/** A parsed form body as the route registry gives it: text fields and uploaded files. */
export type FormBody = Record<string, string | UploadedFile>;

const TEXT = { type: 'string' } as const;
/**
 * What the route registry checks before the page does: the fields are text. Their values are
 * checked below, so a wrong one is marked on the form in Chinese rather than answered as a problem.
 */
export const VERIFY_FORM = {
  type: 'object',
  properties: Object.fromEntries(
    ['caseNo', 'serviceItem', 'licenseId', 'number', 'typeCode', 'holderId', 'holderName', CSRF_FIELD].map((name) => [name, TEXT]),
  ),
} as const;
export const PRESENTED_FORM = {
  type: 'object',
  properties: {
    caseNo: TEXT,
    serviceItem: TEXT,
    presented: TEXT,
    file: { type: 'string', format: 'binary', description: 'A .jws/.txt file holding the JWS, at most 1 MiB' },
    [CSRF_FIELD]: TEXT,
  },
} as const;

/** The licence file's bound (the request's own body limit is a little larger, for the other fields). */
const MAX_FILE_BYTES = 1024 * 1024;

export type ReadVerifyForm =
  { values: VerifyFormValues; request: VerificationRequest } | { values: VerifyFormValues; errors: FormErrors<keyof VerifyFormValues> };

export function readVerifyForm(body: FormBody, types: readonly LicenseTypeOption[], m: FormMessages = zhCN.verify.errors): ReadVerifyForm {
  const values: VerifyFormValues = {
    caseNo: text(body, 'caseNo'),
    serviceItem: text(body, 'serviceItem'),
    licenseId: text(body, 'licenseId'),
    number: text(body, 'number'),
    typeCode: text(body, 'typeCode'),
    holderId: text(body, 'holderId'),
    holderName: text(body, 'holderName'),
  };
  const errors: FormErrors<keyof VerifyFormValues> = purposeErrors(values, m);
  for (const name of ['licenseId', 'number', 'holderId', 'holderName'] as const) {
    if (values[name].length > FIELD_LIMITS[name]) errors[name] = m.tooLong(FIELD_LIMITS[name]);
  }
  if (values.licenseId && values.number) errors.licenseId = m.licenseBoth;
  else if (!values.licenseId && !values.number) errors.licenseId = m.licenseMissing;
  if (values.typeCode && !types.some((t) => t.code === values.typeCode)) errors.typeCode = m.typeUnknown;
  if (Object.keys(errors).length > 0) return { values, errors };

  const holder = { ...(values.holderId ? { id: values.holderId } : {}), ...(values.holderName ? { name: values.holderName } : {}) };
  const request: VerificationRequest = {
    ...(values.licenseId
      ? { licenseId: values.licenseId }
      : { number: values.number, ...(values.typeCode ? { typeCode: values.typeCode } : {}) }),
    ...(Object.keys(holder).length > 0 ? { holder } : {}),
    purpose: purposeOf(values),
  };
  return { values, request };
}

export type ReadPresentedForm =
  | { values: PresentedFormValues; presented: string; purpose: VerificationRequest['purpose'] }
  | { values: PresentedFormValues; errors: FormErrors<keyof PresentedFormValues | 'file'> };

export function readPresentedForm(body: FormBody, m: FormMessages = zhCN.verify.errors): ReadPresentedForm {
  const values: PresentedFormValues = {
    caseNo: text(body, 'caseNo'),
    serviceItem: text(body, 'serviceItem'),
    presented: text(body, 'presented'),
  };
  const errors: FormErrors<keyof PresentedFormValues | 'file'> = purposeErrors(values, m);
  // Browsers send an empty, unnamed file part when no file was chosen.
  const file = typeof body.file === 'object' && (body.file.bytes.length > 0 || body.file.name) ? body.file : undefined;
  // A compact JWS or a QR payload holds no whitespace: line breaks from a paste or a wrapped file are noise.
  let presented = values.presented.replace(/\s+/g, '');
  if (file && presented) errors.presented = m.presentedBoth;
  else if (!file && !presented) errors.presented = m.presentedMissing;
  else if (file) {
    const content = fileText(file, m);
    if ('error' in content) errors.file = content.error;
    else presented = content.text;
  }
  if (Object.keys(errors).length > 0) return { values, errors };
  return { values, presented, purpose: purposeOf(values) };
}

/** The JWS in an uploaded file: UTF-8 text (a BOM and whitespace ignored), nothing else. */
function fileText(file: UploadedFile, m: FormMessages): { text: string } | { error: string } {
  if (file.bytes.length > MAX_FILE_BYTES) return { error: m.fileTooLarge };
  let content: string;
  try {
    content = new TextDecoder('utf-8', { fatal: true }).decode(file.bytes);
  } catch {
    return { error: m.fileNotText };
  }
  const compact = content.replace(/^\uFEFF/, '').replace(/\s+/g, '');
  return compact ? { text: compact } : { error: m.fileNotText };
}

function purposeErrors(values: { caseNo: string; serviceItem: string }, m: FormMessages): FormErrors<'caseNo' | 'serviceItem'> {
  const errors: FormErrors<'caseNo' | 'serviceItem'> = {};
  if (!values.caseNo) errors.caseNo = m.caseNoRequired;
  else if (values.caseNo.length > FIELD_LIMITS.caseNo) errors.caseNo = m.tooLong(FIELD_LIMITS.caseNo);
  if (values.serviceItem.length > FIELD_LIMITS.serviceItem) errors.serviceItem = m.tooLong(FIELD_LIMITS.serviceItem);
  return errors;
}

function purposeOf(values: { caseNo: string; serviceItem: string }): VerificationRequest['purpose'] {
  return { caseNo: values.caseNo, ...(values.serviceItem ? { serviceItem: values.serviceItem } : {}) };
}

/** A text field, trimmed: what a scanner or a paste adds around a value is never part of it. */
function text(body: FormBody, name: string): string {
  const value = body[name];
  return typeof value === 'string' ? value.trim() : '';
}
