/**
 * @module http/routes/webhook-routes
 * `/v1/webhooks`: departments without Kafka subscribe to licence lifecycle events by webhook, read
 * each endpoint's delivery log and ask for redelivery; anyone may fetch the public key that signs
 * the deliveries (the wire format is in `src/webhooks/README.md`). Department admins act for their
 * own department only, security admins for any (scoped in core/webhooks/webhook-service).
 */
import type { SubscribeInput, WebhookService } from '../../core/webhooks/webhook-service.js';
import type { DeliveryStatus, WebhookDelivery, WebhookSubscription } from '../../core/webhooks/webhook-subscription.js';
import type { RouteRegistry } from '../route.js';

/** The public key as `src/webhooks/standard-webhook-signature.ts` publishes it. */
export interface WebhookSigningKeyView {
  publicKey: string;
  jwk: Record<string, string>;
  scheme: string;
}

export interface WebhookRouteDeps {
  webhooks: WebhookService;
  signingKey: WebhookSigningKeyView;
}

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码 (GB 32100)' };
const TYPE_CODE = { type: 'string', pattern: '^[0-9A-Z]{18}[0-9]{3}$', description: '证照类型代码' };
const DATE_TIME = { type: 'string', format: 'date-time' };
const DELIVERY_STATUSES: readonly DeliveryStatus[] = ['pending', 'delivered', 'failed'];
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 64 } } } as const;

const SIGNING_KEY = {
  type: 'object',
  required: ['publicKey', 'jwk', 'scheme'],
  properties: {
    publicKey: { type: 'string', description: 'Standard Webhooks form: whpk_ + base64 of the raw Ed25519 key' },
    jwk: { type: 'object', description: 'The same key as an OKP JWK' },
    scheme: { const: 'v1a' },
  },
};

const SUBSCRIPTION = {
  type: 'object',
  required: ['id', 'department', 'url', 'typeCodes', 'issuers', 'status', 'createdAt', 'signingKey'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    department: USCC,
    url: { type: 'string', format: 'uri' },
    typeCodes: { type: 'array', items: TYPE_CODE },
    issuers: { type: 'array', items: USCC },
    description: { type: 'string' },
    status: { enum: ['active', 'disabled'] },
    disabledAt: DATE_TIME,
    failingSince: { ...DATE_TIME, description: 'First failed attempt since the last success' },
    breakerOpenUntil: { ...DATE_TIME, description: 'Nothing is sent to the endpoint before this' },
    createdAt: DATE_TIME,
    signingKey: SIGNING_KEY,
  },
};

const DELIVERY = {
  type: 'object',
  required: ['id', 'eventId', 'eventType', 'status', 'attempts', 'createdAt', 'lastAttempts'],
  properties: {
    id: { type: 'string', format: 'uuid', description: 'Sent as webhook-id' },
    eventId: { type: 'string', format: 'uuid' },
    eventType: { type: 'string' },
    status: { enum: DELIVERY_STATUSES },
    attempts: { type: 'integer' },
    nextAttemptAt: DATE_TIME,
    deliveredAt: DATE_TIME,
    createdAt: DATE_TIME,
    lastAttempts: {
      type: 'array',
      items: {
        type: 'object',
        properties: {
          attempt: { type: 'integer' },
          at: DATE_TIME,
          status: { type: 'integer', description: 'HTTP status of the answer, if any' },
          ok: { type: 'boolean' },
          error: { type: 'string' },
          durationMs: { type: 'number' },
        },
      },
    },
  },
};

