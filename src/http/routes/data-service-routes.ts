/**
 * @module http/routes/data-service-routes
 * `/v1/data/services` and `/v1/data/grants`: the sharing catalogue (共享目录) every member reads,
 * services registered by their provider's dept-admin, and the grant steps — apply, approve (maybe
 * fewer fields), refuse, withdraw — each audited by the use case.
 */
import type { DataCatalogue } from '../../core/data-sharing/data-catalogue.js';
import type { DataGrant } from '../../core/data-sharing/data-grant.js';
import type { DataGrants } from '../../core/data-sharing/data-grants.js';
import { SharingClasses, SharingClassNames, type DataService, type DataServiceInput } from '../../core/data-sharing/data-service.js';
import type { RouteRegistry } from '../route.js';

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码' };
const CODE = { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 64, examples: ['household-verification'] };
const TEXT = { type: 'string', minLength: 1, maxLength: 2000 };
const FIELD_NAME = { type: 'string', minLength: 1, maxLength: 100 };
const FIELD = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'personal'],
  properties: { name: FIELD_NAME, personal: { type: 'boolean' }, description: TEXT },
};
const SERVICE_INPUT = {
  type: 'object',
  additionalProperties: false,
  required: ['name', 'description', 'provider', 'sharingClass', 'requestSchema', 'responseSchema', 'fields', 'legalBasis'],
  properties: {
    name: { ...TEXT, maxLength: 200, examples: ['户籍信息核验'] },
    description: TEXT,
    provider: USCC,
    sharingClass: { enum: [...SharingClasses], description: '无条件共享 unconditional · 有条件共享 conditional · 不予共享 not-shared' },
    requestSchema: { type: 'string', format: 'uri' },
    responseSchema: { type: 'string', format: 'uri' },
    fields: { type: 'array', minItems: 1, maxItems: 200, items: FIELD },
    legalBasis: TEXT,
    timeoutMs: { type: 'integer', minimum: 100, maximum: 120_000 },
    endpoint: {
      type: 'string',
      format: 'uri',
      maxLength: 2048,
      description:
        'For a provider without Kafka: the URL the hub POSTs each request to, signed like the webhooks (Standard Webhooks v1a, ' +
        'the key of GET /v1/webhooks/signing-key). Absent: requests go to the topic data.<provider>.requests.',
    },
    bodyRetentionDays: {
      type: 'integer',
      minimum: 1,
      maximum: 3650,
      description:
        "Only where the provider's rules demand it: keep the request and answer bodies of each answered exchange, encrypted, " +
        'this many days (readable by auditors, GET /v1/data/exchanges/{id}/bodies). Absent: no body is kept, only digests.',
    },
  },
};
const SERVICE = {
  type: 'object',
  properties: {
    code: CODE,
    ...SERVICE_INPUT.properties,
    sharingClassName: { type: 'string', examples: ['有条件共享'] },
    createdAt: { type: 'string', format: 'date-time' },
    updatedAt: { type: 'string', format: 'date-time' },
  },
};
const PURPOSE = { type: 'string', minLength: 1, maxLength: 200, description: 'A service item code of the catalogue, or `legal:<basis>`' };
const GRANT = {
  type: 'object',
  properties: {
    id: { type: 'string', format: 'uuid' },
    service: CODE,
    provider: USCC,
    consumer: USCC,
    purposes: { type: 'array', items: PURPOSE },
    requestedFields: { type: 'array', items: FIELD_NAME },
    grantedFields: { type: 'array', items: FIELD_NAME },
    status: { enum: ['pending', 'approved', 'refused', 'withdrawn'] },
    quotaPerMinute: { type: 'integer' },
    expiresAt: { type: 'string', format: 'date-time' },
    reason: { type: 'string' },
    appliedBy: { type: 'string' },
    decidedBy: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    decidedAt: { type: 'string', format: 'date-time' },
  },
};
const CODE_PARAMS = { type: 'object', required: ['code'], properties: { code: CODE } } as const;
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } } as const;
const REASON = { type: 'object', additionalProperties: false, required: ['reason'], properties: { reason: TEXT } };

const serviceJson = (s: DataService) => ({
  ...s,
  sharingClassName: SharingClassNames[s.sharingClass],
  createdAt: s.createdAt.toISOString(),
  updatedAt: s.updatedAt.toISOString(),
});
const grantJson = (g: DataGrant) => JSON.parse(JSON.stringify(g)) as Record<string, unknown>; // Dates as ISO text, absent members dropped

