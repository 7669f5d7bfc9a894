/**
 * @module audit/checkpoint-jws
 * The hub's signed statements about its audit chains, each a compact JWS by the checkpoint key:
 *
 * - a **checkpoint** (`typ: "zz-audit-checkpoint+jws"`) over `{chainId, seq, head, at}` — "this chain
 *   had `seq` entries ending in hash `head` at `at`". Whoever rewrites the log afterwards must also
 *   forge this signature.
 * - a **chain state** (`typ: "zz-audit-chain+jws"`) over `{chainId, state, seq, at}` — the register of
 *   chains: opened at start (`open`, seq 0), ended at stop (`closed` at its last seq). A closed chain
 *   that grew afterwards was extended outside the hub.
 *
 * `seq` is signed as a decimal string (sequence numbers are bigints); checkpoints signed before that
 * carry a JSON number, still read. Built by hand on the `Signer` port (a JWS is three base64url
 * parts), verified with node:crypto against the key's SPKI.
 */
import { Buffer } from 'node:buffer';
import { createHash, createPublicKey, verify } from 'node:crypto';
import type { Signer, SignerAlgorithm } from '../core/ports/signer.js';

export const CHECKPOINT_JWS_TYPE = 'zz-audit-checkpoint+jws';
export const CHAIN_STATE_JWS_TYPE = 'zz-audit-chain+jws';

export interface CheckpointClaims {
  chainId: string;
  seq: bigint;
  /** Hex of the chain's head hash after entry `seq`. */
  head: string;
  /** ISO 8601 signing time. */
  at: string;
}

export interface ChainStateClaims {
  chainId: string;
  state: 'open' | 'closed';
  /** 0 when opened; the last entry when closed. */
  seq: bigint;
  at: string;
}

export type AuditStatement = ({ kind: 'checkpoint' } & CheckpointClaims) | ({ kind: 'chain' } & ChainStateClaims);

const HASH_OF: Record<SignerAlgorithm, string | null> = { ES256: 'sha256', ES384: 'sha384', EdDSA: null };
const b64 = (bytes: Uint8Array | string) => Buffer.from(bytes).toString('base64url');
const SEQ = /^(0|[1-9]\d{0,18})$/;

/** Key id: base64url SHA-256 of the public key (SPKI), so a checkpoint names the key it needs. */
export function checkpointKeyId(publicKeySpki: Uint8Array): string {
  return b64(createHash('sha256').update(publicKeySpki).digest());
}

async function sign(signer: Signer, typ: string, claims: Record<string, unknown>): Promise<string> {
  const header = { alg: signer.algorithm, typ, kid: checkpointKeyId(signer.publicKeySpki) };
  const input = `${b64(JSON.stringify(header))}.${b64(JSON.stringify(claims))}`;
  return `${input}.${b64(await signer.sign(Buffer.from(input)))}`;
}

export function signCheckpoint(signer: Signer, claims: CheckpointClaims): Promise<string> {
  return sign(signer, CHECKPOINT_JWS_TYPE, { ...claims, seq: String(claims.seq) });
}

export function signChainState(signer: Signer, claims: ChainStateClaims): Promise<string> {
  return sign(signer, CHAIN_STATE_JWS_TYPE, { ...claims, seq: String(claims.seq) });
}

export interface CheckpointKey {
  algorithm: SignerAlgorithm;
  publicKeySpki: Uint8Array;
}

type Verified<T> = { ok: true; claims: T } | { ok: false; reason: string };

/** The claims of a checkpoint signed by `key`, or a reason it cannot be trusted. */
export function verifyCheckpoint(key: CheckpointKey, jws: string): Verified<CheckpointClaims> {
  const statement = verifyAuditStatement(key, jws);
  if (!statement.ok) return statement;
  if (statement.claims.kind !== 'checkpoint') return { ok: false, reason: 'not a checkpoint' };
  const { kind: _kind, ...claims } = statement.claims;
  return { ok: true, claims };
}

/** A checkpoint or chain-state statement signed by `key`, or a reason it cannot be trusted. */
export function verifyAuditStatement(key: CheckpointKey, jws: string): Verified<AuditStatement> {
  const parts = jws.split('.');
  if (parts.length !== 3) return { ok: false, reason: 'not a compact JWS' };
  const [header, payload, signature] = parts as [string, string, string];
  let decoded: { header: Record<string, unknown>; claims: Record<string, unknown> };
  try {
    decoded = {
      header: JSON.parse(Buffer.from(header, 'base64url').toString('utf8')),
      claims: JSON.parse(Buffer.from(payload, 'base64url').toString('utf8')),
    };
  } catch {
    return { ok: false, reason: 'the JWS does not decode' };
  }
  const typ = decoded.header.typ;
  if (decoded.header.alg !== key.algorithm || (typ !== CHECKPOINT_JWS_TYPE && typ !== CHAIN_STATE_JWS_TYPE)) {
    return { ok: false, reason: `unexpected header ${JSON.stringify(decoded.header).slice(0, 120)}` };
  }
  if (decoded.header.kid !== checkpointKeyId(key.publicKeySpki)) return { ok: false, reason: 'signed by another key' };
  const valid = verify(
    HASH_OF[key.algorithm],
    Buffer.from(`${header}.${payload}`),
    { key: createPublicKey({ key: Buffer.from(key.publicKeySpki), format: 'der', type: 'spki' }), dsaEncoding: 'ieee-p1363' },
    Buffer.from(signature, 'base64url'),
  );
  if (!valid) return { ok: false, reason: 'the signature does not verify' };
  const { chainId, seq, head, at, state } = decoded.claims;
  // Older checkpoints signed seq as a JSON number; an unsafe one cannot be read exactly.
  const seqText = typeof seq === 'number' && Number.isSafeInteger(seq) ? String(seq) : seq;
  if (typeof chainId !== 'string' || typeof seqText !== 'string' || !SEQ.test(seqText) || typeof at !== 'string') {
    return { ok: false, reason: 'the signed claims are malformed' };
  }
  if (typ === CHECKPOINT_JWS_TYPE) {
    if (typeof head !== 'string') return { ok: false, reason: 'the signed claims are malformed' };
    return { ok: true, claims: { kind: 'checkpoint', chainId, seq: BigInt(seqText), head, at } };
  }
  if (state !== 'open' && state !== 'closed') return { ok: false, reason: 'the signed claims are malformed' };
  return { ok: true, claims: { kind: 'chain', chainId, state, seq: BigInt(seqText), at } };
}
