/**
 * @module http/routes/auth-routes
 * `POST /v1/auth/token`: the OAuth 2.0 token endpoint for department systems — client_credentials
 * with an RFC 7523 JWT client assertion signed by the system certificate (`x5c`). Public in the
 * authorisation table because the assertion in the body is the credential.
 *
 * Errors stay problem+json with their own codes, and carry the RFC 6749 §5.2 `error` member too,
 * so off-the-shelf OAuth clients understand them. Answers, errors included, are never cached.
 */
import { HubError, type HubErrorOptions } from '../../core/errors.js';
import type { IssuedAccessToken } from '../../core/ports/access-token-issuer.js';
import { CLIENT_CREDENTIALS, JWT_BEARER_ASSERTION, type SystemTokenRequest } from '../../core/auth/issue-system-token.js';
import { STATUS_BY_CODE } from '../problem.js';
import type { RouteRegistry } from '../route.js';

export interface AuthRouteDeps {
  issueSystemToken(request: SystemTokenRequest): Promise<IssuedAccessToken>;
}

/** Values are checked by the use case, not here, so each mistake gets its own OAuth error. */
const TOKEN_REQUEST_SCHEMA = {
  type: 'object',
  properties: {
    grant_type: { type: 'string', examples: [CLIENT_CREDENTIALS] },
    client_assertion_type: { type: 'string', examples: [JWT_BEARER_ASSERTION] },
    client_assertion: {
      type: 'string',
      description:
        'Compact JWS (≤ 64 KiB) signed with the system certificate’s key; header `alg` ∈ ES256, ES384, EdDSA, PS256, RS256 (RSA ≥ 2048), `x5c` = system certificate first; claims `iss` = `sub` = the department’s credit code, `aud` = this endpoint’s URL, `exp` ≤ 5 min ahead, unique `jti`',
    },
    client_id: { type: 'string', description: 'Optional; if sent, the department’s credit code' },
  },
} as const;

const TOKEN_RESPONSE_SCHEMA = {
  type: 'object',
  required: ['access_token', 'token_type', 'expires_in'],
  properties: {
    access_token: { type: 'string', description: 'RFC 9068 JWT (`typ: at+jwt`); send as `Authorization: Bearer …`' },
    token_type: { type: 'string', enum: ['Bearer'] },
    expires_in: { type: 'integer', examples: [900] },
  },
} as const;

export function registerAuthRoutes(routes: RouteRegistry, deps: AuthRouteDeps): void {
  routes.add<{ body: SystemTokenRequest }>(
    {
      operationId: 'issueAccessToken',
      method: 'POST',
      path: '/v1/auth/token',
      summary: 'Access token for a department system (RFC 7523 client assertion, client_credentials)',
      tags: ['access'],
      body: { 'application/x-www-form-urlencoded': TOKEN_REQUEST_SCHEMA },
      responses: {
        200: { description: 'The access token', schema: TOKEN_RESPONSE_SCHEMA },
        400: { description: 'Malformed token request (OAuth invalid_request, unsupported_grant_type)' },
        401: { description: 'Client assertion refused (OAuth invalid_client), with a code per rule' },
      },
    },
    async ({ c, body }) => {
      c.header('Cache-Control', 'no-store');
      c.header('Pragma', 'no-cache');
      let issued: IssuedAccessToken;
      try {
        issued = await deps.issueSystemToken(body);
      } catch (error) {
        throw withOAuthError(error);
      }
      return c.json({ access_token: issued.token, token_type: 'Bearer', expires_in: issued.expiresIn }, 200);
    },
  );
}

/** RFC 6749 §5.2 / RFC 7523 §3.2 error names; server-side failures keep their plain problem. */
function oauthErrorFor(error: HubError): string | undefined {
  if (error.code === 'ERR_TOKEN_REQUEST_INVALID') return 'invalid_request';
  if (error.code === 'ERR_GRANT_TYPE_UNSUPPORTED') return 'unsupported_grant_type';
  const status = STATUS_BY_CODE[error.code] ?? 500;
  return status >= 400 && status < 500 ? 'invalid_client' : undefined;
}

/** The same error (class, code, detail, status) with the OAuth `error` member added to its problem. */
function withOAuthError(error: unknown): unknown {
  if (!(error instanceof HubError)) return error;
  const oauthError = oauthErrorFor(error);
  if (oauthError === undefined) return error;
  const SameError = error.constructor as new (detail: string, options: HubErrorOptions) => HubError;
  return new SameError(error.detail, {
    cause: error,
    ...(error.errors ? { errors: error.errors } : {}),
    extra: { ...error.extra, error: oauthError },
  });
}
