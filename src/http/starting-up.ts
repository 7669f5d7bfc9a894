/**
 * @module http/starting-up
 * What the hub answers between binding its port and finishing start-up (migrations, CA, demo
 * data): binding first lets liveness probes see a live process while the rest is prepared, and
 * every other request gets the problem answer a client can act on.
 */
import { NotReadyError, PayloadTooLargeError } from '../core/errors.js';
import { PROBLEM_CONTENT_TYPE, problemHeaders, toProblem } from './problem.js';

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
