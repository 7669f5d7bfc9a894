/**
 * @module test/services/mariadb
 * A throwaway MariaDB server for the legacy-database connector's MySQL mode: Debian's
 * `mariadb-server` binaries (`mariadb-install-db`, `mariadbd`), a temp dir, a random loopback port,
 * durability switched off for speed. Like PostgreSQL it runs as an unprivileged system user when the
 * tests run as root. An init file gives the tests a password account over TCP, since the root
 * account the installer creates only admits the operating system's root through its socket.
 */
import { execFile, spawn, type ChildProcess } from 'node:child_process';
import { existsSync, rmSync } from 'node:fs';
import { chown, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from './free-port.js';
import { logTail } from './log-tail.js';
import { pingMariadb, poll } from './probe.js';
import { serviceUser, type ServiceUser } from './service-user.js';

export interface MariadbService {
  /** `mysql://zz:zz@127.0.0.1:PORT/` — an account with every privilege, password auth. */
  url: string;
  /** Stops the server and removes its directory. */
  stop(): Promise<void>;
}

const run = promisify(execFile);
const READY_TIMEOUT_MS = 60_000;
const STOP_TIMEOUT_MS = 30_000;
/** Created only when no `mysql` system user exists (root without the Debian package's user). */
const FALLBACK_USER = 'zzmaria';
const ACCOUNT = { user: 'zz', password: 'zz' };

/** Running servers by dir, each with its synchronous kill: no mariadbd outlives the test process. */
const running = new Map<string, () => void>();
let exitHookInstalled = false;

export async function startMariadb(): Promise<MariadbService> {
  const bin = findMariadbBin();
  const user = await serviceUser('mysql', FALLBACK_USER);
  const [port] = await freePorts(1);
  if (port === undefined) throw new Error('no free port for MariaDB');
  const dir = await mkdtemp(join(tmpdir(), 'zz-mariadb-'));
  const data = join(dir, 'data');
  const log = join(dir, 'server.log');
  let server: ChildProcess | undefined;
  const killNow = () => killSync(dir, server);
  try {
    const initFile = join(dir, 'init.sql');
    await writeFile(initFile, initSql());
    if (user) await Promise.all([chown(dir, user.uid, user.gid), chown(initFile, user.uid, user.gid)]);
    await run(bin.install, ['--no-defaults', `--datadir=${data}`, '--auth-root-authentication-method=socket', '--skip-test-db'], {
      cwd: dir,
      ...asUser(user),
    });
    server = spawn(bin.server, serverArgs(dir, data, port, log, initFile), { cwd: dir, stdio: 'ignore', ...asUser(user) });
    trackUntilExit(dir, killNow);
    const exited = exitReason(server);
    const url = `mysql://${ACCOUNT.user}:${ACCOUNT.password}@127.0.0.1:${port}/`;
    await poll(`MariaDB at 127.0.0.1:${port}`, () => pingMariadb(url), { timeoutMs: READY_TIMEOUT_MS, giveUp: exited });
    const started = server;
    return { url, stop: () => stopServer(dir, started) };
  } catch (error) {
    const tail = await logTail(log);
    killNow();
    throw new Error(`MariaDB did not start (bin ${bin.server}, dir ${dir}): ${(error as Error).message}\n${tail}`, { cause: error });
  }
}

/** mariadb-install-db and mariadbd (or mysqld): PATH first, then Debian's /usr/sbin. */
function findMariadbBin(): { install: string; server: string } {
  const dirs = [...(process.env.PATH ?? '').split(delimiter).filter(Boolean), '/usr/sbin', '/usr/bin'];
  const find = (names: string[]) => dirs.flatMap((d) => names.map((n) => join(d, n))).find((f) => existsSync(f));
  const install = find(['mariadb-install-db', 'mysql_install_db']);
  const server = find(['mariadbd', 'mysqld']);
  if (install === undefined || server === undefined) {
    throw new Error(
      'MariaDB server binaries (mariadb-install-db, mariadbd) not found on PATH or in /usr/sbin: ' +
        'install them (Debian: apt-get install -y mariadb-server) or set MARIADB_URL',
    );
  }
  return { install, server };
}

function asUser(user: ServiceUser | undefined): { uid?: number; gid?: number; env: NodeJS.ProcessEnv } {
  const env = { ...process.env, LC_ALL: 'C' };
  return user ? { uid: user.uid, gid: user.gid, env: { ...env, HOME: '/' } } : { env };
}

/** Runs on every start; IF NOT EXISTS keeps it harmless the second time. */
function initSql(): string {
  const account = `'${ACCOUNT.user}'@'127.0.0.1'`;
  return [
    `CREATE USER IF NOT EXISTS ${account} IDENTIFIED BY '${ACCOUNT.password}';`,
    `GRANT ALL PRIVILEGES ON *.* TO ${account} WITH GRANT OPTION;`,
    '',
  ].join('\n');
}

/** Loopback only, socket in the temp dir, no binary log, no fsync per commit: a throwaway server. */
function serverArgs(dir: string, data: string, port: number, log: string, initFile: string): string[] {
  return [
    '--no-defaults',
    `--datadir=${data}`,
    `--socket=${join(dir, 'mysqld.sock')}`,
    `--pid-file=${join(dir, 'mysqld.pid')}`,
    `--log-error=${log}`,
    `--port=${port}`,
    '--bind-address=127.0.0.1',
    `--init-file=${initFile}`,
    '--skip-name-resolve',
    '--skip-log-bin',
    '--innodb-buffer-pool-size=64M',
    '--innodb-flush-log-at-trx-commit=0',
    '--character-set-server=utf8mb4',
    '--collation-server=utf8mb4_unicode_ci',
    '--max-connections=200',
  ];
}

/** A giveUp check for poll(): the server died before it served. */
function exitReason(server: ChildProcess): () => string | undefined {
  let reason: string | undefined;
  server.once('exit', (code, signal) => {
    reason = `mariadbd exited (${signal ?? `code ${code}`})`;
  });
  server.once('error', (error) => {
    reason = `mariadbd could not be started: ${error.message}`;
  });
  return () => reason;
}

async function stopServer(dir: string, server: ChildProcess): Promise<void> {
  if (!running.has(dir)) return;
  running.delete(dir);
  if (server.exitCode === null && server.signalCode === null) {
    const exited = new Promise<void>((resolve) => server.once('exit', () => resolve()));
    server.kill('SIGTERM');
    const timer = setTimeout(() => server.kill('SIGKILL'), STOP_TIMEOUT_MS);
    await exited;
    clearTimeout(timer);
  }
  await rm(dir, { recursive: true, force: true });
}

/** Synchronous twin of stopServer for the process 'exit' hook and for failed starts. */
function killSync(dir: string, server: ChildProcess | undefined): void {
  running.delete(dir);
  if (server && server.exitCode === null && server.signalCode === null) server.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
}

function trackUntilExit(dir: string, killNow: () => void): void {
  running.set(dir, killNow);
  if (exitHookInstalled) return;
  exitHookInstalled = true;
  process.on('exit', () => {
    for (const kill of [...running.values()]) kill();
  });
}
