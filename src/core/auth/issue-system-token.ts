/**
 * @module core/auth/issue-system-token
 * `POST /v1/auth/token`: a department system trades a client assertion signed with its system
 * certificate (RFC 7523 §2.2, client_credentials grant of RFC 6749 §4.4) for a hub access token.
 *
 * Reads top to bottom: request parameters → assertion (crypto, in pki) → client_id → department
 * active → `jti` never seen → token. The `jti` is recorded last, after every other check, so a
 * refused assertion does not use up its identifier, and before signing, so two instances racing
 * on one assertion cannot both answer with a token. The issued token is audited before it is answered.
 *
 * A refused assertion (bad signature, unknown or revoked certificate, replayed `jti`, deactivated
 * department …) is audited too, as `token.system.refused` with its code: someone tried to act as a
 * department. Nothing the caller wrote goes into the entry as free text — the department only once
 * the signature proved it, else the claimed `iss` only if it has the shape of a credit code; the
 * replayed `jti` only as a digest.
 */
import { createHash } from 'node:crypto';
import { AuditActions } from '../audit/audit-actions.js';
import { HubError } from '../errors.js';
import { validateUscc } from '../identifiers/uscc.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { AccessTokenIssuer, IssuedAccessToken } from '../ports/access-token-issuer.js';
import type { AssertionReplayStore } from '../ports/assertion-replay-store.js';
import type { ClientAssertionVerifier, VerifiedClientAssertion } from '../ports/client-assertion-verifier.js';
import { AssertionReplayedError, ClientIdMismatchError, GrantTypeUnsupportedError, TokenRequestInvalidError } from './auth-errors.js';

export const CLIENT_CREDENTIALS = 'client_credentials';
export const JWT_BEARER_ASSERTION = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';
/** A refused assertion longer than this is not looked into for its claimed issuer. */
const MAX_INSPECTED_CHARS = 16_384;

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
  let verified: VerifiedClientAssertion | undefined;
  try {
    verified = await deps.assertions.verify(assertion);
    return await exchange(deps, request, verified);
  } catch (error) {
    if (error instanceof HubError && !error.retriable) await auditRefusal(deps, assertion, verified, error);
    throw error;
  }
}

async function exchange(
  deps: IssueSystemTokenDeps,
  request: SystemTokenRequest,
  verified: VerifiedClientAssertion,
): Promise<IssuedAccessToken> {
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

async function auditRefusal(
  deps: IssueSystemTokenDeps,
  assertion: string,
  verified: VerifiedClientAssertion | undefined,
  error: HubError,
): Promise<void> {
  const claimed = verified ? undefined : claimedIssuer(assertion);
  await deps.audit.record({
    action: AuditActions.systemTokenRefused,
    actor: verified ? `system:${verified.department}` : 'anonymous',
    role: verified ? 'system' : 'anonymous',
    department: verified?.department,
    target: verified?.certificateSerial,
    result: error.code,
    requestId: undefined,
    at: deps.now(),
    details: {
      ...(claimed ? { claimedIssuer: claimed } : {}),
      ...(verified ? { jtiSha256: createHash('sha256').update(verified.jti, 'utf8').digest('hex') } : {}),
    },
  });
}

/** The unverified `iss` of a refused assertion, kept only when it is a well-formed credit code. */
function claimedIssuer(assertion: string): string | undefined {
  const payload = assertion.length <= MAX_INSPECTED_CHARS ? assertion.split('.')[1] : undefined;
  if (!payload) return undefined;
  try {
    const iss = (JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')) as { iss?: unknown }).iss;
    return typeof iss === 'string' && validateUscc(iss).ok ? iss : undefined;
  } catch {
    return undefined;
  }
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
