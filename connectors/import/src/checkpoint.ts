/**
 * @module checkpoint
 * `FILE.checkpoint.json`: how far an import got, so `--resume` continues after Ctrl-C, a crash or a
 * hub outage. It records the number of rows settled *in file order* (every row before it was
 * accepted, found already present, or written to the rejects file) and the counts up to there;
 * rows after it may have reached the hub too, which is harmless because publishing is idempotent.
 * Written to a temporary file and renamed, so a crash mid-write leaves the previous checkpoint.
 * It is tied to the file's size and the digest of its first MiB: a checkpoint never resumes another file.
 */
import { createHash } from 'node:crypto';
import { closeSync, openSync, readFileSync, readSync, renameSync, statSync, writeFileSync } from 'node:fs';
import { ImportFailure } from './import-errors.js';

export interface ImportCounts {
  /** Rows read (good and bad). */
  rows: number;
  /** Licences stored by this import. */
  accepted: number;
  /** Licences the hub already had with the same content (a re-run). */
  existing: number;
  rejected: number;
  statusApplied: number;
  statusExisting: number;
}

export interface CheckpointState {
  version: 1;
  file: string;
  size: number;
  headSha256: string;
  /** Rows (in file order) fully settled. */
  settled: number;
  /** Line of the last settled row. */
  line: number;
  counts: ImportCounts;
  complete: boolean;
  updatedAt: string;
}

export const emptyCounts = (): ImportCounts => ({ rows: 0, accepted: 0, existing: 0, rejected: 0, statusApplied: 0, statusExisting: 0 });

export function checkpointPath(file: string): string {
  return `${file}.checkpoint.json`;
}

export function fileIdentity(file: string): { size: number; headSha256: string } {
  const fd = openSync(file, 'r');
  try {
    const head = Buffer.alloc(1024 * 1024);
    const read = readSync(fd, head, 0, head.length, 0);
    return { size: statSync(file).size, headSha256: createHash('sha256').update(head.subarray(0, read)).digest('hex') };
  } finally {
    closeSync(fd);
  }
}

/** The checkpoint to resume from, or undefined when there is none; refuses one made for other content. */
export function readCheckpoint(file: string): CheckpointState | undefined {
  let state: CheckpointState;
  try {
    state = JSON.parse(readFileSync(checkpointPath(file), 'utf8')) as CheckpointState;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new ImportFailure('ERR_CHECKPOINT', `${checkpointPath(file)} 无法读取：${(error as Error).message}；删除它后重新导入`);
  }
  const identity = fileIdentity(file);
  if (state.version !== 1 || state.size !== identity.size || state.headSha256 !== identity.headSha256) {
    throw new ImportFailure(
      'ERR_CHECKPOINT_MISMATCH',
      `${checkpointPath(file)} 是为内容不同的文件记录的（文件在中断后被修改过）；不加 --resume 重新导入即可，已导入的证照不会重复`,
    );
  }
  return state;
}

export function writeCheckpoint(file: string, state: CheckpointState): void {
  const target = checkpointPath(file);
  writeFileSync(`${target}.tmp`, JSON.stringify({ ...state, updatedAt: new Date().toISOString() }, null, 2));
  renameSync(`${target}.tmp`, target);
}
