/**
 * @module http/routes/token-routes
 * `POST /v1/tokens`: a security admin mints an API token for automation.
 */
import type { CreateApiTokenInput, CreatedApiToken } from '../../core/tokens/create-api-token.js';
import type { Principal } from '../../core/auth/principal.js';
import { Roles } from '../../core/auth/roles.js';
import type { RouteRegistry } from '../route.js';

export interface TokenRouteDeps {
  createApiToken(caller: Principal, input: CreateApiTokenInput): Promise<CreatedApiToken>;
}

const CREATE_TOKEN_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['role'],
  properties: {
    role: { type: 'string', enum: [...Roles] },
    department: {
      type: 'string',
      description: '统一社会信用代码 of the department the token acts for',
      pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$',
    },
    ttl: { type: 'string', pattern: '^\\d{1,6}[smhd]$', examples: ['1h', '30d'], default: '30d' },
    label: { type: 'string', maxLength: 200 },
  },
} as const;

export function registerTokenRoutes(routes: RouteRegistry, deps: TokenRouteDeps): void {
  routes.add<{ body: CreateApiTokenInput }>(
    {
      operationId: 'createApiToken',
      method: 'POST',
      path: '/v1/tokens',
      summary: 'Mint an API token (shown once)',
      tags: ['access'],
      body: { 'application/json': CREATE_TOKEN_SCHEMA },
      responses: {
        201: {
          description: 'The token; only its digest is stored',
          schema: {
            type: 'object',
            required: ['token', 'id', 'role', 'expiresAt'],
            properties: {
              token: { type: 'string' },
              id: { type: 'string', format: 'uuid' },
              role: { type: 'string' },
              department: { type: 'string' },
              expiresAt: { type: 'string', format: 'date-time' },
            },
          },
        },
      },
    },
    async ({ c, caller, body }) => {
      const created = await deps.createApiToken(caller, body);
      c.header('Cache-Control', 'no-store');
      return c.json({ ...created, expiresAt: created.expiresAt.toISOString() }, 201);
    },
  );
}
