/**
 * @module pki/auth/client-assertion-claims
 * The claim rules of RFC 7523 §3 for client authentication, applied only after the signature has
 * been verified with the certificate's key: `iss` = `sub` = the department in that certificate,
 * `aud` the token endpoint, a short `exp` (bounded so the replay store can remember every `jti`
 * for as long as its assertion lives), `nbf`/`iat` not in the future, and a usable `jti`.
 */
import {
  AssertionAudienceInvalidError,
  AssertionClaimsInvalidError,
  AssertionExpiredError,
  AssertionExpiryMissingError,
  AssertionExpiryTooFarError,
  AssertionIssuerMismatchError,
  AssertionJtiInvalidError,
  AssertionJtiMissingError,
  AssertionNotYetValidError,
  AssertionSubjectMismatchError,
} from '../../core/auth/auth-errors.js';

export const MAX_JTI_LENGTH = 256;

export interface AssertionClaimRules {
  /** The credit code in the verified certificate's subject. */
  department: string;
  /** The token endpoint URL, the one accepted audience. */
  audience: string;
  now: Date;
  clockSkewSeconds: number;
  maxLifetimeSeconds: number;
}

export interface AcceptedClaims {
  jti: string;
  /** `exp` plus the clock skew: the last instant these claims are acceptable. */
  acceptedUntil: Date;
}

export function checkAssertionClaims(payload: Uint8Array, rules: AssertionClaimRules): AcceptedClaims {
  const claims = decodeClaims(payload);
  if (claims.iss !== rules.department) {
    throw new AssertionIssuerMismatchError('iss 须为签名证书所属部门的统一社会信用代码');
  }
  if (claims.sub !== claims.iss) throw new AssertionSubjectMismatchError('sub 须与 iss 相同');
  if (!hasAudience(claims.aud, rules.audience)) {
    throw new AssertionAudienceInvalidError('aud 须为本中心的令牌端点地址', { extra: { expected: rules.audience } });
  }
  const now = rules.now.getTime() / 1000;
  const skew = rules.clockSkewSeconds;
  if (claims.exp === undefined) throw new AssertionExpiryMissingError('客户端断言须有 exp');
  const exp = numericDate(claims, 'exp');
  if (exp <= now - skew) throw new AssertionExpiredError('客户端断言已过期');
  if (exp > now + rules.maxLifetimeSeconds + skew) {
    throw new AssertionExpiryTooFarError(`exp 至多为当前时间后 ${rules.maxLifetimeSeconds} 秒`, {
      extra: { maxLifetimeSeconds: rules.maxLifetimeSeconds },
    });
  }
  for (const claim of ['nbf', 'iat'] as const) {
    if (claims[claim] !== undefined && numericDate(claims, claim) > now + skew) {
      throw new AssertionNotYetValidError(`${claim} 晚于当前时间`, { extra: { claim } });
    }
  }
  return { jti: checkJti(claims.jti), acceptedUntil: new Date((exp + skew) * 1000) };
}

function decodeClaims(payload: Uint8Array): Record<string, unknown> {
  let claims: unknown;
  try {
    claims = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(payload));
  } catch {
    throw new AssertionClaimsInvalidError('客户端断言的载荷不是 JSON');
  }
  if (typeof claims !== 'object' || claims === null || Array.isArray(claims)) {
    throw new AssertionClaimsInvalidError('客户端断言的载荷须为 JSON 对象');
  }
  return claims as Record<string, unknown>;
}

function hasAudience(aud: unknown, expected: string): boolean {
  if (typeof aud === 'string') return aud === expected;
  return Array.isArray(aud) && aud.every((a) => typeof a === 'string') && aud.includes(expected);
}

function numericDate(claims: Record<string, unknown>, claim: 'exp' | 'nbf' | 'iat'): number {
  const value = claims[claim];
  if (typeof value !== 'number' || !Number.isFinite(value)) {
    throw new AssertionClaimsInvalidError(`${claim} 须为数字（NumericDate，秒）`, { extra: { claim } });
  }
  return value;
}

function checkJti(jti: unknown): string {
  if (jti === undefined || jti === '') throw new AssertionJtiMissingError('客户端断言须有 jti，且每次不同');
  // Control characters and lone surrogates cannot be stored faithfully (PostgreSQL text has no NUL).
  if (typeof jti !== 'string' || jti.length > MAX_JTI_LENGTH || /[\u0000-\u001f\u007f]|\p{Cs}/u.test(jti)) {
    throw new AssertionJtiInvalidError(`jti 须为不超过 ${MAX_JTI_LENGTH} 个字符、不含控制字符的字符串`);
  }
  return jti;
}
