/**
 * @module audit/checkpoint-jws
 * A checkpoint is a compact JWS (`typ: "zz-audit-checkpoint+jws"`) by the hub's checkpoint key over
 * `{chainId, seq, head, at}` — "this chain had `seq` entries ending in hash `head` at `at`". Whoever
 * rewrites the log afterwards must also forge this signature. Built by hand on the `Signer` port
 * (a JWS is three base64url parts), verified with node:crypto against the key's SPKI.
 */
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Signer, SignerAlgorithm } from '../core/ports/signer.js';

export const CHECKPOINT_JWS_TYPE = 'zz-audit-checkpoint+jws';

export interface CheckpointClaims {
  chainId: string;
  seq: number;
  /** Hex of the chain's head hash after entry `seq`. */
  head: string;
  /** ISO 8601 signing time. */
  at: string;
}

const HASH_OF: Record<SignerAlgorithm, string | null> = { ES256: 'sha256', ES384: 'sha384', EdDSA: null };
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');

/** Key id: base64url SHA-256 of the public key (SPKI), so a checkpoint names the key it needs. */
export function checkpointKeyId(publicKeySpki: Uint8Array): string {
  return b64(createHash('sha256').update(publicKeySpki).digest());
}

export async function signCheckpoint(signer: Signer, claims: CheckpointClaims): Promise<string> {
  const header = { alg: signer.algorithm, typ: CHECKPOINT_JWS_TYPE, kid: checkpointKeyId(signer.publicKeySpki) };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(await signer.sign(Buffer.from(input)))}`;
}

export interface CheckpointKey {
  algorithm: SignerAlgorithm;
  publicKeySpki: Uint8Array;
}

/** The claims of a checkpoint signed by `key`, or a reason it cannot be trusted. */
export function verifyCheckpoint(key: CheckpointKey, jws: string): { ok: true; claims: CheckpointClaims } | { ok: false; reason: string } {
  const parts = jws.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  const [header, payload, signature] = parts as [string, string, string];
  let decoded: { header: Record<string, unknown>; claims: CheckpointClaims };
  try {
    decoded = {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    };
  } catch {
    return { ok: false, reason: 'the JWS does not decode' };
  }
  if (decoded.header.alg !== key.algorithm || decoded.header.typ !== CHECKPOINT_JWS_TYPE) {
    return { ok: false, reason: `unexpected header ${JSON.stringify(decoded.header).slice(0, 120)}` };
  }
  if (decoded.header.kid !== checkpointKeyId(key.publicKeySpki)) return { ok: false, reason: 'signed by another key' };
  const valid = verify(
    HASH_OF[key.algorithm],
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  return valid ? { ok: true, claims: decoded.claims } : { ok: false, reason: 'the signature does not verify' };
}
