/**
 * The hub under test, as the built process an operator runs (`node dist/src/main.js`), so its
 * memory is its own: RSS is read from /proc for its pid. With `profileDir` it runs under
 * `--cpu-prof` and writes a V8 CPU profile there when it stops.
 */
import { spawn } from 'node:child_process';
import { createWriteStream, existsSync, readFileSync } from 'node:fs';
import { builtMain, repoRoot } from '../support/hub-process.js';

export interface BenchHub {
  url: string;
  pid: number;
  /** Current resident set size in bytes, and the peak the kernel recorded (VmHWM). */
  memory(): { rss: number; peak: number };
  /** What V8 holds of that (from the hub's own /metrics): JS heap in use, and off-heap buffers. */
  heap(): Promise<{ used: number; external: number }>;
  stop(): Promise<number | null>;
}

export async function startBenchHub(options: { env: Record<string, string>; logFile: string; profileDir?: string }): Promise<BenchHub> {
  if (!existsSync(builtMain)) throw new Error(`${builtMain} is missing: run \`npm run build\` (npm run bench:ingest does)`);
  const flags = options.profileDir ? ['--cpu-prof', `--cpu-prof-dir=${options.profileDir}`] : [];
  const child = spawn(process.execPath, [...flags, builtMain], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', HOME: process.env.HOME ?? '', ...options.env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const log = createWriteStream(options.logFile);
  child.stderr.pipe(log);
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const url = await new Promise<string>((resolve, reject) => {
    let buffered = '';
    child.stdout.on('data', (chunk: Buffer) => {
      log.write(chunk);
      buffered += chunk.toString('utf8');
      const match = /"url":"([^"]+)"[^\n]*"msg":"zhengzhao hub listening"/.exec(buffered);
      if (match) resolve(match[1] as string);
      if (buffered.length > 1_000_000) buffered = buffered.slice(-10_000);
    });
    void exited.then((code) => reject(new Error(`the hub exited (${code}) before listening; see ${options.logFile}`)));
  });
  const status = (field: string) => {
    const line = readFileSync(`/proc/${child.pid}/status`, 'utf8')
      .split('\n')
      .find((l) => l.startsWith(`${field}:`));
    return Number(/(\d+)/.exec(line ?? '')?.[1] ?? 0) * 1024;
  };
  let stopping: Promise<number | null> | undefined;
  return {
    url,
    pid: child.pid as number,
    memory: () => ({ rss: status('VmRSS'), peak: status('VmHWM') }),
    async heap() {
      const text = await (await fetch(`${url}/metrics`)).text();
      const gauge = (name: string) => Number(new RegExp(`^${name} (\\S+)$`, 'm').exec(text)?.[1] ?? Number.NaN);
      return { used: gauge('zz_nodejs_heap_size_used_bytes'), external: gauge('zz_nodejs_external_memory_bytes') };
    },
    stop() {
      stopping ??= (async () => {
        child.kill('SIGTERM');
        const code = await exited;
        log.end();
        return code;
      })();
      return stopping;
    },
  };
}
