/**
 * @module postgres/unnest-insert
 * Multi-row inserts as one fixed statement: each column travels as one text array and `unnest`
 * turns the arrays back into rows, in array order (`with ordinality … order by`, so serial ids follow
 * the caller's order). The statement text is the same for one row or a thousand, so postgres.js
 * prepares it once per connection and PostgreSQL plans it once — a multi-row VALUES list is a new
 * statement for every batch size, with one parameter per cell, parsed and planned again each time.
 *
 * Every cell is sent as text and cast in SQL: jsonb cells are JSON text (written once by whoever
 * made it, never serialised again here), bytea cells travel as hex, `utf8` cells are strings stored
 * as their UTF-8 bytes in a bytea column.
 */
import type { Sql, TransactionSql } from './database.js';

/** A column's PostgreSQL type; `utf8` is a bytea column written from a string. */
export type UnnestType = 'text' | 'integer' | 'bigint' | 'date' | 'timestamptz' | 'jsonb' | 'bytea' | 'utf8';
export type Cell = string | number | bigint | Date | Uint8Array | null;

export interface UnnestInsert<C extends string> {
  readonly text: string;
  run<T extends readonly object[] = []>(sql: Sql | TransactionSql, rows: readonly Readonly<Record<C, Cell>>[]): Promise<T>;
}

/** A row of an insert: one cell per column. */
export type RowOf<I> = I extends UnnestInsert<infer C> ? Readonly<Record<C, Cell>> : never;

/** `columns` in insert order, each with its type; `tail` follows the insert (e.g. `on conflict do nothing returning id`). */
export function unnestInsert<C extends string>(table: string, columns: Readonly<Record<C, UnnestType>>, tail = ''): UnnestInsert<C> {
  const names = Object.keys(columns) as C[];
  const quoted = names.map((n) => `"${n}"`);
  const text =
    `insert into ${table} (${quoted.join(', ')}) select ${names.map((n) => expression(`r."${n}"`, columns[n])).join(', ')} ` +
    `from unnest(${names.map((_, i) => `$${i + 1}::text[]`).join(', ')}) with ordinality as r(${quoted.join(', ')}, "ord$") ` +
    `order by r."ord$" ${tail}`.trimEnd();
  return {
    text,
    run<T extends readonly object[]>(sql: Sql | TransactionSql, rows: readonly Readonly<Record<C, Cell>>[]) {
      const arrays = names.map((n) => rows.map((row) => toText(row[n])));
      return sql.unsafe(text, arrays, { prepare: true }) as unknown as Promise<T>;
    },
  };
}

function expression(ref: string, type: UnnestType): string {
  if (type === 'bytea') return `decode(${ref}, 'hex')`;
  if (type === 'utf8') return `convert_to(${ref}, 'UTF8')`;
  return type === 'text' ? ref : `${ref}::${type}`;
}

function toText(cell: Cell): string | null {
  if (cell === null || typeof cell === 'string') return cell;
  if (cell instanceof Date) return cell.toISOString();
  if (cell instanceof Uint8Array) return Buffer.from(cell.buffer, cell.byteOffset, cell.byteLength).toString('hex');
  return String(cell);
}
