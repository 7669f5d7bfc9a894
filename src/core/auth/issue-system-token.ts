/**
 * @module core/auth/issue-system-token
 * `POST /v1/auth/token`: a department system trades a client assertion signed with its system
 * certificate (RFC 7523 §2.2, client_credentials grant of RFC 6749 §4.4) for a hub access token.
 *
 * Reads top to bottom: request parameters → assertion (crypto, in pki) → client_id → department
 * active → `jti` never seen → token. The `jti` is recorded last, after every other check, so a
 * refused assertion does not use up its identifier, and before signing, so two instances racing
 * on one assertion cannot both answer with a token. The issued token is audited before it is answered.
 */
import { AuditActions } from '../audit/audit-actions.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { AccessTokenIssuer, IssuedAccessToken } from '../ports/access-token-issuer.js';
import type { AssertionReplayStore } from '../ports/assertion-replay-store.js';
import type { ClientAssertionVerifier } from '../ports/client-assertion-verifier.js';
import { AssertionReplayedError, ClientIdMismatchError, GrantTypeUnsupportedError, TokenRequestInvalidError } from './auth-errors.js';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** The form parameters as sent (RFC 6749 names); anything else in the form is ignored. */
export interface SystemTokenRequest {
  grant_type?: string;
  client_assertion_type?: string;
  client_assertion?: string;
  client_id?: string;
}

export interface IssueSystemTokenDeps {
  assertions: ClientAssertionVerifier;
  replay: AssertionReplayStore;
  /** Throws unless the credit code names an active department (DepartmentService.assertActive). */
  assertActiveDepartment(uscc: string): Promise<unknown>;
  tokens: AccessTokenIssuer;
  audit: AuditWriter;
  now(): Date;
}

export async function issueSystemToken(deps: IssueSystemTokenDeps, request: SystemTokenRequest): Promise<IssuedAccessToken> {
  const assertion = readParameters(request);
  const verified = await deps.assertions.verify(assertion);
  if (request.client_id !== undefined && request.client_id !== verified.department) {
    throw new ClientIdMismatchError('client_id 与客户端断言的 iss 不一致');
  }
  await deps.assertActiveDepartment(verified.department);
  const first = await deps.replay.remember({ issuer: verified.department, jti: verified.jti, until: verified.acceptedUntil });
  if (!first) {
    throw new AssertionReplayedError('该客户端断言（jti）已使用过，每个断言只能换取一次令牌', {
      extra: { jti: verified.jti },
    });
  }
  const issued = await deps.tokens.issue({ department: verified.department, certificateSerial: verified.certificateSerial });
  await deps.audit.record({
    action: AuditActions.systemTokenIssue,
    actor: `system:${verified.department}`,
    role: 'system',
    department: verified.department,
    target: verified.certificateSerial,
    result: 'ok',
    requestId: undefined,
    at: deps.now(),
    details: { expiresAt: issued.expiresAt.toISOString() },
  });
  return issued;
}

function readParameters(request: SystemTokenRequest): string {
  if (request.grant_type === undefined || request.grant_type === '') {
    throw new TokenRequestInvalidError('缺少 grant_type 参数', { extra: { parameter: 'grant_type' } });
  }
  if (request.grant_type !== CLIENT_CREDENTIALS) {
    throw new GrantTypeUnsupportedError(`仅支持 grant_type=${CLIENT_CREDENTIALS}`, { extra: { parameter: 'grant_type' } });
  }
  if (request.client_assertion_type !== JWT_BEARER_ASSERTION) {
    throw new TokenRequestInvalidError(`client_assertion_type 须为 ${JWT_BEARER_ASSERTION}`, {
      extra: { parameter: 'client_assertion_type' },
    });
  }
  if (request.client_assertion === undefined || request.client_assertion === '') {
    throw new TokenRequestInvalidError('缺少 client_assertion 参数', { extra: { parameter: 'client_assertion' } });
  }
  return request.client_assertion;
}