export function registerDataServiceRoutes(routes: RouteRegistry, deps: { catalogue: DataCatalogue; grants: DataGrants }): void {
  routes.add<{ params: { code: string }; body: Omit<DataServiceInput, 'code'> }>(
    {
      operationId: 'registerDataService',
      method: 'PUT',
      path: '/v1/data/services/{code}',
      summary: "Register or revise one of the department's data services (共享目录)",
      description:
        'The contracts are `$id`s of schemas under schemas/data-services/; `fields` lists every top-level member of the ' +
        'response contract, marked personal or not. A revision may change a contract only compatibly ' +
        '(ERR_DATA_CONTRACT_INCOMPATIBLE lists the problems).',
      tags: ['data sharing'],
      params: CODE_PARAMS,
      body: { 'application/json': SERVICE_INPUT },
      responses: {
        200: { description: 'Registered', schema: SERVICE },
        403: { description: 'Not the provider (ERR_DATA_NOT_PROVIDER)' },
        409: { description: 'Incompatible contract change (ERR_DATA_CONTRACT_INCOMPATIBLE)' },
        422: { description: 'Unknown contract or fields not matching it (ERR_DATA_SERVICE_INVALID)' },
      },
    },
    async ({ c, caller, params, body }) => c.json(serviceJson(await deps.catalogue.register(caller, { ...body, code: params.code }))),
  );

  routes.add(
    {
      operationId: 'listDataServices',
      method: 'GET',
      path: '/v1/data/services',
      summary: 'The sharing catalogue: every data service with its sharing class and fields',
      tags: ['data sharing'],
      responses: { 200: { description: 'Services', schema: { type: 'object', properties: { items: { type: 'array', items: SERVICE } } } } },
    },
    async ({ c }) => c.json({ items: (await deps.catalogue.list()).map(serviceJson) }),
  );

  routes.add<{ params: { code: string } }>(
    {
      operationId: 'getDataService',
      method: 'GET',
      path: '/v1/data/services/{code}',
      summary: 'One data service',
      tags: ['data sharing'],
      params: CODE_PARAMS,
      responses: { 200: { description: 'The service', schema: SERVICE }, 404: { description: 'ERR_DATA_SERVICE_NOT_FOUND' } },
    },
    async ({ c, params }) => c.json(serviceJson(await deps.catalogue.get(params.code))),
  );

  routes.add<{ params: { code: string }; body: { purposes: string[]; fields: string[] } }>(
    {
      operationId: 'applyDataGrant',
      method: 'POST',
      path: '/v1/data/services/{code}/grants',
      summary: 'Apply for a conditional service (有条件共享) with purposes and fields',
      tags: ['data sharing'],
      params: CODE_PARAMS,
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['purposes', 'fields'],
          properties: {
            purposes: { type: 'array', minItems: 1, maxItems: 50, items: PURPOSE },
            fields: { type: 'array', minItems: 1, maxItems: 200, items: FIELD_NAME },
          },
        },
      },
      responses: {
        201: { description: 'Applied, pending', schema: GRANT },
        403: { description: 'Not conditional (ERR_DATA_NOT_SHARED)' },
        422: { description: 'Fields the service does not offer (ERR_DATA_FIELDS_INVALID)' },
      },
    },
    async ({ c, caller, params, body }) => c.json(grantJson(await deps.grants.apply(caller, params.code, body)), 201),
  );

  routes.add<{ params: { id: string }; body: { fields?: string[]; expiresAt: string; quotaPerMinute: number } }>(
    {
      operationId: 'approveDataGrant',
      method: 'POST',
      path: '/v1/data/grants/{id}/approve',
      summary: 'Approve a pending grant (provider), possibly for fewer fields, with an expiry and a rate quota',
      tags: ['data sharing'],
      params: ID_PARAMS,
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['expiresAt', 'quotaPerMinute'],
          properties: {
            fields: { type: 'array', minItems: 1, maxItems: 200, items: FIELD_NAME },
            expiresAt: { type: 'string', format: 'date-time' },
            quotaPerMinute: { type: 'integer', minimum: 1, maximum: 1_000_000 },
          },
        },
      },
      responses: {
        200: { description: 'Approved', schema: GRANT },
        403: { description: 'Not the provider (ERR_DATA_NOT_PROVIDER)' },
        409: { description: 'Not pending (ERR_DATA_GRANT_STATE)' },
      },
    },
    async ({ c, caller, params, body }) =>
      c.json(grantJson(await deps.grants.approve(caller, params.id, { ...body, expiresAt: new Date(body.expiresAt) }))),
  );

  for (const [step, operationId, summary] of [
    ['refuse', 'refuseDataGrant', 'Refuse a pending grant (provider), with the reason'],
    ['withdraw', 'withdrawDataGrant', 'Withdraw an approved grant (provider), with the reason'],
  ] as const) {
    routes.add<{ params: { id: string }; body: { reason: string } }>(
      {
        operationId,
        method: 'POST',
        path: `/v1/data/grants/{id}/${step}`,
        summary,
        tags: ['data sharing'],
        params: ID_PARAMS,
        body: { 'application/json': REASON },
        responses: {
          200: { description: 'Done', schema: GRANT },
          403: { description: 'Not the provider (ERR_DATA_NOT_PROVIDER)' },
          409: { description: 'Not in a state for this step (ERR_DATA_GRANT_STATE)' },
        },
      },
      async ({ c, caller, params, body }) => c.json(grantJson(await deps.grants[step](caller, params.id, body.reason))),
    );
  }

  routes.add<{ query: { service?: string } }>(
    {
      operationId: 'listDataGrants',
      method: 'GET',
      path: '/v1/data/grants',
      summary: "Grants the caller's department is party to, as consumer or provider (all, for security admins and auditors)",
      tags: ['data sharing'],
      query: { type: 'object', properties: { service: CODE } },
      responses: { 200: { description: 'Grants', schema: { type: 'object', properties: { items: { type: 'array', items: GRANT } } } } },
    },
    async ({ c, caller, query }) => c.json({ items: (await deps.grants.list(caller, query)).map(grantJson) }),
  );
}
