import { generateKeyPairSync, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { HubRefusalError, HubUnavailableError } from './errors.js';
import { CLIENT_ASSERTION_TYPE, createTokenSource } from './token-source.js';

const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const DEPARTMENT = '114313220061234566';

function fakeHub(answers: (() => Response)[]) {
  const requests: URLSearchParams[] = [];
  const fetch = (async (_url: string, init: RequestInit) => {
    requests.push(new URLSearchParams(init.body as URLSearchParams));
    await new Promise((r) => setTimeout(r, 5));
    return (answers.length > 1 ? answers.shift()! : answers[0]!)();
  }) as typeof globalThis.fetch;
  return { fetch, requests };
}

describe('access tokens (RFC 7523)', () => {
  it('sends a signed client assertion and reuses the token until shortly before expiry, one request at a time', async () => {
    let now = 1_800_000_000_000;
    const hub = fakeHub([
      () => Response.json({ access_token: 't1', expires_in: 900 }),
      () => Response.json({ access_token: 't2', expires_in: 900 }),
    ]);
    const tokens = createTokenSource({
      hub: 'https://hub.test',
      department: DEPARTMENT,
      system: { privateKey, algorithm: 'ES256', x5c: ['AAAA'] },
      fetch: hub.fetch,
      clock: () => now,
    });
    expect(await Promise.all([tokens.get(), tokens.get(), tokens.get()])).toEqual(['t1', 't1', 't1']);
    expect(hub.requests).toHaveLength(1);
    const form = hub.requests[0]!;
    expect(form.get('grant_type')).toBe('client_credentials');
    expect(form.get('client_assertion_type')).toBe(CLIENT_ASSERTION_TYPE);
    const [header, claims, signature] = form.get('client_assertion')!.split('.') as [string, string, string];
    expect(
      verify(
        'sha256',
        Buffer.from(`${header}.${claims}`),
        { key: publicKey, dsaEncoding: 'ieee-p1363' },
        Buffer.from(signature, 'base64url'),
      ),
    ).toBe(true);
    expect(JSON.parse(Buffer.from(header, 'base64url').toString())).toEqual({ alg: 'ES256', typ: 'JWT', x5c: ['AAAA'] });
    expect(JSON.parse(Buffer.from(claims, 'base64url').toString())).toMatchObject({
      iss: DEPARTMENT,
      sub: DEPARTMENT,
      aud: 'https://hub.test/v1/auth/token',
      exp: now / 1000 + 120,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
    });
    now += 830_000;
    expect(await tokens.get()).toBe('t1');
    now += 20_000;
    expect(await tokens.get()).toBe('t2');
    tokens.invalidate();
    await tokens.get();
    expect(hub.requests).toHaveLength(3);
  });

  it('turns a refusal into its problem code and a network failure into ERR_HUB_UNAVAILABLE', async () => {
    const refusing = fakeHub([
      () => new Response(JSON.stringify({ code: 'ERR_CERT_REVOKED', detail: 'certificate revoked', status: 401 }), { status: 401 }),
    ]);
    const tokens = createTokenSource({
      hub: 'https://hub.test',
      department: DEPARTMENT,
      system: { privateKey, algorithm: 'ES256', x5c: [] },
      fetch: refusing.fetch,
    });
    await expect(tokens.get()).rejects.toEqual(expect.objectContaining({ code: 'ERR_CERT_REVOKED', status: 401 }));
    await expect(tokens.get()).rejects.toBeInstanceOf(HubRefusalError);
    const down = createTokenSource({
      hub: 'https://hub.test',
      department: DEPARTMENT,
      system: { privateKey, algorithm: 'ES256', x5c: [] },
      fetch: (async () => Promise.reject(new Error('ECONNREFUSED'))) as typeof fetch,
    });
    await expect(down.get()).rejects.toBeInstanceOf(HubUnavailableError);
  });
});
