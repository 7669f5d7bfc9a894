/**
 * @module legacy-db/postgres-capture
 * Capture from a department's PostgreSQL table: an AFTER INSERT OR UPDATE trigger queues the key of
 * every changed row in `zz_legacy_changes` and sends NOTIFY; the connector LISTENs and drains the
 * queue, deleting entries only once their rows are up to date at the hub. The queue, not a sequence
 * number, is the checkpoint: sequence values are handed out before commit, so "everything after
 * seq N" would skip a transaction that commits late, whereas a queue entry stays until it is handled.
 * The queue is also read every poll interval, which covers a dropped LISTEN connection, a missed
 * notification, and a pooler that cannot LISTEN at all (`listen: false`).
 *
 * One connector per source: a session-level advisory lock held while it runs refuses a second one.
 * Installing the trigger queues every row already in the table, in the same transaction (which
 * holds off writers), so the historical rows are published first and nothing falls in between.
 */
import postgres from 'postgres';
import {
  assertColumns,
  assertIdentifier,
  SourceBusyError,
  sourceLockName,
  waitFor,
  type CaptureBatch,
  type CaptureSource,
} from './capture-source.js';
import { decodeRowState, encodeRowState, type RowStateStore } from './row-state.js';

export interface PostgresCaptureOptions {
  url: string;
  /** The capture's name (source.json `name`): keys the queue, the row state and the trigger. */
  source: string;
  table: string;
  key: string;
  /** false: poll the queue only (e.g. behind a transaction-pooling PgBouncer, where LISTEN is lost). */
  listen: boolean;
}

const CHANNEL = 'zz_legacy_changes';

const SCHEMA = `
create table if not exists zz_legacy_changes (
  seq bigserial primary key,
  source text not null,
  row_key text not null,
  queued_at timestamptz not null default now()
);
create index if not exists zz_legacy_changes_source on zz_legacy_changes (source, seq);
create table if not exists zz_legacy_rows (
  source text not null,
  row_key text not null,
  license_id text,
  status text,
  refused text,
  state jsonb not null,
  updated_at timestamptz not null default now(),
  primary key (source, row_key)
);
create or replace function zz_legacy_capture() returns trigger language plpgsql as $$
begin
  insert into zz_legacy_changes (source, row_key) values (TG_ARGV[0], to_jsonb(NEW) ->> TG_ARGV[1]);
  perform pg_notify('${CHANNEL}', TG_ARGV[0]);
  return null;
end $$;
`;

export function createPostgresCapture(options: PostgresCaptureOptions): CaptureSource {
  assertIdentifier('table', options.table);
  assertIdentifier('key column', options.key);
  assertIdentifier('source name', options.source);
  const sql = postgres(options.url, { max: 3, onnotice: () => {}, connection: { application_name: `zz-legacy-${options.source}` } });
  const table = options.table.split('.').map(quote).join('.');
  const trigger = quote(`zz_legacy_${options.source}`);
  let keyType = 'text';
  let dirty = false;
  let closed = false;
  const wakers = new Set<() => void>();
  let unlisten: (() => Promise<void>) | undefined;
  let lock: postgres.ReservedSql | undefined;

  const states: RowStateStore = {
    async load(source, key) {
      const [row] = await sql<
        { state: string }[]
      >`select state::text as state from zz_legacy_rows where source = ${source} and row_key = ${key}`;
      return decodeRowState(row?.state);
    },
    async save(source, key, state) {
      await sql`
        insert into zz_legacy_rows (source, row_key, license_id, status, refused, state)
        values (${source}, ${key}, ${state.licenseId ?? null}, ${state.status ?? null}, ${state.refused?.code ?? null}, ${encodeRowState(state)}::text::jsonb)
        on conflict (source, row_key) do update set license_id = excluded.license_id, status = excluded.status,
          refused = excluded.refused, state = excluded.state, updated_at = now()`;
    },
  };

  return {
    states,
    async prepare(columns) {
      lock = await sql.reserve();
      const [held] = await lock<{ ok: boolean }[]>`select pg_try_advisory_lock(hashtext(${sourceLockName(options.source)})) as ok`;
      if (!held?.ok) throw new SourceBusyError(options.source);
      const present = await sql<{ name: string; type: string }[]>`
        select attname as name, format_type(atttypid, atttypmod) as type from pg_attribute
        where attrelid = to_regclass(${options.table}) and attnum > 0 and not attisdropped`;
      assertColumns(
        options.table,
        present.map((c) => c.name),
        [options.key, ...columns],
      );
      keyType = present.find((c) => c.name === options.key)?.type ?? 'text';
      await sql.begin(async (tx) => {
        // One installer at a time: two connectors starting together would queue the table twice.
        await tx`select pg_advisory_xact_lock(hashtext('zz_legacy_capture'))`;
        await tx.unsafe(SCHEMA);
        const [installed] =
          await tx`select 1 from pg_trigger where tgname = ${`zz_legacy_${options.source}`} and tgrelid = to_regclass(${options.table})`;
        if (installed) return;
        await tx.unsafe(
          `create trigger ${trigger} after insert or update on ${table} for each row execute function zz_legacy_capture('${options.source}', '${options.key}')`,
        );
        await tx.unsafe(
          `insert into zz_legacy_changes (source, row_key) select $1, ${quote(options.key)}::text from ${table} order by ${quote(options.key)}`,
          [options.source],
        );
      });
      if (options.listen) {
        const listening = await sql.listen(CHANNEL, (payload) => {
          if (payload !== options.source) return;
          dirty = true;
          for (const wake of [...wakers]) wake();
        });
        unlisten = listening.unlisten;
      }
    },
    async next(limit): Promise<CaptureBatch> {
      dirty = false;
      const queued = await sql<{ seq: string; key: string }[]>`
        select seq::text as seq, row_key as key from zz_legacy_changes where source = ${options.source} order by seq limit ${limit}`;
      const keys = [...new Set(queued.map((q) => q.key))];
      const found =
        keys.length === 0
          ? []
          : await sql.unsafe<{ key: string; row: Record<string, unknown> }[]>(
              `select ${quote(options.key)}::text as key, to_jsonb(t) as row from ${table} t where ${quote(options.key)} = any($1::text[]::${keyType}[])`,
              [keys],
            );
      const byKey = new Map(found.map((f) => [f.key, f.row]));
      return {
        rows: keys.map((key) => ({ key, row: byKey.get(key) })),
        confirm: async () => {
          if (queued.length > 0) await sql`delete from zz_legacy_changes where seq = any(${queued.map((q) => q.seq)}::bigint[])`;
        },
      };
    },
    async waitForChange(ms, signal) {
      if (dirty) return;
      await waitFor(ms, signal, (wake) => {
        wakers.add(wake);
        return () => wakers.delete(wake);
      });
    },
    async close() {
      if (closed) return;
      closed = true;
      await unlisten?.().catch(() => {});
      // Ending the session releases the advisory lock with it.
      lock?.release();
      await sql.end({ timeout: 5 });
    },
  };
}

/** Double-quoted identifier; names are already restricted to letters, digits and underscores. */
function quote(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}
