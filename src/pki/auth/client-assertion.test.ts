import { generateKeyPairSync, randomUUID } from 'node:crypto';
import { beforeAll, describe, expect, it } from 'vitest';
import { usccCheckChar } from '../../core/identifiers/uscc.js';
import { createClientAssertionVerifier } from './client-assertion.js';
import {
  assertionClaims,
  encodeJson,
  hmacAssertion,
  makeSystemClient,
  signAssertion,
  unsignedAssertion,
  type ClientKeyKind,
  type SystemClient,
} from '../../../test/fixtures/client-assertions.js';
import { createPathValidator } from '../path/cached-path-validator.js';
import { failure, makeCrl, makePki, type Pki } from '../../../test/fixtures/pki.js';
import * as x509 from '../x509.js';

const ENDPOINT = 'https://hub.test/v1/auth/token';
const OTHER_USCC = `11431322006123456${usccCheckChar('11431322006123456')}`;

let pki: Pki;
let client: SystemClient;
let verifier: ReturnType<typeof createClientAssertionVerifier>;

function verifierFor(crls: () => x509.X509Crl[]) {
  const validator = createPathValidator({ trustAnchors: [pki.root.certificate], crls, requireRevocationCheck: true });
  return createClientAssertionVerifier({ validator, tokenEndpoint: ENDPOINT });
}

function claims(overrides: Record<string, unknown> = {}, who = client) {
  return assertionClaims(who, ENDPOINT, overrides);
}

async function code(assertion: string, using = verifier): Promise<string> {
  return (await failure(using.verify(assertion))).code;
}

const now = () => Math.floor(Date.now() / 1000);

beforeAll(async () => {
  pki = await makePki();
  client = await makeSystemClient({ issuer: pki.issuing });
  verifier = verifierFor(() => [pki.crl]);
});

describe('client assertion: accepted', () => {
  it.each<[string, ClientKeyKind]>([
    ['ES256', 'P-256'],
    ['ES384', 'P-384'],
    ['EdDSA', 'Ed25519'],
    ['PS256', 'RSA-2048'],
    ['RS256', 'RSA-2048'],
  ])('%s with a %s system certificate', async (alg, key) => {
    const system = await makeSystemClient({ issuer: pki.issuing, key });
    const jti = randomUUID();
    const exp = now() + 120;
    const verified = await verifier.verify(signAssertion(system, { alg, claims: claims({ jti, exp }, system) }));
    expect(verified).toEqual({
      department: system.uscc,
      jti,
      acceptedUntil: new Date((exp + 60) * 1000),
      certificateSerial: system.certificate.serialNumber.toLowerCase(),
    });
  });

  it('ignores kid, accepts typ application/jwt or none, an aud array, and an x5c without the root', async () => {
    const header = { kid: '../../../etc/passwd', typ: 'application/JWT', x5c: client.x5c.slice(0, 2) };
    await expect(verifier.verify(signAssertion(client, { header, claims: claims({ aud: ['x', ENDPOINT] }) }))).resolves.toBeDefined();
    await expect(verifier.verify(signAssertion(client, { header: { typ: undefined }, claims: claims() }))).resolves.toBeDefined();
  });

  it('allows 60 s of clock skew on exp, nbf and iat', async () => {
    const skewed = claims({ exp: now() - 30, nbf: now() + 30, iat: now() + 30 });
    await expect(verifier.verify(signAssertion(client, { claims: skewed }))).resolves.toBeDefined();
    await expect(verifier.verify(signAssertion(client, { claims: claims({ exp: now() + 330 }) }))).resolves.toBeDefined();
  });
});

