/**
 * @module web/html
 * Server-side HTML by tagged template: every interpolated value is escaped unless it is already
 * `SafeHtml` (the result of another `html` template), so markup is composed from fragments and
 * user data can never become markup by accident.
 */
export class SafeHtml {
  constructor(readonly value: string) {}

  toString(): string {
    return this.value;
  }
}

const ESCAPES: Readonly<Record<string, string>> = { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' };

/** Bidirectional overrides and isolates (Trojan Source): they could make a licence number read backwards. */
const BIDI_CONTROLS = /[\u202A-\u202E\u2066-\u2069]/g;

/** Markup characters become entities; bidi controls become a visible `[U+202E]` so nothing is reordered unseen. */
export function escapeHtml(text: string): string {
  return text
    .replace(/[&<>"']/g, (ch) => ESCAPES[ch] as string)
    .replace(BIDI_CONTROLS, (ch) => `[U+${(ch.codePointAt(0) as number).toString(16).toUpperCase()}]`);
}

/** `undefined`, `null` and `false` render as nothing, arrays as their items in order. */
export function html(strings: TemplateStringsArray, ...values: unknown[]): SafeHtml {
  let out = strings[0] as string;
  values.forEach((value, i) => {
    out += render(value) + (strings[i + 1] as string);
  });
  return new SafeHtml(out);
}

function render(value: unknown): string {
  if (value === undefined || value === null || value === false) return '';
  if (value instanceof SafeHtml) return value.value;
  if (Array.isArray(value)) return value.map(render).join('');
  return escapeHtml(String(value));
}
