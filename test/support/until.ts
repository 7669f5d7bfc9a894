/**
 * Waiting on a condition the way every integration test should: poll until it holds, fail with
 * what was awaited when the bound passes — never a fixed sleep (a loaded machine is slow, never wrong).
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}
