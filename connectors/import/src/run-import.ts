/**
 * @module run-import
 * `zhengzhao import`: streams a file's rows through the row processor with a bounded window of
 * rows in flight (memory stays flat however large the file), settles them in file order into the
 * rejects file, the counts and the checkpoint, shows progress, and ends with a summary and an exit
 * code: 0 every row accepted (or already there), 3 some rows rejected, 1 the import failed or was
 * interrupted — then `--resume` continues where the checkpoint says, with nothing missed or doubled.
 */
import { createHubClient, loadConnectorConfig, type HubClient, type Transport } from '@zhengzhao/sdk';
import { emptyCounts, fileIdentity, readCheckpoint, writeCheckpoint, type CheckpointState, type ImportCounts } from './checkpoint.js';
import { ImportFailure } from './import-errors.js';
import { loadMapping, type Mapping } from './mapping.js';
import { createProgress } from './progress.js';
import { formatOf, readRecords, type FileEncoding, type FileFormat } from './record-reader.js';
import { openRejectsFile, type RejectEntry } from './rejects-file.js';
import { createInFlightWindow } from './in-flight-window.js';
import { createRowProcessor, type RowOutcome } from './row-processor.js';
import { formatSummary } from './summary.js';

export interface ImportOptions {
  file: string;
  config: string;
  typeCode?: string;
  mapping?: string;
  via?: Transport;
  resume?: boolean;
  encoding?: FileEncoding;
  format?: FileFormat;
  /** Rows in flight at once (default 32 over HTTP, 1,500 over Kafka). */
  concurrency?: number;
  /** Bytes of sealed JWS in flight at once (default 6 MiB), so memory stays flat for large licences too. */
  maxInFlightBytes?: number;
  maxLineBytes?: number;
  /** Injected for tests; default: built from the config. */
  hub?: HubClient;
  /** Stops the import as Ctrl-C does (the CLI wires SIGINT/SIGTERM to it). */
  signal?: AbortSignal;
}

/**
 * Over Kafka, rows in flight are the hub's backlog: a few of its fetches (about 270 of these rows a
 * MiB) plus the answers on their way back keep it busy. Memory, not the file, sets the bound: each
 * row waiting holds its JWS (about 4 KB with the x5c chain) and its bookkeeping, and the Kafka
 * client's encoding buffers grow with the rate.
 */
const DEFAULT_WINDOW = { http: 32, kafka: 1_500 } as const;
const DEFAULT_IN_FLIGHT_BYTES = 6 * 1024 * 1024;

export interface ImportIo {
  out(line: string): void;
  err(line: string): void;
  tty: boolean;
}

export interface ImportResult {
  exitCode: 0 | 1 | 3;
  counts: ImportCounts;
  rejectsFile: string;
  /** Why it stopped early, if it did. */
  failure?: string;
}

