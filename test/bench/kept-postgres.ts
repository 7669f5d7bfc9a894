/**
 * A PostgreSQL cluster whose data directory outlives the run, so a million seeded licences are
 * paid for once: `startKeptPostgres(dir)` runs initdb only when `dir` holds no cluster yet, starts
 * it on a free loopback port and stops it (fast, data kept) on `stop()`. Durability stays at
 * PostgreSQL's defaults (fsync, synchronous_commit, full page writes on): every verification's
 * audit entry is a real durable commit. As root, the server runs as the `postgres` user, as in
 * test/services/postgres.ts.
 */
import { execFile, execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { appendFile, chown, mkdir } from 'node:fs/promises';
import path from 'node:path';
import { promisify } from 'node:util';
import { freePorts } from '../services/free-port.js';
import { pingPostgres, poll } from '../services/probe.js';

const run = promisify(execFile);

export interface KeptPostgres {
  url: string;
  /** True when the cluster was created by this call (nothing seeded yet). */
  created: boolean;
  stop(): Promise<void>;
}

export async function startKeptPostgres(dir: string): Promise<KeptPostgres> {
  const bin = postgresBin();
  const runAs = process.getuid?.() === 0 ? ['runuser', '-u', 'postgres', '--'] : [];
  const commandLine = (file: string, args: string[]): [string, string[]] => {
    const [command, ...rest] = [...runAs, path.join(bin, file), ...args];
    return [command as string, rest];
  };
  const exec = (file: string, args: string[]) => run(...commandLine(file, args), { cwd: dir, env: { ...process.env, LC_ALL: 'C' } });
  const data = path.join(dir, 'data');
  const created = !existsSync(path.join(data, 'PG_VERSION'));
  if (created) {
    await mkdir(dir, { recursive: true });
    if (runAs.length > 0) {
      const [{ stdout: uid }, { stdout: gid }] = await Promise.all([run('id', ['-u', 'postgres']), run('id', ['-g', 'postgres'])]);
      await chown(dir, Number(uid), Number(gid));
    }
    await exec('initdb', ['-D', data, '-U', 'postgres', '--auth=trust', '--encoding=UTF8', '--locale=C']);
    await appendFile(
      path.join(data, 'postgresql.conf'),
      [
        '\n# zhengzhao bench:verify',
        "listen_addresses = '127.0.0.1'",
        `unix_socket_directories = '${dir}'`,
        'max_connections = 300',
        'shared_buffers = 512MB',
        '',
      ].join('\n'),
    );
  }
  const [port] = await freePorts(1);
  await exec('pg_ctl', ['-D', data, '-l', path.join(dir, 'server.log'), '-o', `-p ${port}`, '-w', '-t', '60', 'start']);
  const stopNow = () => {
    try {
      execFileSync(...commandLine('pg_ctl', ['-D', data, '-m', 'fast', '-w', 'stop']), { cwd: dir, stdio: 'ignore' });
    } catch {
      // Already stopped.
    }
  };
  process.once('exit', stopNow);
  const url = `postgres://postgres@127.0.0.1:${port}/postgres`;
  await poll(`PostgreSQL at ${url}`, () => pingPostgres(url), { timeoutMs: 30_000 });
  return {
    url,
    created,
    stop: async () => {
      process.off('exit', stopNow);
      stopNow();
    },
  };
}

function postgresBin(): string {
  const onPath = (process.env.PATH ?? '').split(path.delimiter).filter(Boolean);
  const root = '/usr/lib/postgresql';
  const debian = existsSync(root)
    ? readdirSync(root)
        .filter((v) => /^\d+$/.test(v))
        .sort((a, b) => Number(b) - Number(a))
        .map((v) => path.join(root, v, 'bin'))
    : [];
  const found = [...onPath, ...debian].find((d) => existsSync(path.join(d, 'initdb')) && existsSync(path.join(d, 'pg_ctl')));
  if (!found) throw new Error('initdb/pg_ctl not found (Debian: apt-get install -y postgresql)');
  return found;
}