export function registerWebhookRoutes(routes: RouteRegistry, deps: WebhookRouteDeps): void {
  const { webhooks, signingKey } = deps;
  const toJson = (s: WebhookSubscription) => ({
    id: s.id,
    department: s.department,
    url: s.url,
    typeCodes: s.typeCodes,
    issuers: s.issuers,
    ...(s.description ? { description: s.description } : {}),
    status: s.status,
    ...(s.disabledAt ? { disabledAt: s.disabledAt.toISOString() } : {}),
    ...(s.health.failingSince ? { failingSince: s.health.failingSince.toISOString() } : {}),
    ...(s.health.openUntil ? { breakerOpenUntil: s.health.openUntil.toISOString() } : {}),
    createdAt: s.createdAt.toISOString(),
    signingKey,
  });

  routes.add(
    {
      operationId: 'getWebhookSigningKey',
      method: 'GET',
      path: '/v1/webhooks/signing-key',
      summary: 'The public key that verifies webhook deliveries (Standard Webhooks v1a, Ed25519)',
      tags: ['webhooks'],
      responses: { 200: { description: 'The key', schema: SIGNING_KEY } },
    },
    ({ c }) => c.json(signingKey),
  );

  routes.add<{ body: SubscribeInput }>(
    {
      operationId: 'createWebhookSubscription',
      method: 'POST',
      path: '/v1/webhooks/subscriptions',
      summary: 'Subscribe an endpoint to licence lifecycle events of some licence types (optionally of some issuers)',
      description: 'A department admin subscribes its own department; the department must issue or be entitled to read each type.',
      tags: ['webhooks'],
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['url', 'typeCodes'],
          properties: {
            department: USCC,
            url: { type: 'string', minLength: 1, maxLength: 2048 },
            typeCodes: { type: 'array', minItems: 1, maxItems: 100, items: TYPE_CODE },
            issuers: { type: 'array', maxItems: 100, items: USCC },
            description: { type: 'string', maxLength: 500 },
          },
        },
      },
      responses: { 201: { description: 'Subscribed', schema: SUBSCRIPTION }, 403: { description: 'Not your department or type' } },
    },
    async ({ c, caller, body }) => c.json(toJson(await webhooks.subscribe(caller, body)), 201),
  );

  routes.add<{ query: { department?: string } }>(
    {
      operationId: 'listWebhookSubscriptions',
      method: 'GET',
      path: '/v1/webhooks/subscriptions',
      summary: 'Webhook subscriptions (a department admin sees its own)',
      tags: ['webhooks'],
      query: { type: 'object', properties: { department: USCC } },
      responses: {
        200: { description: 'Subscriptions', schema: { type: 'object', properties: { items: { type: 'array', items: SUBSCRIPTION } } } },
      },
    },
    async ({ c, caller, query }) => {
      const items = await webhooks.list(caller, query.department === undefined ? {} : { department: query.department });
      return c.json({ items: items.map(toJson) });
    },
  );

  routes.add<{ params: { id: string } }>(
    {
      operationId: 'getWebhookSubscription',
      method: 'GET',
      path: '/v1/webhooks/subscriptions/{id}',
      summary: 'One webhook subscription with its endpoint health',
      tags: ['webhooks'],
      params: ID_PARAMS,
      responses: { 200: { description: 'The subscription', schema: SUBSCRIPTION }, 404: { description: 'Unknown' } },
    },
    async ({ c, caller, params }) => c.json(toJson(await webhooks.get(caller, params.id))),
  );

  routes.add<{ params: { id: string }; query: { status?: DeliveryStatus; limit?: number } }>(
    {
      operationId: 'listWebhookDeliveries',
      method: 'GET',
      path: '/v1/webhooks/subscriptions/{id}/deliveries',
      summary: 'The delivery log of an endpoint, newest first, each delivery with its last attempts',
      tags: ['webhooks'],
      params: ID_PARAMS,
      query: {
        type: 'object',
        properties: { status: { type: 'string', enum: [...DELIVERY_STATUSES] }, limit: { type: 'integer', minimum: 1, maximum: 500 } },
      },
      responses: {
        200: {
          description: 'Deliveries with their last attempts',
          schema: { type: 'object', properties: { items: { type: 'array', items: DELIVERY } } },
        },
        404: { description: 'Unknown subscription' },
      },
    },
    async ({ c, caller, params, query }) => {
      const items = await webhooks.deliveries(caller, params.id, query);
      return c.json({ items: items.map(deliveryJson) });
    },
  );

  routes.add<{ params: { id: string }; body: { deliveryIds?: string[] } }>(
    {
      operationId: 'redeliverWebhooks',
      method: 'POST',
      path: '/v1/webhooks/subscriptions/{id}/redeliver',
      summary: 'Send deliveries again: the named ones, or every failed one; re-enables a disabled endpoint',
      tags: ['webhooks'],
      params: ID_PARAMS,
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          properties: { deliveryIds: { type: 'array', minItems: 1, maxItems: 500, items: { type: 'string', format: 'uuid' } } },
        },
      },
      responses: {
        202: { description: 'Due again now', schema: { type: 'object', properties: { redelivered: { type: 'integer' } } } },
        404: { description: 'Unknown subscription' },
      },
    },
    async ({ c, caller, params, body }) => c.json(await webhooks.redeliver(caller, params.id, body.deliveryIds), 202),
  );
}

function deliveryJson(d: WebhookDelivery) {
  const iso = (date: Date | undefined) => date?.toISOString();
  return {
    id: d.id,
    eventId: d.eventId,
    eventType: d.eventType,
    status: d.status,
    attempts: d.attempts,
    nextAttemptAt: iso(d.nextAttemptAt),
    deliveredAt: iso(d.deliveredAt),
    createdAt: iso(d.createdAt),
    lastAttempts: d.lastAttempts.map((a) => ({ ...a, at: a.at.toISOString() })),
  };
}
