/**
 * @module http/openapi
 * Builds the OpenAPI 3.1 document from the registered route declarations (http/route.ts) and the
 * authorisation table, so it always describes exactly what the hub serves. Route schemas may refer
 * to a contract by its `$id`; the contracts they need are embedded, bundled so every reference
 * resolves inside the document (contracts/contract-bundle, handed in by the wiring).
 */
import type { JsonSchema } from '../core/ports/json-validator.js';
import { accessFor } from './authorization.js';
import type { ObjectSchema, RouteSpec } from './route-spec.js';
import { SESSION_COOKIE } from './session-cookie.js';

const PROBLEM_SCHEMA = {
  type: 'object',
  description: 'RFC 9457 problem details with a stable `code`.',
  required: ['type', 'title', 'status', 'detail', 'code'],
  properties: {
    type: { type: 'string' },
    title: { type: 'string' },
    status: { type: 'integer' },
    detail: { type: 'string' },
    code: { type: 'string', examples: ['ERR_VALIDATION'] },
    instance: { type: 'string' },
    requestId: { type: 'string' },
    errors: {
      type: 'array',
      items: {
        type: 'object',
        required: ['pointer', 'detail'],
        properties: { pointer: { type: 'string' }, detail: { type: 'string' } },
      },
    },
    errorsOmitted: { type: 'integer', description: 'How many more errors there were beyond the 50 listed' },
  },
};

const PROBLEM_RESPONSE = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

/** Contracts embedded in the document (contracts/contract-bundle). */
export interface EmbeddedContracts {
  refer(schema: JsonSchema): JsonSchema;
  components(): Record<string, JsonSchema>;
}

export interface OpenApiInfo {
  version: string;
  serverUrl: string;
  contracts?: EmbeddedContracts;
}

const TAG_DESCRIPTIONS: Readonly<Record<string, string>> = {
  access: '访问 — system tokens (RFC 7523), API tokens and staff accounts',
  audit: '审计 — the hash-chained audit log, its proof and the verification statistics',
  console: '工作台 — the clerk console pages (HTML, signed in by the session cookie)',
  contracts: '契约 — licence types, issuing and reading rights, the JSON Schema contracts',
  departments: '部门 — the departments of the county',
  documents: '文书 — sealed document records (批准文书) and their verification',
  licences: '证照 — publication, reading and status changes of sealed licences',
  pki: '证书 — the hub CA: seal and system certificates, revocation, CRL',
  system: '系统 — health, readiness, metrics and these API documents',
  verification: '核验 — online verification for a case, and its signed receipts',
};

export function buildOpenApiDocument(specs: readonly RouteSpec[], info: OpenApiInfo) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const access = accessFor(spec.operationId);
    const page = spec.auth !== undefined && spec.auth !== 'bearer';
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema || response.contentType
          ? { content: { [response.contentType ?? 'application/json']: response.schema ? { schema: response.schema } : {} } }
          : {}),
      };
    }
    // Every request's parameters pass the edge checks (repeated, NUL, lone surrogates): 400.
    responses['400'] ??= PROBLEM_RESPONSE;
    if (access !== 'public' && !page) {
      responses['401'] ??= PROBLEM_RESPONSE;
      if (access !== 'authenticated') responses['403'] ??= PROBLEM_RESPONSE;
    }
    if (access !== 'public' && page) responses['303'] ??= { description: 'Not signed in: to the sign-in form' };
    if (spec.body) responses['415'] ??= PROBLEM_RESPONSE;
    if (spec.body || spec.params || spec.query) responses['422'] ??= PROBLEM_RESPONSE;
    responses.default = PROBLEM_RESPONSE;
    const parameters = [...parametersOf(spec.params, 'path'), ...parametersOf(spec.query, 'query')];

    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(access === 'public' ? { security: [] } : page ? { security: [{ consoleSession: [] }] } : {}),
      ...(Array.isArray(access) ? { 'x-roles': access } : {}),
      ...(parameters.length > 0 ? { parameters } : {}),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: Object.fromEntries(Object.entries(spec.body).map(([type, schema]) => [type, { schema }])),
            },
          }
        : {}),
      responses,
    };
  }
  return {
    openapi: '3.1.0',
    info: {
      title: 'zhengzhao 证照 exchange hub',
      version: info.version,
      description: '县级电子证照共享交换枢纽 — county data-sharing and electronic-licence exchange hub.',
      license: { name: 'Apache-2.0', identifier: 'Apache-2.0' },
    },
    servers: [{ url: info.serverUrl }],
    security: [{ bearer: [] }],
    tags: [...new Set(specs.flatMap((s) => s.tags))]
      .sort()
      .map((name) => ({ name, ...(TAG_DESCRIPTIONS[name] ? { description: TAG_DESCRIPTIONS[name] } : {}) })),
    paths: info.contracts ? info.contracts.refer(paths) : paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA, ...info.contracts?.components() },
      securitySchemes: {
        bearer: { type: 'http', scheme: 'bearer' },
        consoleSession: {
          type: 'apiKey',
          in: 'cookie',
          name: SESSION_COOKIE,
          description: 'The console session (sign in at /console/login); unsafe requests also carry its anti-CSRF token',
        },
      },
    },
  };
}

function parametersOf(schema: ObjectSchema | undefined, where: 'path' | 'query') {
  if (!schema) return [];
  return Object.entries(schema.properties).map(([name, property]) => {
    const { description, ...rest } = property as { description?: string };
    return {
      name,
      in: where,
      required: where === 'path' || (schema.required ?? []).includes(name),
      ...(typeof description === 'string' ? { description } : {}),
      schema: rest,
    };
  });
}
