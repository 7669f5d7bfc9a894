/**
 * @module test/services/log-tail
 * The last lines of a server log, so a service that fails to start says why.
 */
import { readFile } from 'node:fs/promises';

/** Last `lines` lines of the file at `path`, or a note that it cannot be read (never throws). */
export async function logTail(path: string, lines = 40): Promise<string> {
  try {
    const text = await readFile(path, 'utf8');
    const tail = text.trimEnd().split('\n').slice(-lines).join('\n');
    return `--- last ${lines} lines of ${path} ---\n${tail}\n--- end of ${path} ---`;
  } catch (error) {
    return `(no log at ${path}: ${(error as Error).message})`;
  }
}
