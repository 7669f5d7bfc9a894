/**
 * @module http-transport
 * Calls to the hub's HTTP API as the department system: bearer token from the token source (a 401
 * drops it and the call is made once more with a fresh one), problem+json refusals turned into
 * HubRefusalError, and network failures, 429 and 5xx retried with capped exponential backoff and
 * jitter. Retrying is safe for everything the SDK sends: the same sealed JWS is idempotent at the
 * hub, and reads are reads.
 */
import { HubRefusalError, HubUnavailableError } from './errors.js';
import { problemOf } from './problem.js';
import type { TokenSource } from './token-source.js';

export interface HttpRequest {
  method: 'GET' | 'POST';
  path: string;
  /** JSON value, or a string sent as is with `contentType`. */
  body?: unknown;
  contentType?: string;
  /** Statuses that are answers, not refusals (e.g. 404 for "not there"). */
  accept?: readonly number[];
}

export interface HttpAnswer {
  status: number;
  body: unknown;
}

export interface HttpTransport {
  request(request: HttpRequest): Promise<HttpAnswer>;
}

export interface HttpTransportOptions {
  hub: string;
  tokens: TokenSource;
  fetch?: typeof fetch;
  /** Attempts for retriable failures (default 5). */
  attempts?: number;
  /** First backoff step in ms (default 200), doubled per attempt, capped at 10 s. */
  backoffMs?: number;
  /** Per-request timeout (default 30 s). */
  timeoutMs?: number;
}

export function createHttpTransport(options: HttpTransportOptions): HttpTransport {
  const doFetch = options.fetch ?? fetch;
  const attempts = options.attempts ?? 5;
  const backoffMs = options.backoffMs ?? 200;

  async function once(request: HttpRequest): Promise<Response> {
    const token = await options.tokens.get();
    const isJson = request.body !== undefined && request.contentType === undefined;
    const headers: Record<string, string> = { authorization: `Bearer ${token}`, accept: 'application/json' };
    if (request.body !== undefined) headers['content-type'] = request.contentType ?? 'application/json';
    try {
      return await doFetch(`${options.hub}${request.path}`, {
        method: request.method,
        headers,
        body: request.body === undefined ? undefined : isJson ? JSON.stringify(request.body) : String(request.body),
        signal: AbortSignal.timeout(options.timeoutMs ?? 30_000),
      });
    } catch (cause) {
      throw new HubUnavailableError(`枢纽 ${options.hub} 无法访问 (${request.method} ${request.path})`, cause);
    }
  }

  return {
    async request(request) {
      let refreshed = false;
      for (let attempt = 1; ; attempt++) {
        let failure: Error;
        try {
          const response = await once(request);
          if (response.status === 401 && !refreshed) {
            refreshed = true;
            options.tokens.invalidate();
            attempt--;
            continue;
          }
          if (response.ok || request.accept?.includes(response.status)) {
            const text = await response.text();
            return { status: response.status, body: text === '' ? undefined : JSON.parse(text) };
          }
          const problem = await problemOf(response);
          failure = new HubRefusalError(problem.code, problem.detail, response.status, problem.errors, problem.extra);
        } catch (error) {
          failure = error as Error;
        }
        if (!(failure as { retriable?: boolean }).retriable || attempt >= attempts) throw failure;
        const step = Math.min(backoffMs * 2 ** (attempt - 1), 10_000);
        await new Promise((resolve) => setTimeout(resolve, step / 2 + Math.random() * (step / 2)));
      }
    },
  };
}
