import { beforeAll, describe, expect, it } from 'vitest';
import { createPathValidator } from '../path/cached-path-validator.js';
import { createSealedJwsVerifier, type SealedJwsVerifier } from './sealed-jws.js';
import { signSealedJws } from './sealed-jws-signer.js';
import { failure, makeCa, makeCrl, makeLeaf, makePki, type Pki } from '../../../test/fixtures/pki.js';

const TYP = 'zz-license+jws';
const payload = { typeCode: '11100000000013338W011', number: 'JY14301250012345' };
const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

describe('sealed JWS verification', () => {
  let pki: Pki;
  let verifier: SealedJwsVerifier;
  let x5c: string[];

  beforeAll(async () => {
    pki = await makePki();
    verifier = createSealedJwsVerifier({
      validator: createPathValidator({ trustAnchors: [pki.root.certificate], crls: () => [pki.crl], requireRevocationCheck: true }),
    });
    x5c = [pki.seal.certificate, pki.issuing.certificate].map((c) => Buffer.from(c.rawData).toString('base64'));
  });

  const seal = (body: unknown = payload, header: Record<string, unknown> = {}) =>
    signSealedJws(body, { signer: pki.seal.signer, typ: TYP, x5c }).then((jws) => {
      if (Object.keys(header).length === 0) return jws;
      // Re-sign with a modified header to test header rules on an otherwise valid seal.
      const [, p] = jws.split('.');
      const h = b64({ alg: 'ES256', typ: TYP, x5c, ...header });
      return pki.seal.signer.sign(Buffer.from(`${h}.${p}`)).then((s) => `${h}.${p}.${Buffer.from(s).toString('base64url')}`);
    });

  const codeOf = async (jws: string, typ = TYP) => (await failure(verifier.verify(jws, { typ, at: new Date() }))).code;

  it('verifies a genuine seal and names the sealing department', async () => {
    const verified = await verifier.verify(await seal(), { typ: TYP, at: new Date() });
    expect(verified.payload).toEqual(payload);
    expect(verified.seal).toMatchObject({ uscc: '91350100M000100Y43', serial: pki.seal.certificate.serialNumber.toLowerCase() });
    expect(verified.digest).toMatch(/^[0-9a-f]{64}$/);
  });

  it('refuses altered content', async () => {
    const [h, , s] = (await seal()).split('.');
    expect(await codeOf(`${h}.${b64({ ...payload, number: 'JY99999999999999' })}.${s}`)).toBe('ERR_JWS_SIGNATURE_INVALID');
    expect(await codeOf(`${h}.${b64(payload)}.${'A'.repeat(86)}`)).toBe('ERR_JWS_SIGNATURE_INVALID');
  });

  it('pins algorithms: none, HS256 and an alg that does not fit the key are refused', async () => {
    const p = b64(payload);
    expect(await codeOf(`${b64({ alg: 'none', typ: TYP, x5c })}.${p}.x`)).toBe('ERR_JWS_ALGORITHM');
    expect(await codeOf(`${b64({ alg: 'HS256', typ: TYP, x5c })}.${p}.abc`)).toBe('ERR_JWS_ALGORITHM');
    expect(await codeOf(await seal(payload, { alg: 'ES384' }))).toBe('ERR_JWS_ALGORITHM');
  });

  it('never trusts keys named by the sender', async () => {
    for (const header of [{ jku: 'https://evil/jwks' }, { x5u: 'https://evil/cert' }, { jwk: { kty: 'EC' } }, { crit: ['b64'] }]) {
      expect(await codeOf(await seal(payload, header))).toBe('ERR_JWS_HEADER_FORBIDDEN');
    }
    expect(await codeOf(await seal(payload, { x5c: [] }))).toBe('ERR_JWS_X5C_MISSING');
  });

  it('checks typ, shape and payload', async () => {
    expect(await codeOf(await seal(), 'zz-document+jws')).toBe('ERR_JWS_TYPE');
    expect(await codeOf('not-a-jws')).toBe('ERR_JWS_MALFORMED');
    expect(await codeOf('a.b')).toBe('ERR_JWS_MALFORMED');
    expect(await codeOf(`${b64([1])}.e30.sig`)).toBe('ERR_JWS_MALFORMED');
    expect(await codeOf(await seal([1, 2]))).toBe('ERR_JWS_PAYLOAD_INVALID');
  });

  /** A genuine seal over payload bytes given as they are, not as JSON.stringify would write them. */
  const sealRaw = async (payloadBytes: string | Uint8Array, header: Record<string, unknown> = { alg: 'ES256', typ: TYP, x5c }) => {
    const h = Buffer.from(JSON.stringify(header)).toString('base64url');
    const p = Buffer.from(payloadBytes).toString('base64url');
    const signature = await pki.seal.signer.sign(Buffer.from(`${h}.${p}`));
    return `${h}.${p}.${Buffer.from(signature).toString('base64url')}`;
  };

  it('refuses a sealed payload or header naming a member twice: the same bytes must not mean two things', async () => {
    const twice = '{"typeCode":"11100000000013338W011","issuer":{"uscc":"A"},"number":"JY1","issuer":{"uscc":"B"}}';
    const refused = (await failure(verifier.verify(await sealRaw(twice), { typ: TYP, at: new Date() }))) as {
      code: string;
      errors?: unknown;
    };
    expect(refused.code).toBe('ERR_JWS_DUPLICATE_MEMBER');
    expect(refused.errors).toEqual([{ pointer: '/issuer', detail: expect.stringContaining('issuer') }]);
    expect(await codeOf(await sealRaw('{"holder":{"id":"1","\\u0069d":"2"}}'))).toBe('ERR_JWS_DUPLICATE_MEMBER');
    const header = `{"alg":"ES256","typ":"${TYP}","x5c":${JSON.stringify(x5c)},"typ":"zz-document+jws"}`;
    const h = Buffer.from(header).toString('base64url');
    expect(await codeOf(`${h}.${b64(payload)}.sig`)).toBe('ERR_JWS_DUPLICATE_MEMBER');
  });

  it('refuses NUL, lone surrogates and bytes that are not UTF-8 in a sealed payload', async () => {
    expect(await codeOf(await sealRaw('{"number":"JY1\\u0000"}'))).toBe('ERR_JWS_PAYLOAD_INVALID');
    expect(await codeOf(await sealRaw('{"number":"JY1\\ud800"}'))).toBe('ERR_JWS_PAYLOAD_INVALID');
    expect(await codeOf(await sealRaw(new Uint8Array([0x7b, 0x22, 0x61, 0x22, 0x3a, 0x22, 0xff, 0x22, 0x7d])))).toBe(
      'ERR_JWS_PAYLOAD_INVALID',
    );
  });

  it('validates the seal path: foreign CA, system certificate, revoked seal', async () => {
    const foreignRoot = await makeCa({ name: 'Foreign Root' });
    const foreign = await makeLeaf({ issuer: foreignRoot, profile: 'seal' });
    const foreignJws = await signSealedJws(payload, {
      signer: foreign.signer,
      typ: TYP,
      x5c: [foreign.certificate, foreignRoot.certificate].map((c) => Buffer.from(c.rawData).toString('base64')),
    });
    expect(await codeOf(foreignJws)).toBe('ERR_CERT_UNTRUSTED_ROOT');

    const systemJws = await signSealedJws(payload, {
      signer: pki.system.signer,
      typ: TYP,
      x5c: [pki.system.certificate, pki.issuing.certificate].map((c) => Buffer.from(c.rawData).toString('base64')),
    });
    expect(await codeOf(systemJws)).toMatch(/^ERR_CERT_(KEY_USAGE|EXTENDED_KEY_USAGE)$/);

    const revokedCrl = await makeCrl(pki.issuing, [
      { serial: pki.seal.certificate.serialNumber.toLowerCase(), revokedAt: new Date(), reason: 'keyCompromise' },
    ]);
    const strict = createSealedJwsVerifier({
      validator: createPathValidator({ trustAnchors: [pki.root.certificate], crls: () => [revokedCrl], requireRevocationCheck: true }),
    });
    expect((await failure(strict.verify(await seal(), { typ: TYP, at: new Date() }))).code).toBe('ERR_CERT_REVOKED');
    // Integrity alone can still be reported for a revoked seal.
    expect((await strict.verify(await seal(), { typ: TYP, at: new Date(), checkPath: false })).payload).toEqual(payload);
  });
});
