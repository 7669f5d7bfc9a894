/**
 * @module http/route-spec
 * What a route declares (http/route): method and path, how callers authenticate, the schemas of
 * its parameters and of each body media type it takes, and its responses. Kept apart from the
 * registry so the readers of input (http/route-input) and of credentials (http/route-auth) depend
 * on the declaration, not on each other.
 */
import type { Context } from 'hono';
import type { JsonSchema } from '../core/ports/json-validator.js';
import type { AuthenticatedSession } from '../core/users/session-authenticator.js';
import type { HubEnv } from './hub-env.js';

export type BodyContentType =
  'application/json' | 'application/jose' | 'text/plain' | 'text/csv' | 'application/x-www-form-urlencoded' | 'multipart/form-data';

export type HttpMethod = 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';

/** A JSON Schema of an object whose members are named (parameters, form fields). */
export interface ObjectSchema extends JsonSchema {
  type: 'object';
  properties: Readonly<Record<string, JsonSchema>>;
  required?: readonly string[];
}

/**
 * The media types a route takes, each with the JSON Schema of its parsed form: a JSON value, the
 * text of a JWS or plain body, or the fields of a form (file parts declared `format: binary`).
 */
export type BodySpec = Partial<Readonly<Record<BodyContentType, JsonSchema>>>;

/**
 * A console page: the session cookie is the only credential; a visitor without a live session is
 * redirected to the sign-in form (or, on a public page, served without one). The hooks answer a
 * signed-in user in HTML where an API caller would get a problem document.
 */
export interface ConsolePageAuth {
  mode: 'console';
  /** The page for a role the authorisation table does not list (default: the 403 problem). */
  forbidden?(c: Context<HubEnv>, session: AuthenticatedSession): Response | Promise<Response>;
  /** The page for an unsafe request without the session's anti-CSRF token (default: the `ERR_CSRF` problem). */
  csrfRefused?(c: Context<HubEnv>, session: AuthenticatedSession): Response | Promise<Response>;
}

/** `bearer` (the default): an `Authorization: Bearer` token, or a console session with its anti-CSRF token. */
export type RouteAuth = 'bearer' | ConsolePageAuth;

export interface ResponseSpec {
  description: string;
  contentType?: string;
  schema?: JsonSchema;
}

export interface RouteSpec {
  /** Key into the authorisation table; unique. */
  operationId: string;
  method: HttpMethod;
  /** OpenAPI style: `/v1/licenses/{id}`; every `{name}` is declared in `params`. */
  path: string;
  summary: string;
  description?: string;
  tags: readonly string[];
  auth?: RouteAuth;
  params?: ObjectSchema;
  /** Values arrive as text; members typed integer, number or boolean are converted before validation. */
  query?: ObjectSchema;
  body?: BodySpec;
  responses: Readonly<Record<number, ResponseSpec>>;
}
