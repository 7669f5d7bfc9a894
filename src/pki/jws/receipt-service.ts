/**
 * @module pki/jws/receipt-service
 * Verification receipts as compact JWTs signed with Ed25519 (`alg: EdDSA`) through node:crypto —
 * tens of thousands per second per core (DESIGN §6), so every verification can carry one without a
 * batch or a queue. The header names the key (`kid` = RFC 7638 thumbprint); the JWKS publishes the
 * current key and the previous ones for an overlap after rotation. Verification pins EdDSA and the
 * hub's own keys: a receipt's header cannot bring its own key.
 */
import { createPublicKey, randomUUID, verify as nodeVerify, type KeyObject } from 'node:crypto';
import type { BatchReceiptContext, ReceiptCheck, ReceiptClaims, ReceiptInclusion, ReceiptSigner } from '../../core/ports/receipt-signer.js';
import type { Signer } from '../../core/ports/signer.js';
import { accessTokenKeyId } from '../auth/access-token.js';
import { inclusionProof, leafHash, merkleRoot, rootFromInclusionProof } from '../merkle-tree.js';

export const RECEIPT_TYPE = 'zz-receipt+jwt';
/** A signed Merkle root over a batch's receipt claims; its own `typ`, so it never passes as one receipt. */
export const BATCH_RECEIPT_TYPE = 'zz-receipt-batch+jwt';
/** How a batch receipt's tree is built: RFC 9162 §2.1 with SHA-256, leaves the ASCII of each item's `claims`. */
export const BATCH_TREE_ALG = 'RFC9162-SHA256';
const MAX_RECEIPT_CHARS = 16 * 1024;
const MAX_PROOF_HASHES = 32;

type Refusal = Extract<ReceiptCheck, { valid: false }>;

interface Key {
  kid: string;
  publicKey: KeyObject;
  jwk: Record<string, unknown>;
}

export interface ReceiptServiceOptions {
  /** Signs new receipts; must be EdDSA. */
  current: Signer;
  /** Keys whose receipts are still accepted (and published) after a rotation. */
  previous?: readonly Signer[];
  /** The hub's public URL (`iss`). */
  issuer: string;
}

