/**
 * @module core/ports/receipt-signer
 * Signed verification receipts (JWT, `typ: "zz-receipt+jwt"`). Anyone can check one offline with
 * the hub's JWKS; `pki/receipt-service.ts` implements it with Ed25519 through node:crypto.
 */
export interface ReceiptClaims {
  /** Unique receipt id. */
  jti: string;
  /** The licence checked (its identifier), or the number asked for when nothing was found. */
  sub: string;
  result: 'valid' | 'invalid' | 'not_found';
  checks: Record<string, { ok: boolean; code?: string }>;
  status?: string;
  caseNo: string;
  serviceItem?: string;
  /** Verifying department and user. */
  department?: string;
  actor: string;
  /** Seconds since epoch. */
  iat: number;
}

export type ReceiptCheck =
  { valid: true; claims: ReceiptClaims & { iss: string }; kid: string } | { valid: false; code: string; detail: string };

export type StatementCheck = { valid: true; claims: Record<string, unknown>; kid: string } | { valid: false; code: string; detail: string };

/**
 * One item of a batch receipt: its claims exactly as hashed into the tree (base64url of their
 * JSON), its place among the batch's leaves and its audit path (base64url SHA-256 hashes).
 */
export interface ReceiptInclusion {
  claims: string;
  index: number;
  proof: string[];
}

/** What a batch receipt's signed root covers: the items' verifier, case and time. */
export interface BatchReceiptContext {
  caseNo: string;
  serviceItem?: string;
  department?: string;
  actor: string;
  iat: number;
}

export interface ReceiptSigner {
  sign(claims: ReceiptClaims): Promise<string>;
  /**
   * Many receipts signed once (`typ: zz-receipt-batch+jwt`): a Merkle root (RFC 9162) over the
   * items' claims, each item with its inclusion proof — every item checkable offline on its own.
   */
  signBatch(context: BatchReceiptContext, items: readonly ReceiptClaims[]): Promise<{ receipt: string; items: ReceiptInclusion[] }>;
  /** An item of a batch: the signed root, then the item's claims through its proof to that root. */
  verifyInclusion(receipt: string, inclusion: ReceiptInclusion): Promise<ReceiptCheck>;
  /**
   * Another statement the hub vouches for with the same key and JWKS (e.g. a case's material
   * package, `typ: zz-material-package+jwt`): its own `typ`, so it can never pass as a receipt.
   */
  signStatement(typ: string, claims: Record<string, unknown>): Promise<string>;
  /** A statement of `typ` signed by a current or previous key of this hub, and its claims. */
  verifyStatement(typ: string, statement: string): Promise<StatementCheck>;
  verify(receipt: string): Promise<ReceiptCheck>;
  /** Public keys for `/.well-known/jwks.json`: the current key and those still accepted. */
  jwks(): { keys: Record<string, unknown>[] };
}

/** The receipt keys: signing with the current one, and starting a new one while the old stays accepted. */
export interface ReceiptKeyRing extends ReceiptSigner {
  /** A new signing key; the previous key stays in the JWKS so its receipts still verify. */
  rotate(): Promise<{ kid: string }>;
  /** Re-reads the keys from the store: another instance rotated them. */
  reload(): Promise<void>;
}
