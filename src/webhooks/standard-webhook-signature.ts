/**
 * @module webhooks/standard-webhook-signature
 * The Standard Webhooks asymmetric scheme (`v1a`, Ed25519) as README.md in this folder specifies:
 * the signature over `${id}.${timestamp}.${body}` and the public key in the forms receivers pin.
 * The npm `standardwebhooks` library implements only the symmetric `v1` (HMAC) scheme, so signing
 * goes through the hub's `Signer` port, whose file-backed key is node:crypto Ed25519.
 */
import { createHash } from 'node:crypto';
import type { Signer } from '../core/ports/signer.js';

/** DER SubjectPublicKeyInfo of an Ed25519 key: this 12-byte prefix, then the raw 32-byte key. */
const ED25519_SPKI_PREFIX = Uint8Array.from([0x30, 0x2a, 0x30, 0x05, 0x06, 0x03, 0x2b, 0x65, 0x70, 0x03, 0x21, 0x00]);

export const WebhookHeaders = {
  id: 'webhook-id',
  timestamp: 'webhook-timestamp',
  signature: 'webhook-signature',
} as const;

export interface WebhookSigningKey {
  /** Standard Webhooks form: `whpk_` + base64 of the raw key. */
  publicKey: string;
  jwk: { kty: 'OKP'; crv: 'Ed25519'; x: string; kid: string; alg: 'EdDSA'; use: 'sig' };
  scheme: 'v1a';
}

export interface StandardWebhookSigner {
  readonly key: WebhookSigningKey;
  /** The three Standard Webhooks headers for one attempt. */
  headers(id: string, at: Date, body: string): Promise<Record<string, string>>;
}

export function createStandardWebhookSigner(signer: Signer): StandardWebhookSigner {
  if (signer.algorithm !== 'EdDSA') throw new TypeError('webhooks are signed with an Ed25519 (EdDSA) key');
  const raw = rawEd25519(signer.publicKeySpki);
  const x = Buffer.from(raw).toString('base64url');
  const key: WebhookSigningKey = {
    publicKey: `whpk_${Buffer.from(raw).toString('base64')}`,
    jwk: { kty: 'OKP', crv: 'Ed25519', x, kid: thumbprint(x), alg: 'EdDSA', use: 'sig' },
    scheme: 'v1a',
  };
  return {
    key,
    async headers(id, at, body) {
      const timestamp = String(Math.floor(at.getTime() / 1000));
      const signature = await signer.sign(new TextEncoder().encode(`${id}.${timestamp}.${body}`));
      return {
        [WebhookHeaders.id]: id,
        [WebhookHeaders.timestamp]: timestamp,
        [WebhookHeaders.signature]: `v1a,${Buffer.from(signature).toString('base64')}`,
      };
    },
  };
}

/** RFC 7638 JWK thumbprint (required members in lexicographic order), the key's stable id. */
function thumbprint(x: string): string {
  return createHash('sha256')
    .update(JSON.stringify({ crv: 'Ed25519', kty: 'OKP', x }))
    .digest('base64url');
}

function rawEd25519(spki: Uint8Array): Uint8Array {
  const prefixed = spki.length === 44 && ED25519_SPKI_PREFIX.every((byte, i) => spki[i] === byte);
  if (!prefixed) throw new TypeError('not an Ed25519 SubjectPublicKeyInfo');
  return spki.slice(12);
}
