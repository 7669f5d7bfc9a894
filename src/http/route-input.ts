/**
 * @module http/route-input
 * Reading a request's input as its route declares it (http/route): path parameters, query
 * parameters and the body in each declared media type, validated against their schemas. This is
 * the hub's one edge for untrusted text: NUL and lone surrogates are refused here for every
 * parameter, form field and body (core/json/safe-text), and JSON bodies go through the strict parse
 * that refuses duplicate member names (core/json/strict-json) — so no route, and no database
 * behind it, ever sees them.
 */
import type { Context } from 'hono';
import { MalformedRequestError, UnsupportedMediaTypeError, ValidationError, type FieldError } from '../core/errors.js';
import { DuplicateMemberError, UnsafeTextError } from '../core/json/json-errors.js';
import { describeUnsafeText } from '../core/json/safe-text.js';
import { parseStrictJson } from '../core/json/strict-json.js';
import type { JsonSchema, JsonValidatorFactory, ValidateFn } from '../core/ports/json-validator.js';
import type { HubEnv } from './hub-env.js';
import type { BodyContentType, ObjectSchema, RouteSpec } from './route-spec.js';

/** A file part of a multipart body. */
export interface UploadedFile {
  bytes: Uint8Array;
  /** The client's file name (at most 255 characters), if it sent one. */
  name: string | undefined;
  /** The client's media type claim, if it is a well-formed one. */
  mediaType: string | undefined;
}

export interface ParsedBody {
  contentType: BodyContentType;
  value: unknown;
}

export interface RouteInputReader {
  params(c: Context<HubEnv>): Record<string, unknown> | undefined;
  query(c: Context<HubEnv>): Record<string, unknown> | undefined;
  /** Parsed but not yet validated: the anti-CSRF check comes between. */
  body(c: Context<HubEnv>): Promise<ParsedBody | undefined>;
  validateBody(body: ParsedBody): unknown;
}

