/**
 * @module test/services/postgres
 * A throwaway PostgreSQL cluster for integration tests: the system's `initdb`/`pg_ctl` (Debian's
 * `postgresql` package), a temp dir, a random loopback port, trust auth, durability switched off
 * for speed. PostgreSQL refuses to run as root, so under root the cluster runs as a system user.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { appendFile, chown, mkdtemp, readdir, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';
import { logTail } from './log-tail.js';
import { pingPostgres, poll } from './probe.js';
import { serviceUser } from './service-user.js';

export interface PostgresService {
  /** `postgres://postgres@127.0.0.1:PORT/postgres` — superuser, trust auth. */
  url: string;
  /** Immediate shutdown and removal of the cluster's directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const READY_TIMEOUT_MS = 30_000;
/** Superseded when Debian ships a new major: highest version under this root wins. */
const DEBIAN_PG_ROOT = '/usr/lib/postgresql';
/** Created only when no `postgres` system user exists (root without the Debian package's user). */
const FALLBACK_USER = 'zzpg';

/** Runs initdb/pg_ctl as this user (prefix for `runuser`), or directly when already unprivileged. */
interface Runner {
  prefix: string[];
  owner?: { uid: number; gid: number };
}

/** Running clusters by dir, each with its synchronous stop: no postmaster outlives the test process. */
const running = new Map<string, () => void>();
let exitHookInstalled = false;

export async function startPostgres(): Promise<PostgresService> {
  const bin = await findPostgresBin();
  const runner = await postgresRunner();
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port for PostgreSQL');
  const dir = await mkdtemp(join(tmpdir(), 'zz-pg-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  const pgCtl = (...args: string[]) => exec(runner, dir, join(bin, 'pg_ctl'), ['-D', data, ...args]);
  const stopNow = () => stopSync(runner, dir, join(bin, 'pg_ctl'), data);
  try {
    if (runner.owner) await chown(dir, runner.owner.uid, runner.owner.gid);
    await exec(runner, dir, join(bin, 'initdb'), initdbArgs(data));
    await appendFile(join(data, 'postgresql.conf'), serverSettings(port, dir));
    await pgCtl('-l', log, '-w', '-t', '60', 'start');
    trackUntilExit(dir, stopNow);
    const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
    await poll(`PostgreSQL at ${url}`, () => pingPostgres(url), { timeoutMs: READY_TIMEOUT_MS });
    return { url, stop: () => stopCluster(dir, pgCtl) };
  } catch (error) {
    const tail = await logTail(log);
    stopNow();
    throw new Error(`PostgreSQL did not start (bin ${bin}, dir ${dir}): ${(error as Error).message}\n${tail}`, {
      cause: error,
    });
  }
}

/** Directory holding initdb and pg_ctl: PATH first, then Debian's versioned dirs, newest first. */
async function findPostgresBin(): Promise<string> {
  const onPath = (process.env.PATH ?? '').split(delimiter).filter(Boolean);
  const debian = existsSync(DEBIAN_PG_ROOT) ? await debianBinDirs() : [];
  const found = [...onPath, ...debian].find((d) => existsSync(join(d, 'initdb')) && existsSync(join(d, 'pg_ctl')));
  if (found === undefined) {
    throw new Error(
      'PostgreSQL server binaries (initdb, pg_ctl) not found on PATH or under /usr/lib/postgresql/*/bin: ' +
        'install them (Debian: apt-get install -y postgresql) or set DATABASE_URL',
    );
  }
  return found;
}

async function debianBinDirs(): Promise<string[]> {
  const versions = (await readdir(DEBIAN_PG_ROOT)).filter((v) => /^\d+(\.\d+)?$/.test(v));
  return versions.sort((a, b) => Number(b) - Number(a)).map((v) => join(DEBIAN_PG_ROOT, v, 'bin'));
}

/** As root: the `postgres` system user, else a dedicated one (created once); otherwise ourselves. */
async function postgresRunner(): Promise<Runner> {
  const user = await serviceUser('postgres', FALLBACK_USER);
  if (user === undefined) return { prefix: [] };
  return { prefix: ['runuser', '-u', user.name, '--'], owner: { uid: user.uid, gid: user.gid } };
}

/** Runs a server binary as the runner, from the cluster dir (the caller's cwd may be root-only). */
async function exec(runner: Runner, cwd: string, file: string, args: string[]): Promise<string> {
  const [command, argv] = commandLine(runner, file, args);
  const { stdout } = await run(command, argv, { cwd, env: { ...process.env, LC_ALL: 'C' } });
  return stdout;
}

function commandLine(runner: Runner, file: string, args: string[]): [string, string[]] {
  const [wrapper, ...wrapperArgs] = runner.prefix;
  return wrapper === undefined ? [file, args] : [wrapper, [...wrapperArgs, file, ...args]];
}

function initdbArgs(data: string): string[] {
  // --no-sync: a throwaway cluster need not survive a power cut.
  return ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C', '--no-sync'];
}

/** Loopback only, socket in the temp dir (the distro's socket dir may not exist or be writable). */
function serverSettings(port: number, socketDir: string): string {
  return [
    '',
    '# zhengzhao test harness',
    `port = ${port}`,
    `listen_addresses = '127.0.0.1'`,
    `unix_socket_directories = '${socketDir}'`,
    'max_connections = 200',
    'fsync = off',
    'synchronous_commit = off',
    'full_page_writes = off',
    '',
  ].join('\n');
}

async function stopCluster(dir: string, pgCtl: (...args: string[]) => Promise<string>): Promise<void> {
  if (!running.has(dir)) return;
  running.delete(dir);
  await pgCtl('-m', 'immediate', '-w', 'stop');
  await rm(dir, { recursive: true, force: true });
}

/** Synchronous twin of stopCluster for the process 'exit' hook and for failed starts. */
function stopSync(runner: Runner, dir: string, pgCtl: string, data: string): void {
  running.delete(dir);
  const [command, argv] = commandLine(runner, pgCtl, ['-D', data, '-m', 'immediate', '-w', 'stop']);
  try {
    execFileSync(command, argv, { cwd: dir, stdio: 'ignore' });
  } catch {
    // Not running (initdb or start failed): nothing to stop, the directory still goes.
  }
  rmSync(dir, { recursive: true, force: true });
}

function trackUntilExit(dir: string, stopNow: () => void): void {
  running.set(dir, stopNow);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const stop of [...running.values()]) stop();
  });
}
