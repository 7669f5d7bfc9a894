/**
 * @module audit/file-audit-anchor
 * The audit anchor as an append-only file: one signed statement (compact JWS) per line, written with
 * `O_APPEND` and synced before `append` resolves. It protects the log only if the database's owner
 * cannot rewrite it: put it on another host's mount, a `chattr +a` file, or a directory shipped to
 * WORM storage (`ZZ_AUDIT_ANCHOR_FILE`, audit README). A torn last line (a crash mid-write) is
 * skipped by the reader and reported by the verifier like any unreadable statement.
 */
import { mkdir, open, readFile } from 'node:fs/promises';
import path from 'node:path';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';

export function createFileAuditAnchor(file: string): AuditAnchor {
  // One append at a time: lines of concurrent appends never interleave.
  let queue: Promise<void> = Promise.resolve();
  return {
    description: `file ${file}`,
    append(statements) {
      const run = queue.then(async () => {
        if (statements.length === 0) return;
        if (statements.some((s) => /[\r\n]/.test(s))) throw new TypeError('an audit statement must be one line');
        await mkdir(path.dirname(file), { recursive: true });
        const handle = await open(file, 'a', 0o640);
        try {
          await handle.appendFile(statements.map((s) => `${s}\n`).join(''), 'utf8');
          await handle.datasync();
        } finally {
          await handle.close();
        }
      });
      queue = run.catch(() => {});
      return run;
    },
    async readAll() {
      let text: string;
      try {
        text = await readFile(file, 'utf8');
      } catch (error) {
        if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
        throw error;
      }
      return text.split('\n').filter((line) => line.length > 0);
    },
  };
}
