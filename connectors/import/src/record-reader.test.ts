/**
 * The bad input department exports contain, each turned into a row problem with its line (and
 * column), never a crash and never a row silently lost.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readRecords, type FileEncoding, type FileFormat, type RawRow } from './record-reader.js';

const dir = mkdtempSync(path.join(tmpdir(), 'zz-reader-'));
let n = 0;

async function rows(
  content: string | Buffer,
  format: FileFormat,
  encoding: FileEncoding = 'utf8',
  maxLineBytes = 1024 * 1024,
): Promise<RawRow[]> {
  const file = path.join(dir, `f${n++}.${format}`);
  writeFileSync(file, content);
  const all: RawRow[] = [];
  for await (const row of readRecords(file, { format, encoding, maxLineBytes }).rows) all.push(row);
  return all;
}

describe('record reader', () => {
  it('reads a CSV with a BOM, CRLF line ends and a quoted field across lines', async () => {
    const found = await rows('\uFEFF证号,名称\r\nA1,"梅山\n土菜馆"\r\nA2,"逗号,也行"\r\n', 'csv');
    expect(found).toEqual([
      { line: 3, values: { 证号: 'A1', 名称: '梅山\n土菜馆' } },
      { line: 4, values: { 证号: 'A2', 名称: '逗号,也行' } },
    ]);
  });

  it('rejects a ragged row by line and carries on', async () => {
    const found = await rows('a,b,c\n1,2,3\n4,5\n6,7,8\n', 'csv');
    expect(found.map((r) => [r.line, r.problem?.code ?? 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'ERR_CSV_RAGGED_ROW'],
      [4, 'ok'],
    ]);
  });

  it('names a GBK file read as UTF-8, and reads it with --encoding gbk', async () => {
    const gbk = iconv.encode('证号,持证人\nA1,王伟\nA2,李娜\n', 'gbk');
    const asUtf8 = await rows(gbk, 'csv');
    expect(asUtf8[0]?.problem).toMatchObject({ code: 'ERR_ENCODING', detail: expect.stringContaining('--encoding gbk') });
    expect(await rows(gbk, 'csv', 'gbk')).toEqual([
      { line: 2, values: { 证号: 'A1', 持证人: '王伟' } },
      { line: 3, values: { 证号: 'A2', 持证人: '李娜' } },
    ]);
    const jsonl = await rows(iconv.encode('{"持证人":"王伟"}\n', 'gbk'), 'jsonl');
    expect(jsonl[0]?.problem?.code).toBe('ERR_ENCODING');
  });

  it('skips a 50 MB single line without holding it, and reads the lines after it', async () => {
    const huge = `{"number":"${'x'.repeat(50 * 1024 * 1024)}"}`;
    const found = await rows(`{"number":"A1"}\n${huge}\n{"number":"A3"}\n`, 'jsonl');
    expect(found.map((r) => [r.line, r.problem?.code ?? r.values?.number])).toEqual([
      [1, 'A1'],
      [2, 'ERR_LINE_TOO_LONG'],
      [3, 'A3'],
    ]);
    const csv = await rows(`a,b\n1,2\n3,${'y'.repeat(3 * 1024 * 1024)}\n5,6\n`, 'csv', 'utf8', 1024 * 1024);
    expect(csv.map((r) => [r.line, r.problem?.code ?? 'ok'])).toEqual([
      [2, 'ok'],
      [3, 'ERR_LINE_TOO_LONG'],
      [4, 'ok'],
    ]);
  });

  it('JSON Lines: blank lines skipped, each bad line named', async () => {
    const found = await rows('{"a":1}\r\n\n[1,2]\nnot json\n{"a":2}', 'jsonl');
    expect(found.map((r) => [r.line, r.problem?.code ?? 'ok'])).toEqual([
      [1, 'ok'],
      [3, 'ERR_ROW_NOT_OBJECT'],
      [4, 'ERR_ROW_NOT_JSON'],
      [5, 'ok'],
    ]);
  });

  it('tells how far the rows handed out reach, not how far the file was read ahead', async () => {
    for (const [format, encoding, header, line] of [
      ['csv', 'utf8', '证号,名称\n', (i: number) => `A${i},新化县梅山土菜馆\n`],
      ['csv', 'gbk', '证号,名称\n', (i: number) => `A${i},新化县梅山土菜馆\n`],
      ['jsonl', 'utf8', '', (i: number) => `{"number":"A${i}","name":"新化县梅山土菜馆"}\n`],
    ] as const) {
      const text = header + Array.from({ length: 2000 }, (_, i) => line(i)).join('');
      const content = encoding === 'gbk' ? iconv.encode(text, 'gbk') : Buffer.from(text);
      const file = path.join(dir, `f${n++}.${format}`);
      writeFileSync(file, content);
      const reader = readRecords(file, { format, encoding, maxLineBytes: 1024 * 1024 });
      const shares: number[] = [];
      for await (const row of reader.rows)
        if ([500, 1000, 2000].includes(row.line - (format === 'csv' ? 1 : 0))) shares.push(reader.bytesConsumed() / content.length);
      // Lines differ a little in length (A9 … A1999): within 2 % of the share of rows.
      const near = shares.map((share, i) => Math.abs(share - ([0.25, 0.5, 1][i] as number)) < 0.02);
      expect(near, `${format} ${encoding}: ${shares.join()}`).toEqual([true, true, true]);
    }
  });
});