const MEDIA_TYPE = /^[a-z0-9][a-z0-9!#$&^_.+-]{0,63}\/[a-z0-9][a-z0-9!#$&^_.+-]{0,63}$/i;
const FORM_TYPES: ReadonlySet<string> = new Set(['application/x-www-form-urlencoded', 'multipart/form-data']);

export function compileRouteInput(spec: RouteSpec, validators: JsonValidatorFactory): RouteInputReader {
  const params = spec.params ? validators.compile(spec.params) : undefined;
  const query = spec.query ? validators.compile(spec.query) : undefined;
  const bodies = new Map(
    Object.entries(spec.body ?? {}).map(([type, schema]) => [type, validators.compile(withoutFileParts(schema as JsonSchema))]),
  );
  const accepted = [...bodies.keys()];

  return {
    params(c) {
      if (!params) return undefined;
      const values: Record<string, unknown> = { ...c.req.param() };
      for (const [name, value] of Object.entries(values)) assertSafe(value as string, `/params/${name}`);
      assertValid(params(values), '/params', 'a path parameter is not valid');
      return values;
    },
    query(c) {
      const values = readQuery(c, spec.query);
      if (!query) return undefined;
      assertValid(query(values), '/query', 'a query parameter is not valid');
      return values;
    },
    async body(c) {
      if (bodies.size === 0) return undefined;
      const type = (c.req.header('content-type') ?? '').split(';')[0]?.trim().toLowerCase() ?? '';
      if (!bodies.has(type)) throw new UnsupportedMediaTypeError(`send the body as ${accepted.join(' or ')}`);
      const contentType = type as BodyContentType;
      return { contentType, value: await readBody(c, contentType, spec.body?.[contentType] as JsonSchema) };
    },
    validateBody(body) {
      assertValid((bodies.get(body.contentType) as ValidateFn)(body.value), '', 'the request body does not match the schema');
      return body.value;
    },
  };
}

export function isFormBody(contentType: string | undefined): boolean {
  return contentType !== undefined && FORM_TYPES.has(contentType);
}

function assertValid(errors: FieldError[], prefix: string, detail: string): void {
  if (errors.length > 0) throw new ValidationError(detail, { errors: errors.map((e) => ({ ...e, pointer: `${prefix}${e.pointer}` })) });
}

function assertSafe(text: string, pointer: string): void {
  const what = describeUnsafeText(text);
  if (what) throw new UnsafeTextError(`${pointer} holds ${what}`, { errors: [{ pointer, detail: `holds ${what}` }] });
}

/**
 * Every parameter at most once and text-safe, declared or not; only the declared ones reach the
 * handler, those typed integer, number or boolean converted.
 */
function readQuery(c: Context<HubEnv>, schema: ObjectSchema | undefined): Record<string, unknown> {
  const seen = new Set<string>();
  const values: Record<string, unknown> = {};
  for (const [name, value] of new URL(c.req.url).searchParams) {
    assertSafe(name, '/query');
    assertSafe(value, `/query/${name}`);
    if (seen.has(name)) throw new MalformedRequestError(`the query parameter ${name.slice(0, 64)} is repeated`);
    seen.add(name);
    const declared = schema && Object.hasOwn(schema.properties, name) ? schema.properties[name] : undefined;
    if (declared) values[name] = convert(value, declared);
  }
  return values;
}

function convert(value: string, schema: JsonSchema | undefined): unknown {
  const type = schema?.type;
  if ((type === 'integer' || type === 'number') && /^-?\d+(\.\d+)?$/.test(value)) return Number(value);
  if (type === 'boolean' && (value === 'true' || value === 'false')) return value === 'true';
  return value;
}

async function readBody(c: Context<HubEnv>, type: BodyContentType, schema: JsonSchema): Promise<unknown> {
  if (type === 'multipart/form-data') return readMultipart(c, schema);
  const text = await c.req.text();
  if (type === 'application/json') return parseJson(text);
  if (type === 'application/x-www-form-urlencoded') return parseForm(text);
  assertSafe(text, '');
  return text.trim();
}

function parseJson(text: string): unknown {
  const parsed = parseStrictJson(text);
  if (parsed.ok) return parsed.value;
  if (parsed.problem === 'syntax') throw new MalformedRequestError('the body is not valid JSON');
  const errors = [{ pointer: parsed.pointer, detail: parsed.detail }];
  if (parsed.problem === 'duplicate-member') throw new DuplicateMemberError(`the body ${parsed.detail}`, { errors });
  throw new UnsafeTextError(`the body: ${parsed.detail}`, { errors });
}

/** A plain object of the form's fields; a repeated field is refused (RFC 6749 §3.2: at most once). */
function parseForm(text: string): Record<string, string> {
  const fields: Record<string, string> = Object.create(null);
  for (const [name, value] of new URLSearchParams(text)) {
    assertSafe(name, '');
    assertSafe(value, `/${name}`);
    if (Object.hasOwn(fields, name)) throw new MalformedRequestError(`the form field ${name.slice(0, 64)} is repeated`);
    fields[name] = value;
  }
  return { ...fields };
}

/** Text fields as strings (a text field sent as a file part is read as UTF-8), file parts as files. */
async function readMultipart(c: Context<HubEnv>, schema: JsonSchema): Promise<Record<string, unknown>> {
  let form: FormData;
  try {
    form = await c.req.formData();
  } catch {
    throw new MalformedRequestError('the multipart body cannot be parsed');
  }
  const files = fileParts(schema);
  const fields: Record<string, unknown> = Object.create(null);
  for (const [name, value] of form.entries()) {
    assertSafe(name, '');
    if (Object.hasOwn(fields, name)) throw new MalformedRequestError(`the form field ${name.slice(0, 64)} is repeated`);
    if (files.has(name)) {
      if (typeof value === 'string') {
        throw new ValidationError(`${name} must be a file part`, {
          errors: [{ pointer: `/${name}`, detail: 'must be a file part (filename given)' }],
        });
      }
      fields[name] = await uploaded(value);
    } else {
      const text = typeof value === 'string' ? value : await value.text();
      assertSafe(text, `/${name}`);
      fields[name] = text;
    }
  }
  return { ...fields };
}

async function uploaded(file: File): Promise<UploadedFile> {
  return {
    bytes: new Uint8Array(await file.arrayBuffer()),
    name: file.name ? file.name.slice(0, 255) : undefined,
    mediaType: MEDIA_TYPE.test(file.type) ? file.type.toLowerCase() : undefined,
  };
}

function fileParts(schema: JsonSchema): Set<string> {
  const properties = (schema.properties ?? {}) as Record<string, JsonSchema>;
  return new Set(Object.keys(properties).filter((name) => properties[name]?.format === 'binary'));
}

/** File parts are checked as files above; the schema validates what is left (their presence). */
function withoutFileParts(schema: JsonSchema): JsonSchema {
  const files = fileParts(schema);
  if (files.size === 0) return schema;
  const properties = Object.fromEntries(
    Object.entries(schema.properties as Record<string, JsonSchema>).map(([name, s]) => [name, files.has(name) ? {} : s]),
  );
  return { ...schema, properties };
}
