/**
 * @module web/audit/csv
 * CSV downloads of the auditor's figures through csv-stringify (RFC 4180, CRLF), UTF-8 with a
 * byte-order mark so spreadsheet programs on Chinese Windows read the characters right. Cells a
 * spreadsheet would take for a formula get an apostrophe (`escape_formulas`): licence content and
 * department names are input from elsewhere.
 */
import { stringify } from 'csv-stringify/sync';
import type { Context } from 'hono';

export function toCsv(header: readonly string[], rows: readonly (readonly (string | number)[])[]): string {
  return `\uFEFF${stringify([[...header], ...rows.map((row) => [...row])], { escape_formulas: true, record_delimiter: 'windows' })}`;
}

/** A chart's figures as a download: not cached (they are the caller's scope), named for the file system. */
export function csvDownload(
  c: Context,
  filename: string,
  header: readonly string[],
  rows: readonly (readonly (string | number)[])[],
): Response {
  c.header('Cache-Control', 'no-store');
  c.header('Content-Disposition', `attachment; filename="${filename}"`);
  return c.body(toCsv(header, rows), 200, { 'content-type': 'text/csv; charset=utf-8' });
}
