/**
 * @module pki/jws/receipt-service
 * Verification receipts as compact JWTs signed with Ed25519 (`alg: EdDSA`) through node:crypto —
 * tens of thousands per second per core (DESIGN §6), so every verification can carry one without a
 * batch or a queue. The header names the key (`kid` = RFC 7638 thumbprint); the JWKS publishes the
 * current key and the previous ones for an overlap after rotation. Verification pins EdDSA and the
 * hub's own keys: a receipt's header cannot bring its own key.
 */
import { createPublicKey, verify as nodeVerify, type KeyObject } from 'node:crypto';
import type { ReceiptCheck, ReceiptClaims, ReceiptSigner } from '../../core/ports/receipt-signer.js';
import type { Signer } from '../../core/ports/signer.js';
import { accessTokenKeyId } from '../auth/access-token.js';

export const RECEIPT_TYPE = 'zz-receipt+jwt';
const MAX_RECEIPT_CHARS = 16 * 1024;

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

    async verify(receipt: string): Promise<ReceiptCheck> {
      const refuse = (code: string, detail: string): ReceiptCheck => ({ valid: false, code, detail });
      if (typeof receipt !== 'string' || receipt.length > MAX_RECEIPT_CHARS) return refuse('ERR_RECEIPT_MALFORMED', 'not a receipt');
      const parts = receipt.split('.');
      if (parts.length !== 3 || !parts.every((p) => /^[A-Za-z0-9_-]+$/.test(p)))
        return refuse('ERR_RECEIPT_MALFORMED', 'not a compact JWT');
      const [h, p, s] = parts as [string, string, string];
      const parsedHeader = parseJson(h);
      if (!parsedHeader || parsedHeader.alg !== 'EdDSA' || parsedHeader.typ !== RECEIPT_TYPE) {
        return refuse('ERR_RECEIPT_HEADER', `receipts are EdDSA with typ ${RECEIPT_TYPE}`);
      }
      const key = keys.find((k) => k.kid === parsedHeader.kid);
      if (!key) return refuse('ERR_RECEIPT_KEY_UNKNOWN', 'the receipt was not signed by a current key of this hub');
      if (!nodeVerify(null, Buffer.from(`${h}.${p}`, 'ascii'), key.publicKey, Buffer.from(s, 'base64url'))) {
        return refuse('ERR_RECEIPT_SIGNATURE_INVALID', 'the receipt signature does not match its content');
      }
      const claims = parseJson(p);
      if (!claims || claims.iss !== options.issuer) return refuse('ERR_RECEIPT_CLAIMS', 'the receipt claims are not this hub’s');
      return { valid: true, kid: key.kid, claims: claims as unknown as ReceiptClaims & { iss: string } };
    },

    jwks: () => ({ keys: keys.map((k) => k.jwk) }),
  };
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
