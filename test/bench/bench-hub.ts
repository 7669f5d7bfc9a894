/**
 * The hub under test, as the built process an operator runs (`node dist/src/main.js`), so its
 * memory is its own: RSS is read from /proc for its pid — and, with `ZZ_WORKERS` above 1, summed
 * over the supervisor and its workers, which the hub is then made of. With `profileDir` it runs
 * under `--cpu-prof` and writes a V8 CPU profile per process there when it stops. Whatever ends the
 * bench — a failure its `finally` sees, or one that takes the process down first — ends the hub too.
 */
import { spawn } from 'node:child_process';
import { closeSync, existsSync, openSync, readdirSync, readFileSync } from 'node:fs';
import { builtMain, repoRoot } from '../support/hub-process.js';

/** How long a stopping hub may take before it is killed. */
const STOP_BOUND_MS = 60_000;

export interface BenchHub {
  url: string;
  pid: number;
  /** Current resident set size in bytes, and the peak the kernel recorded (VmHWM), over all its processes. */
  memory(): { rss: number; peak: number };
  /** Its processes: the hub, or the supervisor and its workers. */
  pids(): number[];
  /** What V8 holds of that (from the hub's own /metrics): JS heap in use, and off-heap buffers. */
  heap(): Promise<{ used: number; external: number }>;
  stop(): Promise<number | null>;
}

export async function startBenchHub(options: { env: Record<string, string>; logFile: string; profileDir?: string }): Promise<BenchHub> {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run \`npm run build\` (npm run bench:ingest does)`);
  const flags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  // The hub logs a line per request: straight into the file, so relaying them costs the bench
  // process — counted as the load generator — nothing.
  const logFd = openSync(options.logFile, 'w');
  const child = spawn(process.execPath, [...flags, builtMain], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', logFd, logFd],
  });
  closeSync(logFd);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  // The last resort when the bench exits without stopping it (an uncaught error, process.exit).
  const orphaned = () => void child.kill('SIGKILL');
  process.once('exit', orphaned);
  void exited.then(() => process.off('exit', orphaned));
  // A worker set serves once every worker does; the supervisor says so.
  const serving = Number(options.env.ZZ_WORKERS ?? 1) > 1 ? 'zhengzhao workers serving' : 'zhengzhao hub listening';
  const listening = new RegExp(`"url":"([^"]+)"[^\\n]*"msg":"${serving}"`);
  let gone: number | null | undefined;
  void exited.then((code) => (gone = code));
  let url: string | undefined;
  while (url === undefined) {
    if (gone !== undefined) throw new Error(`the hub exited (${gone}) before listening; see ${options.logFile}`);
    url = listening.exec(readFileSync(options.logFile, 'utf8'))?.[1];
    if (url === undefined) await new Promise((resolve) => setTimeout(resolve, 100));
  }
  const pids = () => [child.pid as number, ...childrenOf(child.pid as number)];
  const status = (field: string) =>
    pids().reduce((sum, pid) => {
      try {
        const line = readFileSync(`/proc/${pid}/status`, 'utf8')
          .split('\n')
          .find((l) => l.startsWith(`${field}:`));
        return sum + Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
      } catch {
        return sum; // exited meanwhile
      }
    }, 0);
  let stopping: Promise<number | null> | undefined;
  return {
    url,
    pid: child.pid as number,
    memory: () => ({ rss: status('VmRSS'), peak: status('VmHWM') }),
    pids,
    async heap() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      return { used: gauge('zz_nodejs_heap_size_used_bytes'), external: gauge('zz_nodejs_external_memory_bytes') };
    },
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        // A hub stuck in its shutdown is killed rather than waited on for ever.
        const stuck = setTimeout(() => child.kill('SIGKILL'), STOP_BOUND_MS);
        try {
          return await exited;
        } finally {
          clearTimeout(stuck);
        }
      })();
      return stopping;
    },
  };
}

/** Live processes whose parent is `pid`. */
function childrenOf(pid: number): number[] {
  const children: number[] = [];
  for (const entry of readdirSync('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = readFileSync(`/proc/${entry}/stat`, 'utf8');
      if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === pid) children.push(Number(entry));
    } catch {
      // exited meanwhile
    }
  }
  return children;
}