export async function runImport(options: ImportOptions, io: ImportIo): Promise<ImportResult> {
  const started = Date.now();
  const via = options.via ?? 'http';
  const format = options.format ?? formatOf(options.file);
  if (!format) throw new ImportFailure('ERR_FORMAT', `${options.file}: 无法从扩展名判断格式（.csv 或 .jsonl）；请加 --format csv|jsonl`);
  const mapping: Mapping | undefined = options.mapping ? loadMapping(options.mapping) : undefined;
  if (format === 'csv' && !mapping) throw new ImportFailure('ERR_MAPPING', 'CSV 文件须用 --mapping MAP.json 说明各列对应的字段');
  const identity = fileIdentity(options.file);
  const previous = options.resume ? readCheckpoint(options.file) : undefined;
  const hub = options.hub ?? createHubClient(loadConnectorConfig(options.config), { via });
  const contracts = await hub.contracts().catch((error: unknown) => {
    // The first call fetches an access token: a refusal here is about the system certificate.
    const code = (error as { code?: string }).code ?? 'ERR_HUB_UNAVAILABLE';
    const field = /^ERR_(CERT|ASSERTION|TOKEN|GRANT)/.test(code) ? `（检查 ${options.config} 中的 /system/cert）` : '';
    throw new ImportFailure(code, `${(error as Error).message}${field}；尚未导入任何行`, { cause: error });
  });
  const processor = createRowProcessor({
    hub,
    contracts,
    ...(mapping ? { mapping } : {}),
    ...(options.typeCode ? { typeCode: options.typeCode } : {}),
    via,
  });

  const state: CheckpointState = previous ?? {
    version: 1,
    file: options.file,
    ...identity,
    settled: 0,
    line: 0,
    counts: emptyCounts(),
    complete: false,
    updatedAt: '',
  };
  if (previous?.complete) io.err(`${options.file} 已全部导入过（${previous.counts.rows} 行）；未加 --resume 重新导入时不会产生重复`);
  const rejects = openRejectsFile(options.file, previous ? previous.line : undefined);
  const reader = readRecords(options.file, {
    format,
    encoding: options.encoding ?? 'utf8',
    maxLineBytes: options.maxLineBytes ?? 1024 * 1024,
    onHeader: (header) => mapping?.checkHeader(header, options.file),
  });
  const progress = createProgress({ tty: io.tty, write: io.err });
  const window = createInFlightWindow({
    rows: options.concurrency ?? DEFAULT_WINDOW[via],
    bytes: options.maxInFlightBytes ?? DEFAULT_IN_FLIGHT_BYTES,
  });
  const outcomes = new Map<number, RowOutcome | RejectEntry>();
  const lines = new Map<number, number>();
  let next = state.settled;
  let seq = 0;
  let failure: Error | undefined;
  let lastSave = Date.now();
  const shown: RejectEntry[] = [];

  const settle = () => {
    for (let outcome = outcomes.get(next); outcome !== undefined; outcome = outcomes.get(next)) {
      outcomes.delete(next);
      const counts = state.counts;
      counts.rows++;
      const entry = 'stage' in outcome ? outcome : outcome.reject;
      if (!('stage' in outcome) && 'licence' in outcome) {
        counts[outcome.licence === 'accepted' ? 'accepted' : 'existing']++;
        if (outcome.status) counts[outcome.status === 'applied' ? 'statusApplied' : 'statusExisting']++;
      }
      if (entry) {
        counts.rejected++;
        rejects.write(entry);
        if (shown.length < 10) shown.push(entry);
        if (!io.tty && counts.rejected <= 20) io.err(`拒绝 ${options.file}:${entry.line} ${entry.code} ${entry.detail}`);
      }
      state.line = lines.get(next) ?? state.line;
      lines.delete(next);
      state.settled = ++next;
    }
    progress.update(shareDone(), state.counts);
    if (Date.now() - lastSave > 1000) {
      writeCheckpoint(options.file, state);
      lastSave = Date.now();
    }
  };

  /** Rows settled over the rows the file holds at the average size of the rows read so far. */
  const shareDone = () => {
    const bytes = reader.bytesConsumed();
    if (seq === 0 || bytes === 0) return 0;
    return Math.min(1, next / Math.max(seq, (identity.size / bytes) * seq));
  };
  const abort = () => (failure ??= new ImportFailure('ERR_INTERRUPTED', '导入被中断'));
  options.signal?.addEventListener('abort', abort, { once: true });
  writeCheckpoint(options.file, { ...state, complete: false });
  try {
    for await (const row of reader.rows) {
      const index = seq++;
      if (index < state.settled) continue;
      if (failure) break;
      lines.set(index, row.line);
      const prepared = processor.prepare(row);
      if (!('sealed' in prepared)) {
        outcomes.set(index, prepared);
        settle();
        continue;
      }
      const size = prepared.sealed.bytes?.length ?? prepared.sealed.jws.length;
      const room = window.enter(size);
      if (room) await room;
      const answered = (outcome: RowOutcome | undefined, error?: Error) => {
        if (outcome) outcomes.set(index, outcome);
        else failure ??= error;
        window.leave(size);
        try {
          settle();
        } catch (settling) {
          // The rejects file or checkpoint could not be written: stop as for any failure.
          failure ??= settling as Error;
        }
      };
      processor.send(prepared).then(answered, (error: Error) => answered(undefined, error));
    }
  } catch (error) {
    failure ??= error as Error;
  }
  await window.drained();
  settle();
  progress.stop();
  state.complete = failure === undefined;
  writeCheckpoint(options.file, state);
  rejects.close();
  if (!options.hub) await hub.close();
  options.signal?.removeEventListener('abort', abort);

  const exitCode = failure ? 1 : state.counts.rejected > 0 ? 3 : 0;
  const failureText = failure && describeFailure(failure, options, state);
  for (const line of formatSummary({
    file: options.file,
    counts: state.counts,
    rejectsFile: rejects.path,
    shown,
    elapsedMs: Date.now() - started,
    exitCode,
    failure: failureText,
  })) {
    (exitCode === 1 ? io.err : io.out)(line);
  }
  return { exitCode, counts: state.counts, rejectsFile: rejects.path, ...(failureText ? { failure: failureText } : {}) };
}

function describeFailure(error: Error, options: ImportOptions, state: CheckpointState): string {
  const where = state.line > 0 ? `已完成至第 ${state.line} 行` : '尚未完成任何行';
  const code = (error as { code?: string }).code;
  const reason = code && !error.message.startsWith(code) ? `${code}: ${error.message}` : error.message;
  const hint = /^ERR_(CERT|SEAL|JWS)/.test(code ?? '')
    ? `（检查 ${options.config} 中的 /seal/cert）`
    : /^ERR_(ASSERTION|TOKEN|GRANT)/.test(code ?? '')
      ? `（检查 ${options.config} 中的 /system/cert）`
      : '';
  const next = code === 'ERR_INTERRUPTED' ? '用 --resume 继续' : '排除原因后用 --resume 继续';
  return `${reason}${hint}；${where}，${next}`;
}
