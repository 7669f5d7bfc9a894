/**
 * Worker thread of `bench:verify`, off the bench's main thread and outside the hub's process, for
 * the two loads autocannon does not give. `paced` mode sends `POST /v1/verifications` at a steady
 * `rate` per second, open loop — each request leaves at its scheduled time whether or not earlier
 * ones were answered, and its latency counts from that time, so a stall shows in the figure
 * (autocannon's rate limit sends each connection's quota for the second at once: bursts, not a
 * steady load). `lookups` mode keeps `connections` postgres.js primary-key lookups of the rows the
 * hub reads in flight over a pool the size of the hub's. Each runs a warm-up, then the timed window,
 * posting progress each second and the latencies at the end.
 */
import { Agent, request } from 'node:http';
import { parentPort, workerData } from 'node:worker_threads';
import postgres from 'postgres';
import { checkVerification } from './verify-answers.js';

export interface LoadJob {
  mode: 'paced' | 'lookups';
  /** Requests per second of the paced mode. */
  rate: number;
  /** Hub base URL (http) or database URL (lookups). */
  target: string;
  /** Clerk API tokens, one per department: requests take them in turn. */
  tokens: string[];
  /** Identifiers to draw from, newline-separated (one string crosses the thread boundary cheaply). */
  ids: string;
  connections: number;
  poolMax: number;
  warmupMs: number;
  durationMs: number;
  /** Every n-th answer is parsed in full and each of its checks inspected. */
  sampleEvery: number;
}

export type LoadMessage =
  | { type: 'progress'; timed: boolean; done: number; failed: number }
  | {
      type: 'done';
      done: number;
      seconds: number;
      latencies: Float64Array;
      failures: Record<string, number>;
      sampled: number;
      sampledValid: number;
    };

const job = workerData as LoadJob;
const ids = job.ids.split('\n');
const pick = () => ids[Math.floor(Math.random() * ids.length)] as string;

interface Outcome {
  /** Why the answer is not a valid, receipted verification; undefined when it is. */
  failure?: string;
  sampled?: boolean;
}

async function main(): Promise<void> {
  let outcome: (index: number) => Promise<Outcome>;
  let close: () => Promise<void>;
  if (job.mode === 'paced') {
    const agent = new Agent({ keepAlive: true, maxSockets: job.connections });
    const url = new URL('/v1/verifications', job.target);
    outcome = (index) => verifyOnce(agent, url, job.tokens[index % job.tokens.length] as string, index);
    close = async () => agent.destroy();
  } else {
    const sql = postgres(job.target, { max: job.poolMax, onnotice: () => {} });
    // The columns the hub's repository reads for a verification.
    const columns = sql.unsafe(`id, type_code, issuer, issuer_name, number, lineage, id_version, revision, status, holder_name,
      holder_id_type, holder_id, issued_at::text, valid_from::text, valid_until::text, payload, jws, digest, seal_serial,
      replaces, replaced_by, created_at, updated_at`);
    outcome = async () => {
      const rows = await sql`select ${columns} from licenses where id = ${pick()}`;
      return rows.length === 1 ? {} : { failure: 'row missing' };
    };
    close = () => sql.end({ timeout: 5 });
  }

  let timed = false;
  let done = 0;
  let failed = 0;
  let sampled = 0;
  let sampledValid = 0;
  let latencies = new Float64Array(1 << 20);
  const failures: Record<string, number> = {};
  const progress = setInterval(() => parentPort?.postMessage({ type: 'progress', timed, done, failed } satisfies LoadMessage), 1_000);

  const record = (started: number, result: Outcome) => {
    if (!timed) return;
    if (done === latencies.length) {
      const grown = new Float64Array(latencies.length * 2);
      grown.set(latencies);
      latencies = grown;
    }
    latencies[done++] = performance.now() - started;
    if (result.sampled) {
      sampled += 1;
      if (!result.failure) sampledValid += 1;
    }
    if (result.failure) {
      failed += 1;
      failures[result.failure] = (failures[result.failure] ?? 0) + 1;
    }
  };
  const attempt = (index: number) =>
    outcome(index).catch((error: unknown) => ({ failure: `error ${(error as { code?: string }).code ?? String(error)}` }) as Outcome);

  let stopAt = 0;
  let counter = 0;
  /** Closed loop: `connections` lookups in flight until `stopAt`. */
  const loop = async () => {
    while (performance.now() < stopAt) {
      const started = performance.now();
      record(started, await attempt(counter++));
    }
  };
  /** Open loop: request n leaves at from + n / rate, answered or not; its latency counts from then. */
  const paced = async () => {
    const from = performance.now();
    const pending = new Set<Promise<void>>();
    let sent = 0;
    while (performance.now() < stopAt) {
      const due = Math.floor(((performance.now() - from) * job.rate) / 1000);
      for (; sent < due; sent++) {
        const scheduled = from + (sent * 1000) / job.rate;
        const request = attempt(counter++).then((result) => record(scheduled, result));
        pending.add(request);
        void request.finally(() => pending.delete(request));
      }
      await new Promise((resolve) => setTimeout(resolve, 1));
    }
    await Promise.all(pending);
  };
  const run = () => (job.mode === 'paced' ? paced() : Promise.all(Array.from({ length: job.connections }, loop)));

  stopAt = performance.now() + job.warmupMs;
  await run();
  timed = true;
  const started = performance.now();
  stopAt = started + job.durationMs;
  await run();
  const seconds = (performance.now() - started) / 1000;
  clearInterval(progress);
  await close();
  const message: LoadMessage = { type: 'done', done, seconds, latencies: latencies.slice(0, done), failures, sampled, sampledValid };
  parentPort?.postMessage(message);
}

function verifyOnce(agent: Agent, url: URL, token: string, index: number): Promise<Outcome> {
  const body = JSON.stringify({ licenseId: pick(), purpose: { caseNo: `XH2026${String(index).padStart(9, '0')}` } });
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      {
        method: 'POST',
        agent,
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('error', reject);
        res.on('end', () => {
          const sampled = index % job.sampleEvery === 0;
          resolve({ sampled, failure: checkVerification(res.statusCode ?? 0, Buffer.concat(chunks).toString('utf8'), sampled) });
        });
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

void main();
