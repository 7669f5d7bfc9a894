/**
 * The benchmarks' HTTP load: autocannon as a library, in the bench process, on raw keep-alive
 * sockets with its own HTTP parser — about a tenth of a node:http client's CPU per request, so the
 * figure measures the server. Each request is built fresh (its body and bearer token from `next`),
 * and every answer is judged by `check`: a reason when it is not what the run expects, counted by
 * reason, so wrong answers are counted, never measured. The generator's own CPU is reported with
 * the figures.
 */
import autocannon from 'autocannon';

export interface HttpLoad {
  /** Full URL of the endpoint (POST). */
  url: string;
  connections: number;
  seconds: number;
  /** The next request's JSON body and bearer token (none: no Authorization header). */
  next(index: number): { body: string; token?: string };
  /** Why this answer is wrong, or undefined; `sampled` asks for a full reading of the body. */
  check(status: number, body: string, sampled: boolean): string | undefined;
  /** Every n-th answer is sampled. */
  sampleEvery: number;
}

export interface HttpLoadResult {
  done: number;
  seconds: number;
  rate: number;
  /** ms, autocannon's HDR histogram. */
  latency: { p50: number; p99: number; max: number };
  failures: Record<string, number>;
  failed: number;
  sampled: number;
  sampledGood: number;
  /** CPU seconds this process (the generator) used during the load. */
  generatorCpu: number;
}

export async function runHttpLoad(load: HttpLoad): Promise<HttpLoadResult> {
  const failures: Record<string, number> = {};
  let failed = 0;
  let answered = 0;
  let sent = 0;
  let sampled = 0;
  let sampledGood = 0;
  const fail = (reason: string) => {
    failed += 1;
    failures[reason] = (failures[reason] ?? 0) + 1;
  };
  const cpuFrom = process.cpuUsage();
  const result = await autocannon({
    url: load.url,
    connections: load.connections,
    duration: load.seconds,
    requests: [
      {
        method: 'POST',
        setupRequest(request) {
          const { body, token } = load.next(sent++);
          return {
            ...request,
            body,
            headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
          };
        },
        onResponse(status, body) {
          const sample = answered++ % load.sampleEvery === 0;
          const failure = load.check(status, body, sample);
          if (sample) {
            sampled += 1;
            if (!failure) sampledGood += 1;
          }
          if (failure) fail(failure);
        },
      },
    ],
  });
  const cpu = process.cpuUsage(cpuFrom);
  if (result.errors > 0) failures[`connection errors (${result.timeouts} timeouts)`] = result.errors;
  const done = result.requests.total;
  return {
    done,
    seconds: result.duration,
    rate: done / result.duration,
    latency: { p50: result.latency.p50, p99: result.latency.p99, max: result.latency.max },
    failures,
    failed: failed + result.errors,
    sampled,
    sampledGood,
    generatorCpu: (cpu.user + cpu.system) / 1e6,
  };
}
