/**
 * @module http/app
 * The Hono application: request id, access log and metrics, secure headers, body limit, the route
 * registry, and one error handler that turns everything into problem+json.
 */
import { Hono, type Context } from 'hono';
import { bodyLimit } from 'hono/body-limit';
import { HTTPException } from 'hono/http-exception';
import { requestId } from 'hono/request-id';
import { secureHeaders } from 'hono/secure-headers';
import type { Authenticator } from '../core/auth/authenticator.js';
import { MethodNotAllowedError, NotReadyError, PayloadTooLargeError, RouteNotFoundError, MalformedRequestError } from '../core/errors.js';
import type { JsonValidatorFactory } from '../core/ports/json-validator.js';
import type { Logger } from '../core/ports/logger.js';
import { runInRequestContext } from '../logging/request-context.js';
import { requestClientAddress, type ClientAddressResolver } from './client-address.js';
import type { HubEnv } from './hub-env.js';
import type { HubMetrics } from './metrics.js';
import { PROBLEM_CONTENT_TYPE, problemHeaders, toProblem } from './problem.js';
import { createRouteRegistry, toHonoPath, type RouteRegistry } from './route.js';

export interface AppDeps {
  logger: Logger;
  authenticator: Authenticator;
  validators: JsonValidatorFactory;
  metrics: HubMetrics;
  /** Default request body limit in bytes (larger per-route limits are registered below). */
  bodyLimitBytes: number;
  /** Routes allowed a larger body, e.g. document uploads. */
  largeBodies?: readonly { method: string; path: string; maxBytes: number }[];
  /** Console pages: where visitors without a session go, and whether cookies are `Secure`. */
  console?: { loginPath: string; secureCookies: boolean };
  /** Resolves the client address per-address rate limits key on (ZZ_TRUSTED_PROXIES). */
  clientAddress?: ClientAddressResolver;
}

export interface HubApp {
  app: Hono<HubEnv>;
  routes: RouteRegistry;
}

export function createApp(deps: AppDeps): HubApp {
  const app = new Hono<HubEnv>();
  const { logger } = deps;

  app.use('*', requestId({ headerName: 'X-Request-Id' }));
  // The audit appender names the request and its caller without use cases passing them down.
  app.use('*', (c, next) => {
    let address: string | undefined;
    const resolve = deps.clientAddress;
    return runInRequestContext(
      {
        requestId: c.get('requestId'),
        get principal() {
          return c.get('principal');
        },
        get clientAddress() {
          if (resolve) address ??= requestClientAddress(c, resolve);
          return address;
        },
      },
      next,
    );
  });
  app.use('*', async (c, next) => {
    const started = performance.now();
    c.set('routeLabel', 'unmatched');
    await next();
    const seconds = (performance.now() - started) / 1000;
    const route = c.get('routeLabel');
    const status = c.res.status;
    deps.metrics.observeRequest({ method: c.req.method, route, status }, seconds);
    const quiet = route === '/healthz' || route === '/readyz' || route === '/metrics';
    const entry = { requestId: c.get('requestId'), method: c.req.method, route, status, ms: Math.round(seconds * 1000) };
    if (status >= 500) logger.warn(entry, 'request failed');
    else if (!quiet) logger.info(entry, 'request');
  });
  app.use('*', secureHeaders());
  app.use('*', limitBody(deps.bodyLimitBytes, deps.largeBodies ?? []));

  const routes = createRouteRegistry({
    app,
    authenticator: deps.authenticator,
    validators: deps.validators,
    ...(deps.console ? { console: deps.console } : {}),
  });

  app.notFound((c) => {
    const allowed = routes.specs.filter((s) => matches(toHonoPath(s.path), c.req.path)).map((s) => s.method);
    if (allowed.length > 0 && !allowed.includes(c.req.method as (typeof allowed)[number])) {
      c.header('Allow', [...new Set(allowed)].join(', '));
      return problemResponse(c, new MethodNotAllowedError(`${c.req.method} is not allowed on ${c.req.path}`));
    }
    return problemResponse(c, new RouteNotFoundError(`no route for ${c.req.method} ${c.req.path}`));
  });

  app.onError((error, c) => {
    const translated = translateHonoError(error);
    const response = problemResponse(c, translated);
    // "Not ready" is the answer /readyz exists to give; the access log line already records the 503.
    if (response.status >= 500 && !(translated instanceof NotReadyError)) {
      logger.error({ err: error, requestId: c.get('requestId'), route: c.get('routeLabel') }, 'unhandled error');
    }
    return response;
  });

  return { app, routes };
}

