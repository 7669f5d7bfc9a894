/**
 * @module main/http-server
 * Binding the Hono app to a Node HTTP server, and closing it gracefully: stop accepting, let
 * requests in flight finish, close idle keep-alive sockets, force the rest after a bound.
 */
import { serve, type ServerType } from '@hono/node-server';
import { NotReadyError, PayloadTooLargeError } from '../core/errors.js';
import { PROBLEM_CONTENT_TYPE, problemHeaders, toProblem } from '../http/problem.js';

/** Hono's fetch: the second argument carries the Node request (connection info) and must be passed on. */
export type FetchHandler = (request: Request, env?: unknown) => Response | Promise<Response>;

/**
 * What the hub answers between binding its port and finishing start-up (migrations, CA, demo data):
 * alive for liveness probes, 413 for a body over the limit (as it will be once started), and a
 * coded 503 for everything else.
 */
export function startingUp(bodyLimitBytes: number): FetchHandler {
  return (request) => {
    const path = new URL(request.url).pathname;
    if (path === '/healthz') return Response.json({ status: 'ok', starting: true });
    const tooLarge = Number(request.headers.get('content-length') ?? 0) > bodyLimitBytes;
    const error = tooLarge
      ? new PayloadTooLargeError(`the request body exceeds ${bodyLimitBytes} bytes`, { extra: { limitBytes: bodyLimitBytes } })
      : new NotReadyError('the hub is starting; try again in a moment');
    const body = toProblem(error, { instance: path });
    return new Response(JSON.stringify(body), {
      status: body.status,
      headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...problemHeaders(body), ...(tooLarge ? {} : { 'retry-after': '1' }) },
    });
  };
}

export function listen(fetch: FetchHandler, hostname: string, port: number): Promise<ServerType> {
  return new Promise((resolve, reject) => {
    const server = serve({ fetch, hostname, port }, () => resolve(server));
    server.once('error', reject);
  });
}

export function closeServer(server: ServerType, timeoutMs: number): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(() => {
      if ('closeAllConnections' in server) server.closeAllConnections();
      resolve();
    }, timeoutMs).unref();
    server.close(() => {
      clearTimeout(timer);
      resolve();
    });
    // Idle keep-alive sockets would otherwise hold the close open until they time out.
    if ('closeIdleConnections' in server) server.closeIdleConnections();
  });
}

export function boundUrl(server: ServerType, host: string, fallbackPort: number): string {
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : fallbackPort;
  return `http://${host.includes(':') ? `[${host}]` : host}:${port}`;
}