describe('client assertion: hostile corpus, each refused with its own code', () => {
  it('alg none in any spelling', async () => {
    for (const alg of ['none', 'NONE', 'None']) {
      expect(await code(unsignedAssertion({ alg, x5c: client.x5c }, claims()))).toBe('ERR_ASSERTION_ALG_NONE');
    }
  });

  it('symmetric, missing and unlisted algorithms, before any key is looked at', async () => {
    for (const alg of ['HS256', 'HS512', 'ES512', 'RS384', 'PS512', 'Ed25519', 'es256', 7, undefined]) {
      expect(await code(unsignedAssertion({ alg, x5c: client.x5c }, claims()))).toBe('ERR_ASSERTION_ALG_UNSUPPORTED');
    }
  });

  it('HS256 keyed with the certificate, as DER or PEM', async () => {
    expect(await code(hmacAssertion(client, claims(), 'der'))).toBe('ERR_ASSERTION_ALG_UNSUPPORTED');
    expect(await code(hmacAssertion(client, claims(), 'pem'))).toBe('ERR_ASSERTION_ALG_UNSUPPORTED');
  });

  it('empty signature', async () => {
    const signed = signAssertion(client, { claims: claims() });
    expect(await code(signed.slice(0, signed.lastIndexOf('.') + 1))).toBe('ERR_ASSERTION_SIGNATURE_MISSING');
  });

  it('zero-filled signature', async () => {
    const zeros = Buffer.alloc(64).toString('base64url');
    expect(await code(unsignedAssertion({ alg: 'ES256', x5c: client.x5c }, claims(), zeros))).toBe('ERR_ASSERTION_SIGNATURE_INVALID');
  });

  it('a valid x5c but signed with another key', async () => {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    expect(await code(signAssertion(client, { claims: claims(), key: privateKey }))).toBe('ERR_ASSERTION_SIGNATURE_INVALID');
  });

  it('an embedded jwk, even one that matches the signing key', async () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    const jwk = publicKey.export({ format: 'jwk' });
    expect(await code(signAssertion(client, { header: { jwk }, claims: claims(), key: privateKey }))).toBe('ERR_ASSERTION_JWK_FORBIDDEN');
  });

  it('jku and x5u', async () => {
    expect(await code(signAssertion(client, { header: { jku: 'https://evil.test/jwks' }, claims: claims() }))).toBe(
      'ERR_ASSERTION_JKU_FORBIDDEN',
    );
    expect(await code(signAssertion(client, { header: { x5u: 'https://evil.test/cert' }, claims: claims() }))).toBe(
      'ERR_ASSERTION_X5U_FORBIDDEN',
    );
  });

  it('unknown crit, and crit b64 that would change what is signed', async () => {
    expect(await code(signAssertion(client, { header: { crit: ['zz-ext'], 'zz-ext': 1 }, claims: claims() }))).toBe(
      'ERR_ASSERTION_CRIT_UNSUPPORTED',
    );
    expect(await code(signAssertion(client, { header: { crit: ['b64'], b64: false }, claims: claims() }))).toBe(
      'ERR_ASSERTION_CRIT_UNSUPPORTED',
    );
  });

  it('a typ other than JWT', async () => {
    expect(await code(signAssertion(client, { header: { typ: 'at+jwt' }, claims: claims() }))).toBe('ERR_ASSERTION_TYP_INVALID');
  });

  it('a self-signed x5c', async () => {
    const selfSigned = await makeSystemClient();
    expect(await code(signAssertion(selfSigned, { claims: claims({}, selfSigned) }))).toBe('ERR_CERT_UNTRUSTED_ROOT');
  });

  it('a foreign x5c chaining to another CA', async () => {
    const foreign = await makePki();
    const stranger = await makeSystemClient({ issuer: foreign.issuing });
    expect(await code(signAssertion(stranger, { claims: claims({}, stranger) }))).toBe('ERR_CERT_UNTRUSTED_ROOT');
    const leafOnly = signAssertion(stranger, { header: { x5c: stranger.x5c.slice(0, 1) }, claims: claims({}, stranger) });
    expect(await code(leafOnly)).toBe('ERR_CERT_ISSUER_NOT_FOUND');
  });

  it('a seal certificate used for client authentication', async () => {
    const seal = await makeSystemClient({ issuer: pki.issuing, profile: 'seal' });
    expect(await code(signAssertion(seal, { claims: claims({}, seal) }))).toBe('ERR_CERT_EXTENDED_KEY_USAGE');
  });

  it('a revoked certificate', async () => {
    const revoked = await makeSystemClient({ issuer: pki.issuing });
    const crl = await makeCrl(pki.issuing, [
      { serial: revoked.certificate.serialNumber.toLowerCase(), revokedAt: new Date(), reason: 'keyCompromise' },
    ]);
    expect(
      await code(
        signAssertion(revoked, { claims: claims({}, revoked) }),
        verifierFor(() => [crl]),
      ),
    ).toBe('ERR_CERT_REVOKED');
  });

  it('a certificate whose subject names no department', async () => {
    const anonymous = await makeSystemClient({ issuer: pki.issuing, subject: new x509.Name([{ CN: ['some system'] }]) });
    expect(await code(signAssertion(anonymous, { claims: claims() }))).toBe('ERR_ASSERTION_CERTIFICATE_SUBJECT');
  });

  it('an algorithm that does not fit the certificate key, and RSA below 2048 bits', async () => {
    const rsa = await makeSystemClient({ issuer: pki.issuing, key: 'RSA-2048' });
    expect(await code(signAssertion(client, { alg: 'ES384', claims: claims() }))).toBe('ERR_ASSERTION_ALG_KEY_MISMATCH');
    expect(await code(signAssertion(client, { alg: 'EdDSA', claims: claims() }))).toBe('ERR_ASSERTION_ALG_KEY_MISMATCH');
    expect(await code(signAssertion(rsa, { alg: 'ES256', claims: claims({}, rsa) }))).toBe('ERR_ASSERTION_ALG_KEY_MISMATCH');
    const weak = await makeSystemClient({ issuer: pki.issuing, key: 'RSA-1024' });
    for (const alg of ['RS256', 'PS256']) {
      expect(await code(signAssertion(weak, { alg, claims: claims({}, weak) }))).toBe('ERR_ASSERTION_WEAK_KEY');
    }
  });

  it('iss of another department, and sub other than iss', async () => {
    const other = OTHER_USCC;
    expect(await code(signAssertion(client, { claims: claims({ iss: other, sub: other }) }))).toBe('ERR_ASSERTION_ISSUER_MISMATCH');
    expect(await code(signAssertion(client, { claims: claims({ iss: undefined }) }))).toBe('ERR_ASSERTION_ISSUER_MISMATCH');
    expect(await code(signAssertion(client, { claims: claims({ sub: other }) }))).toBe('ERR_ASSERTION_SUBJECT_MISMATCH');
  });

  it('wrong or missing aud', async () => {
    for (const aud of ['https://hub.test/v1/auth/token/', 'https://hub.test', ['https://other.test'], undefined, 1]) {
      expect(await code(signAssertion(client, { claims: claims({ aud }) }))).toBe('ERR_ASSERTION_AUDIENCE_INVALID');
    }
  });

  it('expired, far-future and missing exp', async () => {
    expect(await code(signAssertion(client, { claims: claims({ exp: now() - 61 }) }))).toBe('ERR_ASSERTION_EXPIRED');
    expect(await code(signAssertion(client, { claims: claims({ exp: now() + 3600 }) }))).toBe('ERR_ASSERTION_EXPIRY_TOO_FAR');
    expect(await code(signAssertion(client, { claims: claims({ exp: undefined }) }))).toBe('ERR_ASSERTION_EXPIRY_MISSING');
    expect(await code(signAssertion(client, { claims: claims({ exp: String(now() + 60) }) }))).toBe('ERR_ASSERTION_CLAIMS_INVALID');
  });

  it('nbf or iat in the future', async () => {
    expect(await code(signAssertion(client, { claims: claims({ nbf: now() + 120 }) }))).toBe('ERR_ASSERTION_NOT_YET_VALID');
    expect(await code(signAssertion(client, { claims: claims({ iat: now() + 120 }) }))).toBe('ERR_ASSERTION_NOT_YET_VALID');
  });

  it('missing or unusable jti', async () => {
    expect(await code(signAssertion(client, { claims: claims({ jti: undefined }) }))).toBe('ERR_ASSERTION_JTI_MISSING');
    expect(await code(signAssertion(client, { claims: claims({ jti: '' }) }))).toBe('ERR_ASSERTION_JTI_MISSING');
    for (const jti of [42, 'x'.repeat(257), 'a\u0000b', '\ud800']) {
      expect(await code(signAssertion(client, { claims: claims({ jti }) }))).toBe('ERR_ASSERTION_JTI_INVALID');
    }
    await expect(verifier.verify(signAssertion(client, { claims: claims({ jti: 'x'.repeat(256) }) }))).resolves.toBeDefined();
  });

  it('missing or malformed x5c', async () => {
    expect(await code(signAssertion(client, { header: { x5c: undefined }, claims: claims() }))).toBe('ERR_ASSERTION_X5C_MISSING');
    for (const x5c of [
      client.x5c[0],
      [],
      [1],
      [client.x5c[0]?.replace(/\+/g, '-').replace(/\//g, '_') + '-'],
      Array(6).fill(client.x5c[0]),
    ]) {
      expect(await code(signAssertion(client, { header: { x5c }, claims: claims() }))).toBe('ERR_ASSERTION_X5C_INVALID');
    }
    expect(await code(signAssertion(client, { header: { x5c: ['AAAA'] }, claims: claims() }))).toBe('ERR_CERT_MALFORMED');
  });

  it('garbage: not a JWS, bad base64url, a JSON array or non-JSON header, a non-object payload', async () => {
    for (const garbage of ['not a jws', 'a.b', 'a.b.c.d', '..sig', `${encodeJson({ alg: 'ES256' })}..sig`]) {
      expect(await code(garbage)).toBe('ERR_ASSERTION_MALFORMED');
    }
    expect(await code('eyJ!.e30.c2ln')).toBe('ERR_ASSERTION_ENCODING');
    expect(await code('eyJhbGciOiJFUzI1NiJ9.e30=.c2ln')).toBe('ERR_ASSERTION_ENCODING');
    expect(await code('eyJhb.e30.c2ln')).toBe('ERR_ASSERTION_ENCODING');
    expect(await code(`${encodeJson(['alg', 'ES256'])}.e30.c2ln`)).toBe('ERR_ASSERTION_HEADER_INVALID');
    expect(await code(`${Buffer.from('{"alg":').toString('base64url')}.e30.c2ln`)).toBe('ERR_ASSERTION_HEADER_INVALID');
    expect(await code(`${encodeJson(null)}.e30.c2ln`)).toBe('ERR_ASSERTION_HEADER_INVALID');
    expect(await code(signAssertion(client, { claims: Buffer.from('not json').toString('base64url') }))).toBe(
      'ERR_ASSERTION_CLAIMS_INVALID',
    );
    expect(await code(signAssertion(client, { claims: encodeJson([claims()]) }))).toBe('ERR_ASSERTION_CLAIMS_INVALID');
  });

  it('an oversized header or assertion', async () => {
    const padded = signAssertion(client, { header: { pad: 'x'.repeat(8 * 1024) }, claims: claims() });
    expect(await code(padded)).toBe('ERR_ASSERTION_HEADER_TOO_LARGE');
    const huge = signAssertion(client, { claims: claims({ pad: 'x'.repeat(64 * 1024) }) });
    expect(await code(huge)).toBe('ERR_ASSERTION_TOO_LARGE');
  });
});
