/**
 * @module http/route
 * Routes are declared once, as data: method, path, who may call, request and response schemas. The
 * same declaration registers the Hono handler, drives authentication, authorisation and validation,
 * and generates `/openapi.json`, so the documentation cannot drift from the code.
 *
 * Every handler therefore reads as: parse → authenticate → authorise → validate (all done here from
 * the declaration) → act → answer (the handler).
 */
import type { Context, Hono } from 'hono';
import type { Principal } from '../core/auth/principal.js';
import type { Authenticator } from '../core/auth/authenticator.js';
import { ForbiddenError, MalformedRequestError, UnauthenticatedError, UnsupportedMediaTypeError, ValidationError } from '../core/errors.js';
import type { JsonSchema, JsonValidatorFactory, ValidateFn } from '../core/ports/json-validator.js';
import { sessionsOf } from '../core/users/session-authenticator.js';
import { SessionInvalidError } from '../core/users/user-errors.js';
import { accessFor, type Access } from './authorization.js';
import type { HubEnv } from './hub-env.js';
import { assertCsrf, isUnsafeMethod, readSessionCookie } from './session-cookie.js';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

export interface BodySpec {
  contentType: 'application/json' | 'application/jose' | 'multipart/form-data' | 'application/x-www-form-urlencoded';
  /** JSON Schema of the parsed body (JSON and form bodies are validated against it). */
  schema: JsonSchema;
  /** Other content types taken as plain text, e.g. `text/plain` for a QR payload beside a JWS. */
  alsoAcceptText?: readonly string[];
}

export interface ResponseSpec {
  description: string;
  contentType?: string;
  schema?: JsonSchema;
}

export interface RouteSpec {
  /** Key into the authorisation table; unique. */
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style: `/v1/licenses/{id}`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  body?: BodySpec;
  responses: Readonly<Record<number, ResponseSpec>>;
}

export interface RouteInput<Body> {
  c: Context<HubEnv>;
  principal: Principal | undefined;
  body: Body;
}

export type RouteHandler<Body> = (input: RouteInput<Body>) => Promise<Response> | Response;

export interface RouteRegistry {
  add<Body = undefined>(spec: RouteSpec, handler: RouteHandler<Body>): void;
  readonly specs: readonly RouteSpec[];
}

export interface RouteRegistryDeps {
  app: Hono<HubEnv>;
  authenticator: Authenticator;
  validators: JsonValidatorFactory;
}

export function createRouteRegistry(deps: RouteRegistryDeps): RouteRegistry {
  const specs: RouteSpec[] = [];
  return {
    specs,
    add<Body>(spec: RouteSpec, handler: RouteHandler<Body>) {
      if (specs.some((s) => s.operationId === spec.operationId)) {
        throw new TypeError(`duplicate operationId ${spec.operationId}`);
      }
      specs.push(spec);
      const access = accessFor(spec.operationId);
      const validated = spec.body?.contentType === 'application/json' || spec.body?.contentType === 'application/x-www-form-urlencoded';
      const validate = validated ? deps.validators.compile((spec.body as BodySpec).schema) : undefined;
      deps.app.on(spec.method, toHonoPath(spec.path), async (c) => {
        c.set('routeLabel', spec.path);
        const principal = await authenticate(c, access, deps.authenticator);
        authorise(principal, access);
        const body = spec.body ? await parseBody(c, spec.body, validate) : undefined;
        return handler({ c, principal, body: body as Body });
      });
    },
  };
}

export function toHonoPath(openApiPath: string): string {
  return openApiPath.replace(/\{([A-Za-z0-9_]+)\}/g, ':$1');
}

async function authenticate(c: Context<HubEnv>, access: Access, authenticator: Authenticator): Promise<Principal | undefined> {
  if (access === 'public') return undefined;
  const header = c.req.header('authorization');
  // Bearer first; without an Authorization header a console session cookie may authenticate, and
  // then every unsafe method must also carry the session's anti-CSRF token (http/session-cookie).
  const sessions = sessionsOf(authenticator);
  const sessionId = header === undefined && sessions ? readSessionCookie(c) : undefined;
  if (sessions && sessionId !== undefined) {
    const session = await sessions.find(sessionId);
    if (!session) {
      c.header('WWW-Authenticate', 'Bearer realm="zhengzhao"');
      throw new SessionInvalidError('the console session has ended; sign in again');
    }
    if (isUnsafeMethod(c.req.method)) await assertCsrf(c, session.csrfToken);
    c.set('principal', session.principal);
    return session.principal;
  }
  const match = header ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
  if (!match) {
    c.header('WWW-Authenticate', 'Bearer realm="zhengzhao"');
    throw new UnauthenticatedError('this operation needs a bearer token');
  }
  const principal = await authenticator.authenticate(match[1] as string);
  c.set('principal', principal);
  return principal;
}

function authorise(principal: Principal | undefined, access: Access): void {
  if (access === 'public' || access === 'authenticated') return;
  if (!principal || !access.includes(principal.role)) {
    throw new ForbiddenError('your role may not perform this operation');
  }
}

async function parseBody(c: Context<HubEnv>, spec: BodySpec, validate: ValidateFn | undefined): Promise<unknown> {
  const contentType = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase();
  if (contentType !== undefined && spec.alsoAcceptText?.includes(contentType)) return (await c.req.text()).trim();
  if (contentType !== spec.contentType) {
    throw new UnsupportedMediaTypeError(`send the body as ${spec.contentType}`);
  }
  if (spec.contentType === 'multipart/form-data') return c.req.parseBody();
  const text = await c.req.text();
  if (spec.contentType === 'application/jose') return text.trim();
  const value = spec.contentType === 'application/x-www-form-urlencoded' ? parseForm(text) : parseJson(text);
  const errors = validate?.(value) ?? [];
  if (errors.length > 0) throw new ValidationError('the request body does not match the schema', { errors });
  return value;
}

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    throw new MalformedRequestError('the body is not valid JSON');
  }
}

/** A plain object of the form's fields; a repeated field is refused (RFC 6749 §3.2: at most once). */
function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    if (Object.hasOwn(fields, name)) throw new MalformedRequestError(`the form field ${name.slice(0, 64)} is repeated`);
    fields[name] = value;
  }
  return { ...fields };
}
