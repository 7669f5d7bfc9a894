/**
 * @module legacy-db/capture-source
 * A department database seen as a stream of changed rows, whatever captures them (a PostgreSQL
 * trigger queue, a MySQL/MariaDB cursor column). A batch is confirmed only after every row in it has
 * been brought up to date at the hub, so a crash re-reads it: capture is at least once, and the row
 * state makes the second reading harmless.
 */
import type { RowStateStore } from './row-state.js';

export interface CapturedRow {
  /** The source table's primary key, as text. */
  key: string;
  /** The row's columns now; undefined when the row has been deleted since it changed. */
  row: Record<string, unknown> | undefined;
}

export interface CaptureBatch {
  rows: CapturedRow[];
  /** Advances the checkpoint past these rows. */
  confirm(): Promise<void>;
}

export interface CaptureSource {
  /** Creates the connector's tables (and trigger) if missing and checks the named columns exist. */
  prepare(columns: readonly string[]): Promise<void>;
  /** The next changed rows after the checkpoint, oldest first; empty when caught up. */
  next(limit: number): Promise<CaptureBatch>;
  /** Resolves on a change notification, after `ms`, or when `signal` aborts, whichever is first. */
  waitForChange(ms: number, signal: AbortSignal): Promise<void>;
  readonly states: RowStateStore;
  close(): Promise<void>;
}

/** A second connector for the same source would publish every change twice, racing the first. */
export class SourceBusyError extends Error {
  override readonly name = 'SourceBusyError';
  constructor(source: string) {
    super(`另一个连接器正在处理 ${source}（source "${source}" is already being captured by another connector）`);
  }
}

/** The database lock that keeps a source to one connector: held by a session for as long as it runs. */
export const sourceLockName = (source: string) => `zz_legacy:${source}`;

/** Names in source.json become SQL identifiers: letters (any script), digits, `_`, `$`, optionally schema-qualified. */
const IDENTIFIER = /^[\p{L}_][\p{L}\p{N}_$]{0,62}(\.[\p{L}_][\p{L}\p{N}_$]{0,62})?$/u;

export function assertIdentifier(what: string, name: string): void {
  if (!IDENTIFIER.test(name)) throw new TypeError(`${what} "${name}" is not a plain SQL identifier (letters, digits, _ and $)`);
}

/** A missing column named before the first row, with every other one missing too. */
export function assertColumns(table: string, present: readonly string[], wanted: readonly string[]): void {
  if (present.length === 0) throw new TypeError(`table ${table} not found or has no columns visible to this account`);
  const missing = wanted.filter((c) => !present.includes(c));
  if (missing.length > 0) throw new TypeError(`table ${table} has no column ${missing.join(', ')} (named in source.json or the mapping)`);
}

/** A wait that a notification, a timer or an abort ends, leaving no timer or listener behind. */
export function waitFor(ms: number, signal: AbortSignal, subscribe: (wake: () => void) => () => void): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    let unsubscribe = () => {};
    const done = () => {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      unsubscribe();
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', done);
    unsubscribe = subscribe(done);
  });
}
