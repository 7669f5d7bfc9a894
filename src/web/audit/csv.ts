/**
 * @module web/audit/csv
 * CSV downloads of the auditor's figures (RFC 4180, UTF-8 with a byte-order mark so spreadsheet
 * programs on Chinese Windows read the characters right). A cell that a spreadsheet would take for
 * a formula (= + - @, tab, CR) is prefixed with an apostrophe: licence content is hostile input.
 */
const FORMULA_START = /^[=+\-@\t\r]/;

function cell(value: string | number): string {
  let text = String(value);
  if (typeof value === 'string' && FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${[header, ...rows].map((row) => row.map(cell).join(',')).join('\r\n')}\r\n`;
}
