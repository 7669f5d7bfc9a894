/**
 * @module legacy-db/legacy-db-connector
 * A configured connector: the capture for the source's database kind, the row sync bound to the
 * SDK's hub client, and the loop. `drain()` handles what is there now (a one-shot run, and tests);
 * `run(signal)` keeps going until the signal aborts.
 */
import { mappedColumns } from './column-mapping.js';
import type { CaptureSource } from './capture-source.js';
import { createMysqlCapture } from './mysql-capture.js';
import { createPostgresCapture } from './postgres-capture.js';
import { drainCapture, runCapture, type CaptureCounts, type CaptureLog } from './run-capture.js';
import type { SourceConfig } from './source-config.js';
import { syncRow, type LicensePublisher } from './sync-row.js';

export interface LegacyDbConnectorOptions {
  source: SourceConfig;
  hub: LicensePublisher;
  log?: CaptureLog;
}

export interface LegacyDbConnector {
  /** Creates the connector's tables and trigger if missing; names any column the table lacks. */
  prepare(): Promise<void>;
  drain(): Promise<CaptureCounts>;
  run(signal: AbortSignal): Promise<void>;
  close(): Promise<void>;
}

export function createLegacyDbConnector(options: LegacyDbConnectorOptions): LegacyDbConnector {
  const { source } = options;
  const log = options.log ?? (() => {});
  const capture = createCapture(source);
  const sync = (key: string, row: Record<string, unknown>) =>
    syncRow({ source: source.name, mapping: source.mapping, hub: options.hub, states: capture.states }, key, row);
  const loop = { capture, sync, batchSize: source.capture.batchSize, log };
  return {
    prepare: () => capture.prepare(mappedColumns(source.mapping)),
    drain: () => drainCapture(loop),
    run: (signal) => runCapture({ ...loop, pollIntervalMs: source.capture.pollIntervalMs, signal }),
    close: () => capture.close(),
  };
}

function createCapture(source: SourceConfig): CaptureSource {
  const common = { url: source.database.url, source: source.name, table: source.table, key: source.key };
  if (source.database.kind === 'postgres') return createPostgresCapture({ ...common, listen: source.capture.listen });
  if (source.capture.cursor === undefined) throw new TypeError(`source ${source.name}: MySQL/MariaDB capture needs capture.cursor`);
  return createMysqlCapture({
    ...common,
    cursor: source.capture.cursor,
    cursorType: source.capture.cursorType,
    overlap: source.capture.overlap,
  });
}
