/**
 * @module http/openapi
 * Builds the OpenAPI 3.1 document from the registered route declarations (http/route.ts) and the
 * authorisation table, so it always describes exactly what the hub serves.
 */
import { accessFor } from './authorization.js';
import type { RouteSpec } from './route.js';

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
  },
};

const PROBLEM_RESPONSE = {
  description: 'Problem details',
  content: { 'application/problem+json': { schema: { $ref: '#/components/schemas/Problem' } } },
};

export function buildOpenApiDocument(specs: readonly RouteSpec[], info: { version: string; serverUrl: string }) {
  const paths: Record<string, Record<string, unknown>> = {};
  for (const spec of specs) {
    const access = accessFor(spec.operationId);
    const responses: Record<string, unknown> = {};
    for (const [status, response] of Object.entries(spec.responses)) {
      responses[status] = {
        description: response.description,
        ...(response.schema || response.contentType
          ? { content: { [response.contentType ?? 'application/json']: response.schema ? { schema: response.schema } : {} } }
          : {}),
      };
    }
    if (access !== 'public') {
      responses['401'] ??= PROBLEM_RESPONSE;
      if (access !== 'authenticated') responses['403'] ??= PROBLEM_RESPONSE;
    }
    if (spec.body) responses['422'] ??= PROBLEM_RESPONSE;
    responses.default = PROBLEM_RESPONSE;

    (paths[spec.path] ??= {})[spec.method.toLowerCase()] = {
      operationId: spec.operationId,
      summary: spec.summary,
      ...(spec.description ? { description: spec.description } : {}),
      tags: spec.tags,
      ...(access === 'public' ? { security: [] } : {}),
      ...(Array.isArray(access) ? { 'x-roles': access } : {}),
      ...pathParameters(spec.path),
      ...(spec.body
        ? {
            requestBody: {
              required: true,
              content: {
                [spec.body.contentType]: { schema: spec.body.schema },
                ...Object.fromEntries((spec.body.alsoAcceptText ?? []).map((type) => [type, { schema: { type: 'string' } }])),
              },
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
    },
    servers: [{ url: info.serverUrl }],
    security: [{ bearer: [] }],
    paths,
    components: {
      schemas: { Problem: PROBLEM_SCHEMA },
      securitySchemes: { bearer: { type: 'http', scheme: 'bearer' } },
    },
  };
}

function pathParameters(path: string) {
  const names = [...path.matchAll(/\{([A-Za-z0-9_]+)\}/g)].map((m) => m[1]);
  if (names.length === 0) return {};
  return { parameters: names.map((name) => ({ name, in: 'path', required: true, schema: { type: 'string' } })) };
}
