import { describe, expect, it } from 'vitest';
import { FileSigner } from '../pki/keys/file-signer.js';
import { signCheckpoint, verifyCheckpoint } from './checkpoint-jws.js';

const claims = { chainId: 'c/tx', seq: 42n, head: 'ab'.repeat(32), at: '2024-01-01T00:00:00.000Z' };

describe('checkpoint JWS', () => {
  it.each(['ES256', 'ES384', 'EdDSA'] as const)('signs and verifies with %s', async (algorithm) => {
    const signer = FileSigner.generate(algorithm);
    const jws = await signCheckpoint(signer, claims);
    expect(verifyCheckpoint(signer, jws)).toEqual({ ok: true, claims });
    expect(JSON.parse(Buffer.from(jws.split('.')[1] as string, 'base64url').toString()).seq).toBe('42');
  });

  it('refuses another key, an edited payload, a bad signature and garbage', async () => {
    const signer = FileSigner.generate('ES256');
    const jws = await signCheckpoint(signer, claims);
    const [header, , signature] = jws.split('.');
    const edited = `${header}.${Buffer.from(JSON.stringify({ ...claims, seq: '41' })).toString('base64url')}.${signature}`;
    expect(verifyCheckpoint(FileSigner.generate('ES256'), jws)).toMatchObject({ ok: false, reason: 'signed by another key' });
    expect(verifyCheckpoint(signer, edited)).toMatchObject({ ok: false, reason: 'the signature does not verify' });
    expect(verifyCheckpoint(signer, 'a.b')).toMatchObject({ ok: false });
    expect(verifyCheckpoint(signer, '!!.!!.!!')).toMatchObject({ ok: false });
    expect(verifyCheckpoint(FileSigner.generate('EdDSA'), jws)).toMatchObject({ ok: false });
  });
});
