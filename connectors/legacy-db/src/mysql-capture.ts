/**
 * @module legacy-db/mysql-capture
 * Capture from a department's MySQL/MariaDB table by polling a cursor column (an `updated_at`
 * timestamp set on every write, or a version number that only grows), since MySQL has no NOTIFY and
 * reading its binary log needs privileges a department rarely grants. Rows are read in
 * (cursor, key) order, a page at a time; `zz_legacy_checkpoint` keeps the highest cursor handled.
 *
 * One connector per source: GET_LOCK held by a session while it runs refuses a second one.
 *
 * A cursor value is visible only at commit, which may come after rows with later values were read,
 * and a second-resolution timestamp can repeat: so every pass starts `overlap` (seconds, or version
 * units) before the checkpoint and re-reads that window. The row state makes re-reading free of
 * effects; the overlap must exceed the department system's longest transaction.
 */
import { createPool, escapeId, type Pool, type PoolConnection, type RowDataPacket } from 'mysql2/promise';
import { assertColumns, assertIdentifier, SourceBusyError, waitFor, type CaptureBatch, type CaptureSource } from './capture-source.js';
import { decodeRowState, encodeRowState, type RowStateStore } from './row-state.js';

export interface MysqlCaptureOptions {
  url: string;
  source: string;
  table: string;
  key: string;
  cursor: string;
  cursorType: 'timestamp' | 'number';
  overlap: number;
}

const SCHEMA = [
  `create table if not exists zz_legacy_rows (
    source varchar(64) not null,
    row_key varchar(191) not null,
    license_id varchar(200) null,
    status varchar(20) null,
    refused varchar(64) null,
    state longtext not null,
    updated_at timestamp(6) not null default current_timestamp(6) on update current_timestamp(6),
    primary key (source, row_key)
  ) engine = InnoDB default charset = utf8mb4`,
  `create table if not exists zz_legacy_checkpoint (
    source varchar(64) not null primary key,
    cursor_value varchar(64) not null,
    updated_at timestamp(6) not null default current_timestamp(6) on update current_timestamp(6)
  ) engine = InnoDB default charset = utf8mb4`,
];

export function createMysqlCapture(options: MysqlCaptureOptions): CaptureSource {
  for (const [what, name] of [
    ['table', options.table],
    ['key column', options.key],
    ['cursor column', options.cursor],
    ['source name', options.source],
  ] as const) {
    assertIdentifier(what, name);
  }
  // Dates as the server's text, so a cursor value goes back exactly as it came; big numbers as text.
  const pool: Pool = createPool({
    uri: options.url,
    // One connection holds the source's lock (GET_LOCK is per session), the others do the work.
    connectionLimit: 3,
    dateStrings: true,
    supportBigNumbers: true,
    bigNumberStrings: true,
    charset: 'utf8mb4',
  });
  const table = escapeId(options.table);
  const [key, cursor] = [escapeId(options.key), escapeId(options.cursor)];
  const start = options.cursorType === 'timestamp' ? 'date_sub(?, interval ? second)' : '(? - ?)';
  /** Where the current pass has got to; undefined between passes. */
  let position: { cursor: string; key: string } | undefined;
  let closed = false;
  let lock: PoolConnection | undefined;

  const query = async <T>(text: string, params: unknown[] = []): Promise<T[]> => {
    const [rows] = await pool.query<RowDataPacket[]>(text, params);
    return rows as T[];
  };

  const states: RowStateStore = {
    async load(source, rowKey) {
      const [row] = await query<{ state: string }>('select state from zz_legacy_rows where source = ? and row_key = ?', [source, rowKey]);
      return decodeRowState(row?.state);
    },
    async save(source, rowKey, state) {
      await query(
        `insert into zz_legacy_rows (source, row_key, license_id, status, refused, state) values (?, ?, ?, ?, ?, ?)
         on duplicate key update license_id = values(license_id), status = values(status), refused = values(refused), state = values(state)`,
        [source, rowKey, state.licenseId ?? null, state.status ?? null, state.refused?.code ?? null, encodeRowState(state)],
      );
    },
  };

  const checkpoint = async (): Promise<string | undefined> => {
    const [row] = await query<{ cursor_value: string }>('select cursor_value from zz_legacy_checkpoint where source = ?', [options.source]);
    return row?.cursor_value;
  };

  const later = (a: string, b: string | undefined) => b === undefined || (options.cursorType === 'number' ? Number(a) > Number(b) : a > b);

  return {
    states,
    async prepare(columns) {
      lock = await pool.getConnection();
      // GET_LOCK names are server-wide while sources are per database: the name carries the database,
      // hashed to stay under MySQL's 64-character limit.
      const [held] = await lock.query<RowDataPacket[]>("select get_lock(concat('zz_legacy:', sha1(concat(database(), ':', ?))), 0) as ok", [
        options.source,
      ]);
      if ((held as { ok: number | null }[])[0]?.ok !== 1) throw new SourceBusyError(options.source);
      const [schema, name] = options.table.includes('.') ? options.table.split('.') : [undefined, options.table];
      const present = await query<{ name: string }>(
        `select column_name as name from information_schema.columns where table_schema = coalesce(?, database()) and table_name = ?`,
        [schema ?? null, name],
      );
      assertColumns(
        options.table,
        present.map((c) => c.name),
        [options.key, options.cursor, ...columns],
      );
      for (const statement of SCHEMA) await query(statement);
    },
    async next(limit): Promise<CaptureBatch> {
      let rows: Record<string, unknown>[];
      if (position !== undefined) {
        rows = await query(
          `select * from ${table} where ${cursor} > ? or (${cursor} = ? and ${key} > ?) order by ${cursor}, ${key} limit ?`,
          [position.cursor, position.cursor, position.key, limit],
        );
      } else {
        const from = await checkpoint();
        rows =
          from === undefined
            ? await query(`select * from ${table} where ${cursor} is not null order by ${cursor}, ${key} limit ?`, [limit])
            : await query(`select * from ${table} where ${cursor} >= ${start} order by ${cursor}, ${key} limit ?`, [
                from,
                options.overlap,
                limit,
              ]);
      }
      const last = rows[rows.length - 1];
      return {
        rows: rows.map((row) => ({ key: String(row[options.key]), row })),
        confirm: async () => {
          if (last === undefined || rows.length < limit) position = undefined;
          else position = { cursor: String(last[options.cursor]), key: String(last[options.key]) };
          if (last === undefined) return;
          const reached = String(last[options.cursor]);
          if (!later(reached, await checkpoint())) return;
          await query(
            `insert into zz_legacy_checkpoint (source, cursor_value) values (?, ?) on duplicate key update cursor_value = values(cursor_value)`,
            [options.source, reached],
          );
        },
      };
    },
    async waitForChange(ms, signal) {
      await waitFor(ms, signal, () => () => {});
    },
    async close() {
      if (closed) return;
      closed = true;
      // Ending the session releases GET_LOCK with it.
      lock?.release();
      await pool.end();
    },
  };
}
