/**
 * `tsx test/bench/http-overhead.ts [--duration S --connections C]` — what serving HTTP costs the hub
 * per request, apart from any work: the same small JSON handler (read a JSON body, answer ~700
 * bytes of JSON) behind plain node:http, behind Hono on @hono/node-server, and behind the hub's own
 * app (src/http/app.ts: request id, request context, access log and metrics, secure headers, body
 * limit, then a real route's bearer check and schema validation — POST /v1/tokens with a stub
 * authenticator). Each server is a child process whose CPU is read from /proc over the timed window;
 * autocannon in this process is the load. Prints requests/s and CPU µs per request of each.
 */
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import autocannon from 'autocannon';
import { serve } from '@hono/node-server';
import { Hono } from 'hono';
import { createAjvValidatorFactory } from '../../src/contracts/ajv-validator-factory.js';
import type { Principal } from '../../src/core/auth/principal.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { createApp } from '../../src/http/app.js';
import { createHubMetrics } from '../../src/http/metrics.js';
import { registerTokenRoutes } from '../../src/http/routes/token-routes.js';

const MODES = ['node:http', 'hono', 'hub app'] as const;
type Mode = (typeof MODES)[number];

const { values: args } = parseArgs({
  options: {
    serve: { type: 'string' },
    duration: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '3' },
    connections: { type: 'string', default: '32' },
  },
});

const ANSWER_PADDING = 'x'.repeat(600);
/** The one handler every server runs. */
const answer = (body: { role?: string }) => ({ result: 'valid', role: body.role, receipt: ANSWER_PADDING });
const REQUEST_BODY = JSON.stringify({ role: 'clerk', department: '91350100M000100Y43', ttl: '1h' });

function startServer(mode: Mode): Promise<number> {
  return new Promise((resolve) => {
    if (mode === 'node:http') {
      const server = createServer((req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (chunk: Buffer) => chunks.push(chunk));
        req.on('end', () => {
          const text = JSON.stringify(answer(JSON.parse(Buffer.concat(chunks).toString('utf8')) as { role?: string }));
          res.writeHead(201, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        });
      });
      server.listen(0, '127.0.0.1', () => resolve((server.address() as { port: number }).port));
      return;
    }
    let fetch: (request: Request) => Response | Promise<Response>;
    if (mode === 'hono') {
      const app = new Hono();
      app.post('/v1/tokens', async (c) => c.json(answer(await c.req.json()), 201));
      fetch = app.fetch;
    } else {
      const principal: Principal = { actor: 'token:admin', role: 'security-admin', department: undefined };
      const { app, routes } = createApp({
        logger: silentLogger,
        authenticator: { accepts: () => true, authenticate: async () => principal },
        validators: createAjvValidatorFactory(),
        metrics: createHubMetrics([]),
        bodyLimitBytes: 1024 * 1024,
      });
      registerTokenRoutes(routes, {
        createApiToken: async (_caller, input) => ({ ...answer(input), id: 'x', token: 'zz_x', expiresAt: new Date() }) as never,
      });
      fetch = app.fetch;
    }
    serve({ fetch, hostname: '127.0.0.1', port: 0 }, (info) => resolve(info.port));
  });
}

function cpuSeconds(pid: number): number {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100;
}

async function measure(mode: Mode) {
  const child = spawn(process.execPath, ['--import', 'tsx', fileURLToPath(import.meta.url), '--serve', mode], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  try {
    const port = await new Promise<number>((resolve, reject) => {
      child.stdout.once('data', (chunk: Buffer) => resolve(Number(chunk.toString('utf8').trim())));
      child.once('exit', (code) => reject(new Error(`${mode} server exited (${code})`)));
    });
    const load = (seconds: number) =>
      autocannon({
        url: `http://127.0.0.1:${port}/v1/tokens`,
        method: 'POST',
        headers: { authorization: 'Bearer zz_bench', 'content-type': 'application/json' },
        body: REQUEST_BODY,
        connections: Number(args.connections),
        duration: seconds,
      });
    await load(Number(args.warmup));
    const server = cpuSeconds(child.pid as number);
    const generator = process.cpuUsage();
    const result = await load(Number(args.duration));
    const serverCpu = cpuSeconds(child.pid as number) - server;
    const used = process.cpuUsage(generator);
    const generatorCpu = (used.user + used.system) / 1e6;
    const requests = result.requests.total;
    if (result.non2xx > 0 || result.errors > 0) throw new Error(`${mode}: ${result.non2xx} non-2xx, ${result.errors} errors`);
    return { mode, rate: result.requests.average, serverUs: (serverCpu * 1e6) / requests, generatorUs: (generatorCpu * 1e6) / requests };
  } finally {
    child.kill('SIGKILL');
  }
}

if (args.serve) {
  const port = await startServer(args.serve as Mode);
  process.stdout.write(`${port}\n`);
  // A normal exit, so that `--cpu-prof` writes its profile when one is asked for.
  process.once('SIGINT', () => process.exit(0));
} else {
  const rows: string[] = [];
  for (const mode of MODES) {
    const m = await measure(mode);
    rows.push(
      `| ${m.mode} | ${Math.round(m.rate).toLocaleString('en-US')} | ${m.serverUs.toFixed(0)} µs | ${m.generatorUs.toFixed(0)} µs |`,
    );
  }
  process.stdout.write(
    [
      `${args.connections} connections, ${args.duration} s timed after ${args.warmup} s warm-up, Node ${process.version}`,
      '',
      '| server | requests/s | server CPU per request | autocannon CPU per request |',
      '|---|---|---|---|',
      ...rows,
      '',
    ].join('\n'),
  );
}
