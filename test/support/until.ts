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

/**
 * A test's time budget: each bounded wait gets what is left of one total, so bounds that are each
 * generous never add up past the test's timeout (a loaded machine gets all of it, wherever it is slow).
 */
export function timeBudget(totalMs: number) {
  const end = Date.now() + totalMs;
  return { remaining: () => Math.max(1_000, end - Date.now()) };
}
