/**
 * @module record-reader
 * Streams the rows of an export file — CSV (csv-parse: header row, BOM, quoted fields across
 * lines) or JSON Lines — as records in file order, each with the line it came from. A row that
 * cannot be read (ragged, too long, not JSON, bytes that are not text in the declared encoding)
 * is yielded as a problem, not thrown, so the import carries on and the row lands in the rejects
 * file. Nothing is held beyond the current rows: memory does not grow with the file.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';
import iconv from 'iconv-lite';
import { LineGuard } from './line-guard.js';

export type FileFormat = 'csv' | 'jsonl';
export type FileEncoding = 'utf8' | 'gbk';

export interface RowProblem {
  code: string;
  detail: string;
  /** The column (CSV header name or JSON member) concerned, when there is one. */
  column?: string;
}

export interface RawRow {
  line: number;
  /** Column → text (CSV) or the parsed line (JSON Lines). */
  values?: Record<string, unknown>;
  problem?: RowProblem;
}

export interface RecordReaderOptions {
  format: FileFormat;
  encoding: FileEncoding;
  maxLineBytes: number;
  /** Called with the CSV header before the first row; throw to stop (e.g. a mapping names a missing column). */
  onHeader?(columns: string[]): void;
}

export interface RecordReader {
  rows: AsyncIterable<RawRow>;
  /** Bytes of the file up to the end of the last row yielded (estimated for GBK), for the share done. */
  bytesConsumed(): number;
}

const REPLACEMENT = '\uFFFD';

export function formatOf(file: string): FileFormat | undefined {
  if (/\.csv$/i.test(file)) return 'csv';
  if (/\.(jsonl|ndjson)$/i.test(file)) return 'jsonl';
  return undefined;
}

export function readRecords(file: string, options: RecordReaderOptions): RecordReader {
  const guard = new LineGuard(options.maxLineBytes);
  const input = createReadStream(file);
  const source = input.pipe(guard);
  // Rows are read ahead of the import (parser buffers, backpressure): what counts is how far the rows handed out reach.
  const position = { bytes: 0 };
  const read = options.format === 'csv' ? csvRows(source, guard, options, position) : jsonLines(source, guard, options, position);
  async function* rows(): AsyncGenerator<RawRow> {
    try {
      yield* read;
    } finally {
      // Stopped early (a failure, Ctrl-C): release the file instead of waiting for the collector.
      input.destroy();
    }
  }
  return { rows: rows(), bytesConsumed: () => position.bytes };
}

async function* csvRows(
  source: LineGuard,
  guard: LineGuard,
  options: RecordReaderOptions,
  position: { bytes: number },
): AsyncGenerator<RawRow> {
  const skipped: RawRow[] = [];
  const parser = parse({
    bom: true,
    columns: (header: string[]) => {
      options.onHeader?.(header);
      return header;
    },
    info: true,
    skip_records_with_error: true,
    skip_empty_lines: true,
    max_record_size: options.maxLineBytes * 2,
  });
  parser.on('skip', (error: Error & { code?: string; lines?: number }) => {
    const line = error.lines ?? 0;
    skipped.push({ line, problem: guard.oversized.has(line) ? oversized(options) : csvProblem(error) });
  });
  (options.encoding === 'gbk' ? source.pipe(iconv.decodeStream('gbk')) : source).pipe(parser);
  for await (const { record, info } of parser as AsyncIterable<{
    record: Record<string, string>;
    info: { lines: number; bytes: number };
  }>) {
    // The parser counts the bytes of its (decoded) input; for GBK scale them to the file's bytes.
    const scale = options.encoding === 'gbk' ? guard.bytes / Math.max(parser.info.bytes, 1) : 1;
    position.bytes = Math.min(guard.bytes, info.bytes * scale);
    while (skipped.length > 0 && (skipped[0] as RawRow).line < info.lines) yield skipped.shift() as RawRow;
    if (guard.oversized.has(info.lines)) {
      yield { line: info.lines, problem: oversized(options) };
      continue;
    }
    const garbled = Object.entries(record).find(([, value]) => value.includes(REPLACEMENT));
    yield garbled ? { line: info.lines, problem: encodingProblem(options.encoding, garbled[0]) } : { line: info.lines, values: record };
  }
  yield* skipped;
}

async function* jsonLines(
  source: LineGuard,
  guard: LineGuard,
  options: RecordReaderOptions,
  position: { bytes: number },
): AsyncGenerator<RawRow> {
  const decoder = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
  let line = 0;
  let rest: Buffer = Buffer.alloc(0);
  const parseLine = (bytes: Buffer): RawRow | undefined => {
    line++;
    if (guard.oversized.has(line)) return { line, problem: oversized(options) };
    let text: string;
    try {
      text = options.encoding === 'gbk' ? iconv.decode(bytes, 'gbk') : decoder.decode(bytes);
    } catch {
      return { line, problem: encodingProblem(options.encoding) };
    }
    if (line === 1) text = text.replace(/^\uFEFF/, '');
    if (text.trim() === '') return undefined;
    try {
      const value: unknown = JSON.parse(text);
      if (value === null || typeof value !== 'object' || Array.isArray(value)) {
        return { line, problem: { code: 'ERR_ROW_NOT_OBJECT', detail: '每行须为一个 JSON 对象 (each line must be one JSON object)' } };
      }
      return { line, values: value as Record<string, unknown> };
    } catch (error) {
      return { line, problem: { code: 'ERR_ROW_NOT_JSON', detail: `不是 JSON：${(error as Error).message}` } };
    }
  };
  for await (const chunk of source as AsyncIterable<Buffer>) {
    let data = rest.length > 0 ? Buffer.concat([rest, chunk]) : chunk;
    let newline: number;
    while ((newline = data.indexOf(0x0a)) !== -1) {
      position.bytes += newline + 1;
      const row = parseLine(data.subarray(0, newline > 0 && data[newline - 1] === 0x0d ? newline - 1 : newline));
      if (row) yield row;
      data = data.subarray(newline + 1);
    }
    rest = Buffer.from(data);
  }
  if (rest.length > 0) {
    position.bytes += rest.length;
    const row = parseLine(rest);
    if (row) yield row;
  }
}

function oversized(options: RecordReaderOptions): RowProblem {
  return { code: 'ERR_LINE_TOO_LONG', detail: `该行超过 ${options.maxLineBytes} 字节，已跳过 (line longer than --max-line-bytes)` };
}

function encodingProblem(encoding: FileEncoding, column?: string): RowProblem {
  const hint = encoding === 'utf8' ? '：文件可能是 GBK 编码，请加 --encoding gbk' : '';
  return { code: 'ERR_ENCODING', detail: `含有不是 ${encoding === 'utf8' ? 'UTF-8' : 'GBK'} 的字节${hint}`, ...(column ? { column } : {}) };
}

function csvProblem(error: Error & { code?: string }): RowProblem {
  if (error.code === 'CSV_RECORD_INCONSISTENT_COLUMNS') {
    return { code: 'ERR_CSV_RAGGED_ROW', detail: `列数与表头不一致 (${error.message})` };
  }
  return { code: 'ERR_CSV_SYNTAX', detail: `${error.code ?? 'CSV'}: ${error.message}` };
}
