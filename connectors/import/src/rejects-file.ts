/**
 * @module rejects-file
 * `FILE.rejects.jsonl`: one JSON object per rejected row — line, error code, JSON pointer, column,
 * detail and every field error — written synchronously in file order as rows settle, so it always
 * agrees with the checkpoint. On `--resume` entries after the checkpoint (written just before a
 * crash) are dropped, because those rows are read again.
 */
import { closeSync, existsSync, openSync, readFileSync, writeFileSync, writeSync } from 'node:fs';

export interface RejectEntry {
  line: number;
  code: string;
  pointer: string;
  column?: string;
  detail: string;
  /** `licence` (nothing stored) or `status` (the licence was stored, its status change refused). */
  stage: 'read' | 'licence' | 'status';
  errors?: { pointer: string; column?: string; detail: string }[];
}

export interface RejectsFile {
  readonly path: string;
  write(entry: RejectEntry): void;
  close(): void;
}

export function rejectsPath(file: string): string {
  return `${file}.rejects.jsonl`;
}

export function openRejectsFile(file: string, resumeAfterLine: number | undefined): RejectsFile {
  const path = rejectsPath(file);
  if (resumeAfterLine === undefined || !existsSync(path)) {
    writeFileSync(path, '');
  } else {
    const kept = readFileSync(path, 'utf8')
      .split('\n')
      .filter((line) => line.trim() !== '' && (JSON.parse(line) as RejectEntry).line <= resumeAfterLine);
    writeFileSync(path, kept.map((line) => `${line}\n`).join(''));
  }
  const fd = openSync(path, 'a');
  return {
    path,
    write: (entry) => void writeSync(fd, `${JSON.stringify(entry)}\n`),
    close: () => closeSync(fd),
  };
}
