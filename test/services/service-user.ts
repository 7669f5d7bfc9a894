/**
 * @module test/services/service-user
 * The unprivileged system user a throwaway database server runs as when the tests run as root
 * (PostgreSQL refuses root outright, MariaDB only with --user): the distribution package's own user
 * when it exists, else a dedicated one created once.
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';

const run = promisify(execFile);

export interface ServiceUser {
  name: string;
  uid: number;
  gid: number;
}

/** undefined when not root (the server then runs as ourselves); otherwise `preferred`, else `fallback`. */
export async function serviceUser(preferred: string, fallback: string): Promise<ServiceUser | undefined> {
  if (process.getuid?.() !== 0) return undefined;
  const name = (await userIds(preferred)) ? preferred : await ensureUser(fallback);
  const ids = await userIds(name);
  if (ids === undefined) throw new Error(`user ${name} vanished`);
  return { name, ...ids };
}

async function userIds(user: string): Promise<{ uid: number; gid: number } | undefined> {
  try {
    const [uid, gid] = await Promise.all([run('id', ['-u', user]), run('id', ['-g', user])]);
    return { uid: Number(uid.stdout.trim()), gid: Number(gid.stdout.trim()) };
  } catch {
    return undefined;
  }
}

async function ensureUser(name: string): Promise<string> {
  if (await userIds(name)) return name;
  try {
    await run('useradd', ['-r', '-M', '-s', '/usr/sbin/nologin', name]);
  } catch (error) {
    // Another test process may have created it a moment ago; only a still-missing user is fatal.
    if (!(await userIds(name))) throw error;
  }
  return name;
}
