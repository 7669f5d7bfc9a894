/**
 * What `bench:verify` reads and starts around its loads: the seeded data (identifiers valid today,
 * sizes, a sealed JWS for the raw ES256 rate), clerks' tokens, the bare lookup endpoint as its own
 * process.
 */
import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import postgres from 'postgres';
import { beijingDate } from '../../src/core/licenses/license.js';
import { repoRoot } from '../support/hub-process.js';

export async function readData(databaseUrl: string, clerks: number) {
  const sql = postgres(databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const today = beijingDate(new Date());
    // Valid today, so that every answer must be `valid`: anything else is an error of the run.
    const ids = (
      await sql<{ id: string }[]>`select id from licenses where status = 'valid' and (valid_until is null or valid_until >= ${today}::date)`
    ).map((r) => r.id);
    const [{ total } = { total: 0 }] = await sql<{ total: number }[]>`select count(*)::int as total from licenses`;
    const [{ size } = { size: '' }] = await sql<{ size: string }[]>`select pg_size_pretty(pg_total_relation_size('licenses')) as size`;
    const [{ server_version: version } = { server_version: '' }] = await sql<{ server_version: string }[]>`show server_version`;
    const [{ jws } = { jws: '' }] = await sql<{ jws: string }[]>`select jws from licenses limit 1`;
    const clerkDepartments = (await sql<{ uscc: string }[]>`select uscc from departments order by uscc limit ${clerks}`).map((r) => r.uscc);
    return { ids, total, size, version, jws, clerkDepartments };
  } finally {
    await sql.end();
  }
}

export async function clerkTokens(hubUrl: string, adminToken: string, departments: string[]): Promise<string[]> {
  const tokens: string[] = [];
  for (const department of departments) {
    const response = await fetch(`${hubUrl}/v1/tokens`, {
      method: 'POST',
      headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
      body: JSON.stringify({ role: 'clerk', department, ttl: '1h' }),
    });
    if (response.status !== 201) throw new Error(`clerk token for ${department}: ${response.status} ${await response.text()}`);
    tokens.push(((await response.json()) as { token: string }).token);
  }
  return tokens;
}

/** The bare lookup endpoint as its own process, so its CPU is its own. */
export async function startBare(databaseUrl: string, poolMax: number) {
  const script = fileURLToPath(new URL('./bare-lookup-server.ts', import.meta.url));
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    cwd: repoRoot,
    env: { PATH: process.env.PATH ?? '', DATABASE_URL: databaseUrl, DATABASE_POOL_MAX: String(poolMax) },
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const port = await new Promise<number>((resolve, reject) => {
    child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
    void exited.then(() => reject(new Error('the bare lookup endpoint exited before listening')));
  });
  return {
    url: `http://127.0.0.1:${port}`,
    pid: child.pid as number,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}
