/**
 * What the SDK seals must pass the hub's own verifier (the same code the hub runs), for each key
 * type the seal certificate may carry.
 */
import { beforeAll, describe, expect, it } from 'vitest';
import { makeSystemClient, type ClientKeyKind } from '../../../test/fixtures/client-assertions.js';
import { makeCa, makeCrl } from '../../../test/fixtures/pki.js';
import { createPathValidator } from '../../../src/pki/path/cached-path-validator.js';
import { createSealedJwsVerifier, type SealedJwsVerifier } from '../../../src/pki/jws/sealed-jws.js';
import type { CertificateIssuer } from '../../../src/pki/ca/sign-certificate.js';
import { algorithmOf } from './key-material.js';
import { createSealer, decodePayload, JWS_TYPES } from './sealer.js';

let issuing: CertificateIssuer;
let verifier: SealedJwsVerifier;

beforeAll(async () => {
  const root = await makeCa({ name: 'Root' });
  issuing = await makeCa({ name: 'Issuing', issuer: root, pathLen: 0 });
  const crl = await makeCrl(issuing);
  verifier = createSealedJwsVerifier({
    validator: createPathValidator({ trustAnchors: [root.certificate], crls: () => [crl], requireRevocationCheck: true }),
  });
});

describe('sealer', () => {
  it.each(['P-256', 'P-384'] as ClientKeyKind[])('a %s seal verifies at the hub, header and payload as given', async (kind) => {
    const client = await makeSystemClient({ issuer: issuing, key: kind, profile: 'seal' });
    const algorithm = algorithmOf(client.privateKey)!;
    const sealer = createSealer({ privateKey: client.privateKey, algorithm, x5c: client.x5c.slice(0, 2) });
    const payload = { number: 'JY1', data: { 名称: '梅山土菜馆' } };
    const jws = sealer.seal(payload, JWS_TYPES.license);
    const verified = await verifier.verify(jws, { typ: JWS_TYPES.license, at: new Date() });
    expect(verified.payload).toEqual(payload);
    expect(JSON.parse(Buffer.from(jws.split('.')[0]!, 'base64url').toString())).toEqual({
      alg: algorithm,
      typ: JWS_TYPES.license,
      x5c: client.x5c.slice(0, 2),
    });
    expect(decodePayload(jws)).toEqual(payload);
    const bytes = sealer.sealBytes(payload, JWS_TYPES.license);
    expect((await verifier.verify(bytes.toString('latin1'), { typ: JWS_TYPES.license, at: new Date() })).payload).toEqual(payload);
    expect(bytes.toString('latin1').split('.').slice(0, 2)).toEqual(jws.split('.').slice(0, 2));
    await expect(verifier.verify(jws, { typ: JWS_TYPES.status, at: new Date() })).rejects.toMatchObject({ code: 'ERR_JWS_TYPE' });
  });
});
