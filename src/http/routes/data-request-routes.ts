/**
 * @module http/routes/data-request-routes
 * `POST /v1/data/{service}/requests`: a consumer system asks a provider through the hub and the
 * call waits for the answer (up to the service's timeout). Same checks and answers as the
 * `data.requests` topic: only granted fields come back; every failure is a coded problem.
 * `GET /v1/data/exchanges/{id}/bodies`: an auditor reads the bodies a service's retention kept;
 * `POST /v1/data/body-keys/rotate`: a security admin starts sealing them under a new key.
 */
import type { DataExchange } from '../../core/data-sharing/data-exchange.js';
import type { ExchangeBodies } from '../../core/data-sharing/exchange-bodies.js';
import type { Purpose } from '../../core/data-sharing/exchange-messages.js';
import type { RouteRegistry } from '../route.js';

const CODE = { type: 'string', pattern: '^[a-z][a-z0-9]*(-[a-z0-9]+)*$', maxLength: 64, examples: ['household-verification'] };
const REQUEST = {
  type: 'object',
  additionalProperties: false,
  required: ['params', 'purpose'],
  properties: {
    params: { description: "The parameters, per the service's request contract" },
    // Members checked by the exchange, not here, so HTTP and Kafka refuse a missing case number alike.
    purpose: {
      type: 'object',
      additionalProperties: false,
      properties: {
        caseNo: { type: 'string', maxLength: 100, description: '办件编号' },
        serviceItem: { type: 'string', maxLength: 100, description: '事项编码 (required for 有条件共享)' },
      },
    },
  },
};
const ANSWER = {
  type: 'object',
  required: ['exchangeId', 'service', 'data'],
  properties: {
    exchangeId: { type: 'string', format: 'uuid', description: 'the message-log id of this exchange' },
    service: CODE,
    data: { type: 'object', description: 'the answer, only the granted fields' },
  },
};

export interface DataRequestRouteDeps {
  exchange: DataExchange;
  bodies: ExchangeBodies;
  /** The audited rotation (core/changes/rotate-announced-key). */
  rotateBodyKey(): Promise<{ keyId: string }>;
}

export function registerDataRequestRoutes(routes: RouteRegistry, deps: DataRequestRouteDeps): void {
  routes.add<{ params: { service: string }; body: { params: unknown; purpose: Purpose } }>(
    {
      operationId: 'requestData',
      method: 'POST',
      path: '/v1/data/{service}/requests',
      summary: 'Ask a data service through the hub (waits for the provider up to its timeout)',
      tags: ['data sharing'],
      params: { type: 'object', required: ['service'], properties: { service: CODE } },
      body: { 'application/json': REQUEST },
      responses: {
        200: { description: "The provider's answer with only the granted fields", schema: ANSWER },
        403: { description: 'ERR_DATA_NO_GRANT, ERR_DATA_GRANT_EXPIRED, ERR_DATA_PURPOSE_NOT_GRANTED, ERR_DATA_NOT_SHARED' },
        404: { description: 'ERR_DATA_SERVICE_NOT_FOUND' },
        422: { description: 'ERR_DATA_PURPOSE_MISSING, or parameters outside the request contract (ERR_VALIDATION)' },
        429: { description: 'ERR_DATA_QUOTA_EXCEEDED' },
        502: { description: 'ERR_DATA_PROVIDER_REFUSED (`providerCode`), ERR_DATA_MALFORMED_ANSWER' },
        503: { description: 'ERR_DATA_PROVIDER_UNAVAILABLE after repeated timeouts' },
        504: { description: 'ERR_DATA_TIMEOUT' },
      },
    },
    async ({ c, caller, params, body }) =>
      c.json(await deps.exchange.request(caller, { service: params.service, params: body.params, purpose: body.purpose }, 'http')),
  );

  routes.add<{ params: { id: string } }>(
    {
      operationId: 'readDataExchangeBodies',
      method: 'GET',
      path: '/v1/data/exchanges/{id}/bodies',
      summary: 'The kept request and answer bodies of one exchange, for auditors (the reading is audited)',
      description:
        "Kept only for services with `bodyRetentionDays` (a department's rules), encrypted, until the retention passes, for " +
        'every exchange routed to the provider: `outcome` is `ok` or the code it ended with (ERR_DATA_PROVIDER_REFUSED, ' +
        'ERR_DATA_TIMEOUT, ERR_DATA_PROVIDER_UNREACHABLE, ERR_DATA_MALFORMED_ANSWER). The answer is the full answer of the ' +
        'provider, before the grant filter (its data, or for a failure its whole message), absent when none arrived. Requests ' +
        'the hub refused before routing keep nothing beyond the digest in the message log.',
      tags: ['data sharing'],
      params: { type: 'object', required: ['id'], properties: { id: { type: 'string', format: 'uuid' } } },
      responses: {
        200: {
          description: 'The bodies in clear',
          schema: {
            type: 'object',
            required: ['exchangeId', 'service', 'outcome', 'request'],
            properties: {
              exchangeId: { type: 'string', format: 'uuid' },
              service: CODE,
              outcome: { type: 'string', examples: ['ok', 'ERR_DATA_TIMEOUT'] },
              request: {},
              response: {},
            },
          },
        },
        404: { description: 'ERR_DATA_BODIES_NOT_KEPT: none kept, or past the retention' },
      },
    },
    async ({ c, caller, params }) => c.json(await deps.bodies.read(caller, params.id)),
  );

  routes.add(
    {
      operationId: 'rotateDataBodyKey',
      method: 'POST',
      path: '/v1/data/body-keys/rotate',
      summary: 'Start sealing kept exchange bodies under a new key; bodies sealed under earlier keys stay readable until purged',
      description:
        'Every instance seals new bodies under the new key at once. Bodies already kept are not re-sealed: they keep their key ' +
        'until the retention purge deletes them.',
      tags: ['data sharing'],
      responses: {
        200: {
          description: 'The new key id',
          schema: { type: 'object', required: ['keyId'], properties: { keyId: { type: 'string', examples: ['body-3f9a0c2e5b7d1a46'] } } },
        },
        403: { description: 'ERR_FORBIDDEN: only a security admin rotates the body key' },
      },
    },
    async ({ c }) => c.json(await deps.rotateBodyKey()),
  );
}
