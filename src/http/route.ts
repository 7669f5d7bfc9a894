/**
 * @module http/route
 * Routes are declared once, as data: method, path, who may call and how they authenticate, the
 * schemas of path parameters, query parameters and each accepted body media type, and the
 * responses. The same declaration registers the Hono handler, drives authentication, authorisation,
 * parsing and validation, and generates `/openapi.json`, so the documentation cannot drift from the
 * code and no handler reads or checks raw input itself.
 *
 * Every handler therefore reads as: parse → authenticate → authorise → validate (all done here from
 * the declaration) → act → answer (the handler).
 */
import type { Context, Hono } from 'hono';
import type { Principal } from '../core/auth/principal.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import type { JsonValidatorFactory } from '../core/ports/json-validator.js';
import type { AuthenticatedSession } from '../core/users/session-authenticator.js';
import { accessFor } from './authorization.js';
import type { HubEnv } from './hub-env.js';
import { createRouteGate } from './route-auth.js';
import { compileRouteInput } from './route-input.js';
import type { BodyContentType, ConsolePageAuth, RouteSpec } from './route-spec.js';

export type { UploadedFile } from './route-input.js';
export type * from './route-spec.js';

/** The shapes a handler receives, as its declaration's schemas guarantee them. */
export interface RouteTypes {
  params?: unknown;
  query?: unknown;
  body?: unknown;
}

export interface RouteInput<T extends RouteTypes = RouteTypes> {
  c: Context<HubEnv>;
  principal: Principal | undefined;
  /** The authenticated caller; reading it on a route open to anonymous callers is a bug (TypeError). */
  readonly caller: Principal;
  /** The console session, on console pages. */
  session: AuthenticatedSession | undefined;
  params: T['params'];
  query: T['query'];
  body: T['body'];
  /** Which of the declared media types the body came as. */
  contentType: BodyContentType | undefined;
}

/** A console page that needs a signed-in user: both are there. */
export interface PageInput<T extends RouteTypes = RouteTypes> extends RouteInput<T> {
  principal: Principal;
  session: AuthenticatedSession;
}

export type RouteHandler<T extends RouteTypes> = (input: RouteInput<T>) => Promise<Response> | Response;
export type PageHandler<T extends RouteTypes> = (input: PageInput<T>) => Promise<Response> | Response;

export interface RouteRegistry {
  add<T extends RouteTypes = RouteTypes>(spec: RouteSpec, handler: RouteHandler<T>): void;
  /** A console page for signed-in users (`auth.mode` console, access not public). */
  page<T extends RouteTypes = RouteTypes>(spec: RouteSpec & { auth: ConsolePageAuth }, handler: PageHandler<T>): void;
  readonly specs: readonly RouteSpec[];
}

export interface RouteRegistryDeps {
  app: Hono<HubEnv>;
  authenticator: Authenticator;
  validators: JsonValidatorFactory;
  /** Where console pages send visitors without a session, and whether cookies are `Secure`. */
  console?: { loginPath: string; secureCookies: boolean };
}

export function createRouteRegistry(deps: RouteRegistryDeps): RouteRegistry {
  const specs: RouteSpec[] = [];
  const gate = createRouteGate({
    authenticator: deps.authenticator,
    loginPath: deps.console?.loginPath ?? '/console/login',
    secureCookies: deps.console?.secureCookies ?? false,
  });

  function register(spec: RouteSpec, handler: (input: RouteInput) => Promise<Response> | Response): void {
    if (specs.some((s) => s.operationId === spec.operationId)) throw new TypeError(`duplicate operationId ${spec.operationId}`);
    assertParamsDeclared(spec);
    specs.push(spec);
    const access = accessFor(spec.operationId);
    const input = compileRouteInput(spec, deps.validators);
    deps.app.on(spec.method, toHonoPath(spec.path), async (c) => {
      c.set('routeLabel', spec.path);
      const caller = await gate.admit(c, spec.auth ?? 'bearer', access);
      if (caller instanceof Response) return caller;
      const params = input.params(c);
      const query = input.query(c);
      const body = await input.body(c);
      const refused = await gate.checkCsrf(c, spec.auth ?? 'bearer', caller, body?.value);
      if (refused) return refused;
      const principal = caller.principal;
      return handler({
        c,
        principal,
        get caller(): Principal {
          if (!principal) throw new TypeError(`${spec.operationId} is open to anonymous callers: it has no caller`);
          return principal;
        },
        session: caller.session,
        params,
        query,
        body: body ? input.validateBody(body) : undefined,
        contentType: body?.contentType,
      });
    });
  }

  return {
    specs,
    add: (spec, handler) => register(spec, handler as (input: RouteInput) => Promise<Response> | Response),
    page(spec, handler) {
      if (accessFor(spec.operationId) === 'public') throw new TypeError(`${spec.operationId}: a page for signed-in users is not public`);
      register(spec, handler as (input: RouteInput) => Promise<Response> | Response);
    },
  };
}

export function toHonoPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

function pathParameterNames(path: string): string[] {
  return [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1] as string);
}

/** Every `{name}` of the path has a schema, and the schema names nothing else. */
function assertParamsDeclared(spec: RouteSpec): void {
  const inPath = pathParameterNames(spec.path).sort();
  const declared = Object.keys(spec.params?.properties ?? {}).sort();
  if (inPath.join() !== declared.join()) {
    throw new TypeError(`${spec.operationId}: params must declare exactly the path parameters (${inPath.join(', ') || 'none'})`);
  }
}
