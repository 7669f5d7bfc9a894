import { createPublicKey, verify } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { FileSigner } from '../pki/keys/file-signer.js';
import { createStandardWebhookSigner } from './standard-webhook-signature.js';

/** A receiver's check written from the README alone: `whpk_` key, `v1a,` entries, `${id}.${ts}.${body}`. */
function verifies(publicKey: string, headers: Record<string, string>, body: string): boolean {
  const raw = Buffer.from(publicKey.replace(/^whpk_/, ''), 'base64');
  const key = createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: raw.toString('base64url') }, format: 'jwk' });
  const content = Buffer.from(`${headers['webhook-id']}.${headers['webhook-timestamp']}.${body}`);
  return (headers['webhook-signature'] ?? '')
    .split(' ')
    .filter((entry) => entry.startsWith('v1a,'))
    .some((entry) => verify(null, content, key, Buffer.from(entry.slice(4), 'base64')));
}

describe('Standard Webhooks v1a signature', () => {
  const signer = createStandardWebhookSigner(FileSigner.generate('EdDSA'));
  const body = '{"type":"license.status-changed","timestamp":"2026-01-01T00:00:00.000Z","data":{"status":"revoked"}}';
  const at = new Date('2026-12-07T12:00:00.900Z');

  it('signs id, whole-second timestamp and body so the published key verifies it', async () => {
    const headers = await signer.headers('5b0e4b0e-2f7a-4a57-9d0b-9d7f0c1e9a11', at, body);
    expect(headers['webhook-id']).toBe('5b0e4b0e-2f7a-4a57-9d0b-9d7f0c1e9a11');
    expect(headers['webhook-timestamp']).toBe(String(Math.floor(at.getTime() / 1000)));
    expect(headers['webhook-signature']).toMatch(/^v1a,[A-Za-z0-9+/]{86}==$/);
    expect(verifies(signer.key.publicKey, headers, body)).toBe(true);
  });

  it('fails verification when the body, the id or the timestamp is changed', async () => {
    const headers = await signer.headers('id-1', at, body);
    expect(verifies(signer.key.publicKey, headers, body.replace('revoked', 'valid'))).toBe(false);
    expect(verifies(signer.key.publicKey, { ...headers, 'webhook-id': 'id-2' }, body)).toBe(false);
    expect(verifies(signer.key.publicKey, { ...headers, 'webhook-timestamp': '1' }, body)).toBe(false);
  });

  it('does not verify with another key', async () => {
    const other = createStandardWebhookSigner(FileSigner.generate('EdDSA'));
    expect(verifies(other.key.publicKey, await signer.headers('id-1', at, body), body)).toBe(false);
  });

  it('publishes the same key as whpk_ and as a JWK with its RFC 7638 thumbprint', () => {
    const { publicKey, jwk } = signer.key;
    expect(publicKey).toMatch(/^whpk_[A-Za-z0-9+/]{43}=$/);
    expect(Buffer.from(jwk.x, 'base64url')).toEqual(Buffer.from(publicKey.slice(5), 'base64'));
    expect(jwk.kid).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(jwk).toMatchObject({ kty: 'OKP', crv: 'Ed25519', alg: 'EdDSA' });
  });

  it('refuses a key that is not Ed25519', () => {
    expect(() => createStandardWebhookSigner(FileSigner.generate('ES256'))).toThrow(TypeError);
  });
});
