/**
 * @module core/ports/signer
 * A private key the hub signs with (CA certificates and CRLs, receipts, access tokens) without ever
 * holding the key material in the core. The port is deliberately the smallest thing an HSM, a cloud
 * KMS or a PKCS#11 token can implement: "here are bytes, sign them" plus the public half.
 *
 * - `sign` receives the exact bytes to be signed (a TBSCertificate, a JWS signing input) and hashes
 *   them itself, as every HSM "sign with mechanism ECDSA-SHA384" call does.
 * - It returns the signature in JOSE/WebCrypto form: ECDSA as fixed-length r‖s (IEEE P1363), Ed25519
 *   as its 64 bytes. That is what a JWS carries verbatim; X.509 DER re-encoding happens in `pki/`.
 * - The public key is DER SubjectPublicKeyInfo, the one format every key store can export, so the
 *   core needs no WebCrypto or node:crypto types.
 *
 * Implementations: `pki/file-signer.ts` (encrypted PKCS#8 at rest, passphrase from the environment).
 */

/** JOSE algorithm names, which also fix the curve and hash: ES256 = P-256/SHA-256, ES384 = P-384/SHA-384. */
export type SignerAlgorithm = 'ES256' | 'ES384' | 'EdDSA';

export interface Signer {
  readonly algorithm: SignerAlgorithm;
  /** DER SubjectPublicKeyInfo of the signing key. */
  readonly publicKeySpki: Uint8Array;
  /** Signs `data` (hashing included); resolves to a JOSE-format signature. */
  sign(data: Uint8Array): Promise<Uint8Array>;
}
