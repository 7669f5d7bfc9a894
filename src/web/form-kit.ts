/**
 * @module web/form-kit
 * The pieces of the admin and auditor forms: every control has a visible label tied to it, every
 * form carries the session's anti-CSRF token, and a dangerous action is confirmed on a page of its
 * own with the reason shown before it is done.
 */
import { HubError } from '../core/errors.js';
import { CSRF_FIELD } from '../http/session-cookie.js';
import type { ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';

export function csrfInput(view: ConsoleView): SafeHtml {
  return html`<input type="hidden" name="${CSRF_FIELD}" value="${view.csrfToken}">`;
}

export function textField(
  name: string,
  label: string,
  options: { value?: string | undefined; required?: boolean; maxLength?: number; type?: 'text' | 'date' | 'file' } = {},
): SafeHtml {
  const type = options.type ?? 'text';
  return html`<div><label for="${name}">${label}</label>
<input type="${type}" id="${name}" name="${name}"${type === 'file' ? undefined : html` value="${options.value ?? ''}"`}${
    options.maxLength ? html` maxlength="${options.maxLength}"` : undefined
  }${options.required ? html` required` : undefined} spellcheck="false"></div>`;
}

export function selectField(
  name: string,
  label: string,
  choices: readonly (readonly [value: string, label: string])[],
  /** `dataLang`: the choices' labels are data in that language (names of departments), whatever the page's. */
  options: { value?: string | undefined; blank?: string; dataLang?: 'zh-CN' } = {},
): SafeHtml {
  const lang = options.dataLang ? html` lang="${options.dataLang}"` : undefined;
  return html`<div><label for="${name}">${label}</label>
<select id="${name}" name="${name}">
${options.blank === undefined ? undefined : html`<option value="">${options.blank}</option>`}
${choices.map(([value, text]) => html`<option value="${value}"${value === options.value ? html` selected` : undefined}${lang}>${text}</option>`)}
</select></div>`;
}

export type Flash = { kind: 'ok' | 'error'; message: string | SafeHtml };

export function flash(message: Flash | undefined): SafeHtml | undefined {
  if (!message) return undefined;
  return html`<div class="${message.kind}" role="${message.kind === 'error' ? 'alert' : 'status'}">${message.message}</div>`;
}

/** A refusal of the hub, shown on the form: its stable code and its public detail. */
export function refusal(error: unknown): Flash {
  if (error instanceof HubError) return { kind: 'error', message: `${error.detail}（${error.code}）` };
  throw error;
}

/** The confirm step of a dangerous action: the same form again with `confirm=yes`, or cancel. */
export function confirmForm(
  view: ConsoleView,
  target: { action: string; cancel: string },
  question: string,
  fields: Record<string, string>,
): SafeHtml {
  return html`<h1>${view.t.certificates.confirmTitle}</h1>
<p class="error" role="alert">${question}</p>
<form method="post" action="${target.action}">
${csrfInput(view)}
${Object.entries(fields).map(([name, value]) => html`<input type="hidden" name="${name}" value="${value}">`)}
<input type="hidden" name="confirm" value="yes">
<button type="submit" class="danger" data-autofocus>${view.t.common.confirm}</button>
<a href="${target.cancel}">${view.t.common.cancel}</a>
</form>`;
}