/**
 * The body limit, judged from the declared `Content-Length` where there is one — nearly every
 * request. That needs no look at the body: hono's `bodyLimit` first asks for `c.req.raw.body`,
 * which makes @hono/node-server build a whole web `Request` (an `AbortController`, a web stream over
 * the socket) for a request it otherwise serves from a lightweight one, and that per request. A body
 * sent without a length (chunked) still goes through `bodyLimit`, which counts it as it streams.
 */
function limitBody(defaultMax: number, larger: readonly { method: string; path: string; maxBytes: number }[]) {
  const counting = (maxBytes: number) => bodyLimit({ maxSize: maxBytes, onError: () => tooLarge(maxBytes) });
  const standard = { maxBytes: defaultMax, counted: counting(defaultMax) };
  const special = larger.map((r) => ({
    method: r.method,
    pattern: toHonoPath(r.path),
    maxBytes: r.maxBytes,
    counted: counting(r.maxBytes),
  }));
  return async (c: Context<HubEnv>, next: () => Promise<void>) => {
    const method = c.req.method;
    // Neither carries a body a handler could read (the web Request has none for them).
    if (method === 'GET' || method === 'HEAD') return next();
    const limit = special.find((r) => r.method === method && matches(r.pattern, c.req.path)) ?? standard;
    const declared = c.req.header('content-length');
    if (declared === undefined || c.req.header('transfer-encoding') !== undefined) return limit.counted(c, next);
    if (Number.parseInt(declared, 10) > limit.maxBytes) tooLarge(limit.maxBytes);
    return next();
  };
}

function tooLarge(limit: number): never {
  throw new PayloadTooLargeError(`the request body exceeds ${limit} bytes`, { extra: { limitBytes: limit } });
}

/** Compiled route patterns: a fixed set, each compiled once rather than per request. */
const patterns = new Map<string, RegExp>();

/** Matches a Hono `:param` pattern against a concrete path (single segments only). */
function matches(pattern: string, path: string): boolean {
  let regex = patterns.get(pattern);
  if (regex === undefined) {
    regex = new RegExp(`^${pattern.replace(/[.*+?^${}()|[\]\\]/g, '\\$&').replace(/:[A-Za-z0-9_]+/g, '[^/]+')}/?$`);
    patterns.set(pattern, regex);
  }
  return regex.test(path);
}

/** Hono's own exceptions (e.g. malformed input it detects) keep their status family, coded. */
function translateHonoError(error: Error): unknown {
  if (error instanceof HTTPException) {
    if (error.status === 413) return new PayloadTooLargeError('the request body is too large');
    if (error.status < 500) return new MalformedRequestError(error.message || 'the request is malformed');
  }
  return error;
}

export function problemResponse(c: Context<HubEnv>, error: unknown): Response {
  const body = toProblem(error, { instance: c.req.path, requestId: c.get('requestId') });
  for (const [name, value] of Object.entries(problemHeaders(body))) c.header(name, value);
  // c.body keeps headers already set on the context (WWW-Authenticate, Allow, X-Request-Id).
  return c.body(JSON.stringify(body), body.status as 400, { 'content-type': PROBLEM_CONTENT_TYPE });
}
