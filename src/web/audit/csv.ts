/**
 * @module web/audit/csv
 * CSV downloads of the auditor's figures through csv-stringify (RFC 4180, CRLF), UTF-8 with a
 * byte-order mark so spreadsheet programs on Chinese Windows read the characters right. Cells a
 * spreadsheet would take for a formula get an apostrophe (`escape_formulas`): licence content and
 * department names are input from elsewhere.
 */
import { stringify } from 'csv-stringify/sync';

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${stringify([[...header], ...rows.map((row) => [...row])], { escape_formulas: true, record_delimiter: 'windows' })}`;
}
