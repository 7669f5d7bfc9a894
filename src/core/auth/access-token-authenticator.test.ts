import { describe, expect, it, vi } from 'vitest';
import { AccessTokenInvalidError } from './auth-errors.js';
import { createAccessTokenAuthenticator, looksLikeAccessToken } from './access-token-authenticator.js';
import type { VerifiedAccessToken } from '../ports/access-token-verifier.js';

const USCC = '91350100M000100Y43';
const TOKEN = 'eyJhbGciOiJFUzI1NiJ9.eyJzdWIiOiJ4In0.c2ln';

function setup() {
  let now = new Date('2030-01-01T00:00:00Z');
  const verified: VerifiedAccessToken = { department: USCC, certificateSerial: 'ab12', expiresAt: new Date(now.getTime() + 900_000) };
  const verify = vi.fn(async (token: string) => {
    if (token !== TOKEN) throw new AccessTokenInvalidError('no');
    return verified;
  });
  const revoked = new Set<string>();
  const authenticator = createAccessTokenAuthenticator({
    tokens: { verify },
    isRevoked: (serial) => revoked.has(serial),
    now: () => now,
  });
  return { authenticator, verify, revoked, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('access token authenticator', () => {
  it('takes JWT-shaped credentials only, leaving API tokens to their own authenticator', () => {
    expect(looksLikeAccessToken(TOKEN)).toBe(true);
    expect(looksLikeAccessToken(`zz_${'a'.repeat(43)}`)).toBe(false);
    expect(looksLikeAccessToken('a.b')).toBe(false);
    expect(looksLikeAccessToken(`${TOKEN}${'a'.repeat(9000)}`)).toBe(false);
  });

  it('authenticates a department system and verifies each token once', async () => {
    const { authenticator, verify } = setup();
    const principal = { actor: `system:${USCC}`, role: 'system', department: USCC };
    expect(await authenticator.authenticate(TOKEN)).toEqual(principal);
    expect(await authenticator.authenticate(TOKEN)).toEqual(principal);
    expect(verify).toHaveBeenCalledTimes(1);
    await expect(authenticator.authenticate('eyJ.eyJ.forged')).rejects.toMatchObject({ code: 'ERR_ACCESS_TOKEN_INVALID' });
  });

  it('refuses a cached token once it expires', async () => {
    const { authenticator, advance } = setup();
    await authenticator.authenticate(TOKEN);
    advance(900_000);
    await expect(authenticator.authenticate(TOKEN)).rejects.toMatchObject({ code: 'ERR_ACCESS_TOKEN_EXPIRED' });
  });

  it('refuses a cached token as soon as its certificate is revoked', async () => {
    const { authenticator, revoked } = setup();
    await authenticator.authenticate(TOKEN);
    revoked.add('ab12');
    await expect(authenticator.authenticate(TOKEN)).rejects.toMatchObject({ code: 'ERR_ACCESS_TOKEN_REVOKED', extra: { serial: 'ab12' } });
  });
});