export async function createReceiptService(options: ReceiptServiceOptions): Promise<ReceiptSigner> {
  const signers = [options.current, ...(options.previous ?? [])];
  if (signers.some((s) => s.algorithm !== 'EdDSA')) throw new TypeError('receipt keys must be Ed25519 (EdDSA)');
  const keys: Key[] = await Promise.all(
    signers.map(async (s) => {
      const publicKey = createPublicKey({ key: Buffer.from(s.publicKeySpki), format: 'der', type: 'spki' });
      const kid = await accessTokenKeyId(s.publicKeySpki);
      return { kid, publicKey, jwk: { ...publicKey.export({ format: 'jwk' }), kid, alg: 'EdDSA', use: 'sig' } };
    }),
  );
  const current = keys[0] as Key;
  const header = b64(JSON.stringify({ alg: 'EdDSA', typ: RECEIPT_TYPE, kid: current.kid }));
  const batchHeader = b64(JSON.stringify({ alg: 'EdDSA', typ: BATCH_RECEIPT_TYPE, kid: current.kid }));

  /** A compact JWT of `typ`, signed by one of this hub's keys, with this hub's `iss`. */
  function readSigned(token: string, typ: string): Refusal | { kid: string; claims: Record<string, unknown> } {
    if (typeof token !== 'string' || token.length > MAX_RECEIPT_CHARS) return refuse('ERR_RECEIPT_MALFORMED', 'not a receipt');
    const parts = token.split('.');
    if (parts.length !== 3 || !parts.every((p) => BASE64URL.test(p))) return refuse('ERR_RECEIPT_MALFORMED', 'not a compact JWT');
    const [h, p, s] = parts as [string, string, string];
    const parsedHeader = parseJson(h);
    if (!parsedHeader || parsedHeader.alg !== 'EdDSA' || parsedHeader.typ !== typ) {
      return refuse('ERR_RECEIPT_HEADER', `receipts are EdDSA with typ ${typ}`);
    }
    const key = keys.find((k) => k.kid === parsedHeader.kid);
    if (!key) return refuse('ERR_RECEIPT_KEY_UNKNOWN', 'the receipt was not signed by a current key of this hub');
    if (!nodeVerify(null, Buffer.from(`${h}.${p}`, 'ascii'), key.publicKey, Buffer.from(s, 'base64url'))) {
      return refuse('ERR_RECEIPT_SIGNATURE_INVALID', 'the receipt signature does not match its content');
    }
    const claims = parseJson(p);
    if (!claims || claims.iss !== options.issuer) return refuse('ERR_RECEIPT_CLAIMS', 'the receipt claims are not this hub’s');
    return { kid: key.kid, claims };
  }

  const signWith = async (encodedHeader: string, claims: object) => {
    const input = `${encodedHeader}.${b64(JSON.stringify({ iss: options.issuer, ...claims }))}`;
    const signature = await options.current.sign(Buffer.from(input, 'ascii'));
    return `${input}.${Buffer.from(signature).toString('base64url')}`;
  };

  return {
    sign: (claims: ReceiptClaims) => signWith(header, claims),

    async signStatement(typ: string, claims: Record<string, unknown>) {
      if (typ === RECEIPT_TYPE || !/^zz-[a-z-]+\+jwt$/.test(typ)) throw new TypeError(`not a statement type: ${typ}`);
      return signWith(b64(JSON.stringify({ alg: 'EdDSA', typ, kid: current.kid })), claims);
    },

    async verifyStatement(typ: string, statement: string) {
      if (typ === RECEIPT_TYPE || typ === BATCH_RECEIPT_TYPE) throw new TypeError(`not a statement type: ${typ}`);
      const checked = readSigned(statement, typ);
      return 'valid' in checked ? checked : { valid: true as const, kid: checked.kid, claims: checked.claims };
    },

    async verify(receipt: string): Promise<ReceiptCheck> {
      const checked = readSigned(receipt, RECEIPT_TYPE);
      if ('valid' in checked) return checked;
      return { valid: true, kid: checked.kid, claims: checked.claims as unknown as ReceiptClaims & { iss: string } };
    },

    async signBatch(context: BatchReceiptContext, items: readonly ReceiptClaims[]) {
      const encoded = items.map((claims) => b64(JSON.stringify({ iss: options.issuer, ...claims })));
      const leaves = encoded.map((claims) => leafHash(Buffer.from(claims, 'ascii')));
      const root = merkleRoot(leaves).toString('base64url');
      const receipt = await signWith(batchHeader, {
        jti: randomUUID(),
        ...context,
        tree: { alg: BATCH_TREE_ALG, size: items.length, root },
      });
      return {
        receipt,
        items: encoded.map((claims, index) => ({
          claims,
          index,
          proof: inclusionProof(leaves, index).map((h) => h.toString('base64url')),
        })),
      };
    },

    async verifyInclusion(receipt: string, inclusion: ReceiptInclusion): Promise<ReceiptCheck> {
      const checked = readSigned(receipt, BATCH_RECEIPT_TYPE);
      if ('valid' in checked) return checked;
      const tree = checked.claims.tree as { alg?: unknown; size?: unknown; root?: unknown } | undefined;
      if (tree?.alg !== BATCH_TREE_ALG || typeof tree.size !== 'number' || typeof tree.root !== 'string') {
        return refuse('ERR_RECEIPT_CLAIMS', 'the batch receipt does not name a tree this hub builds');
      }
      const { claims, index, proof } = inclusion;
      if (typeof claims !== 'string' || !BASE64URL.test(claims) || !Array.isArray(proof) || proof.length > MAX_PROOF_HASHES) {
        return refuse('ERR_RECEIPT_MALFORMED', 'not an item of a batch receipt');
      }
      if (!proof.every((p) => typeof p === 'string' && BASE64URL.test(p) && Buffer.from(p, 'base64url').length === 32)) {
        return refuse('ERR_RECEIPT_MALFORMED', 'an inclusion proof is a list of SHA-256 hashes');
      }
      const reached = rootFromInclusionProof(
        leafHash(Buffer.from(claims, 'ascii')),
        index,
        tree.size,
        proof.map((p) => Buffer.from(p, 'base64url')),
      );
      if (!reached || reached.toString('base64url') !== tree.root) {
        return refuse('ERR_RECEIPT_INCLUSION_INVALID', 'the item is not part of the signed batch');
      }
      const item = parseJson(claims);
      if (!item || item.iss !== options.issuer || item.caseNo !== checked.claims.caseNo || item.actor !== checked.claims.actor) {
        return refuse('ERR_RECEIPT_CLAIMS', 'the item’s claims do not belong to this batch');
      }
      return { valid: true, kid: checked.kid, claims: item as unknown as ReceiptClaims & { iss: string } };
    },

    jwks: () => ({ keys: keys.map((k) => k.jwk) }),
  };
}

const BASE64URL = /^[A-Za-z0-9_-]+$/;

function refuse(code: string, detail: string): Refusal {
  return { valid: false, code, detail };
}

function b64(text: string): string {
  return Buffer.from(text, 'utf8').toString('base64url');
}

function parseJson(part: string): Record<string, unknown> | undefined {
  try {
    const value: unknown = JSON.parse(Buffer.from(part, 'base64url').toString('utf8'));
    return value !== null && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}
