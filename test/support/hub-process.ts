/**
 * Runs the built hub (`dist/`, produced by `npm run build`, which `npm test` runs first) as a real
 * child process, the way an operator starts it.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

export const repoRoot = fileURLToPath(new URL('../..', import.meta.url));
export const builtMain = path.join(repoRoot, 'dist', 'src', 'main.js');
export const builtCli = path.join(repoRoot, 'dist', 'src', 'cli', 'main.js');

export interface HubProcess {
  child: ChildProcess;
  output(): string;
  exited: Promise<number | null>;
}

export function spawnBuilt(script: string, args: string[], env: Record<string, string>): HubProcess {
  if (!existsSync(script)) throw new Error(`${script} is missing: run \`npm run build\` first (npm test does)`);
  const child = spawn(process.execPath, [script, ...args], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout?.on('data', (chunk) => (output += chunk));
  child.stderr?.on('data', (chunk) => (output += chunk));
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  return { child, output: () => output, exited };
}

export async function waitForLog(hub: HubProcess, pattern: RegExp, timeoutMs = 60_000): Promise<RegExpMatchArray> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const match = hub.output().match(pattern);
    if (match) return match;
    if (hub.child.exitCode !== null) throw new Error(`hub exited (${hub.child.exitCode}):\n${hub.output()}`);
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${pattern}:\n${hub.output()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
