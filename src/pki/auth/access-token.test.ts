import { beforeAll, describe, expect, it } from 'vitest';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { accessTokenKeyId, createAccessTokenService, type AccessTokenService } from './access-token.js';
import { encodeJson } from '../../../test/fixtures/client-assertions.js';
import { FileSigner } from '../keys/file-signer.js';
import { failure, FIXTURE_USCC } from '../../../test/fixtures/pki.js';

const HUB = 'https://hub.test';
const SERIAL = '4a1b2c3d4e5f60718293a4b5c6d7e8f9';
const grant = { department: FIXTURE_USCC, certificateSerial: SERIAL };

let signer: FileSigner;
let kid: string;
let service: AccessTokenService;
let now: Date;

beforeAll(async () => {
  signer = FileSigner.generate('ES256');
  kid = await accessTokenKeyId(signer.publicKeySpki);
  now = new Date();
  service = createAccessTokenService({ signer, kid, issuer: HUB, clock: () => now });
});

async function code(token: string, using: AccessTokenService = service): Promise<string> {
  return (await failure(using.verify(token))).code;
}

/** Re-signs a token's parts with the hub key, so only the changed part is wrong. */
async function resign(header: Record<string, unknown>, claims: Record<string, unknown>, key = signer): Promise<string> {
  const input = `${encodeJson(header)}.${encodeJson(claims)}`;
  return `${input}.${Buffer.from(await key.sign(new TextEncoder().encode(input))).toString('base64url')}`;
}

describe('hub access tokens (RFC 9068)', () => {
  it('issues an at+jwt with the RFC 9068 claims and the certificate serial, and verifies it', async () => {
    const issued = await service.issue(grant);
    expect(issued.expiresIn).toBe(900);
    expect(decodeProtectedHeader(issued.token)).toEqual({ alg: 'ES256', typ: 'at+jwt', kid });
    expect(kid).toMatch(/^[A-Za-z0-9_-]{43}$/); // RFC 7638 SHA-256 thumbprint
    const claims = decodeJwt(issued.token);
    const iat = Math.floor(now.getTime() / 1000);
    expect(claims).toEqual({
      iss: HUB,
      sub: FIXTURE_USCC,
      aud: HUB,
      client_id: FIXTURE_USCC,
      iat,
      exp: iat + 900,
      jti: expect.stringMatching(/^[0-9a-f-]{36}$/),
      zz_cert_serial: SERIAL,
    });
    expect(await service.verify(issued.token)).toEqual({ ...grant, expiresAt: new Date((iat + 900) * 1000) });
  });

  it('refuses an expired token with its own code', async () => {
    const token = (await service.issue(grant)).token;
    const later = createAccessTokenService({ signer, kid, issuer: HUB, clock: () => new Date(now.getTime() + 901_000) });
    expect(await code(token, later)).toBe('ERR_ACCESS_TOKEN_EXPIRED');
  });

  it('keeps accepting tokens of a previous key during a rotation, and only those keys', async () => {
    const old = (await service.issue(grant)).token;
    const next = FileSigner.generate('ES256');
    const rotated = createAccessTokenService({
      signer: next,
      kid: await accessTokenKeyId(next.publicKeySpki),
      previousKeys: [{ kid, algorithm: 'ES256', publicKeySpki: signer.publicKeySpki }],
      issuer: HUB,
    });
    await expect(rotated.verify(old)).resolves.toMatchObject(grant);
    await expect(service.verify((await rotated.issue(grant)).token)).rejects.toMatchObject({ code: 'ERR_ACCESS_TOKEN_INVALID' });
  });

  it('refuses tokens signed by anyone else, another alg, typ, iss or aud, or with claims missing', async () => {
    const token = (await service.issue(grant)).token;
    const header = decodeProtectedHeader(token) as Record<string, unknown>;
    const claims = decodeJwt(token) as Record<string, unknown>;
    const stranger = FileSigner.generate('ES256');
    const cases: [string, Promise<string>][] = [
      ['foreign key, our kid', resign(header, claims, stranger)],
      ['unknown kid', resign({ ...header, kid: 'other' }, claims)],
      ['no kid', resign({ alg: 'ES256', typ: 'at+jwt' }, claims)],
      ['alg none', Promise.resolve(`${encodeJson({ ...header, alg: 'none' })}.${encodeJson(claims)}.`)],
      ['typ JWT', resign({ ...header, typ: 'JWT' }, claims)],
      ['foreign iss', resign(header, { ...claims, iss: 'https://evil.test' })],
      ['foreign aud', resign(header, { ...claims, aud: 'https://evil.test' })],
      ['client_id ≠ sub', resign(header, { ...claims, client_id: 'x' })],
      ['no serial', resign(header, { ...claims, zz_cert_serial: undefined })],
      ['bad serial', resign(header, { ...claims, zz_cert_serial: 'ZZ' })],
      ['sub not a credit code', resign(header, { ...claims, sub: 'admin', client_id: 'admin' })],
      ['tampered payload', Promise.resolve(token.replace(/\.[^.]+\./, `.${encodeJson({ ...claims, sub: '11431322006123456X' })}.`))],
      ['garbage', Promise.resolve('a.b.c')],
      ['too long', Promise.resolve(`${token}${'A'.repeat(9000)}`)],
    ];
    for (const [name, forged] of cases) {
      expect([name, await code(await forged)]).toEqual([name, 'ERR_ACCESS_TOKEN_INVALID']);
    }
  });
});
