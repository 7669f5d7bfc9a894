/**
 * @module core/ports/body-sealer
 * Seals what the hub keeps but must not hold in clear (the bodies of data exchanges a department's
 * rules require kept): authenticated encryption under a hub key named by `keyId`, bound to a
 * context (the exchange and part) so a sealed body cannot be moved to another row and still open.
 * The keys form a ring: a security admin rotates it, new bodies are sealed under the new key at
 * once, and every earlier key keeps opening what it sealed. File-backed now (the CA material
 * store); an HSM or KMS can take its place.
 */
export interface SealedText {
  /** Which hub key sealed it: a rotated key still opens what it sealed. */
  keyId: string;
  /** Opaque text (nonce, tag and ciphertext). */
  sealed: string;
}

export interface BodySealer {
  seal(plain: string, context: string): SealedText;
  /** The plain text; throws when the key is unknown or the text or its context was altered. */
  open(sealed: SealedText, context: string): string;
  /**
   * Makes sure the sealer holds `keyId` if the store does: another instance may have rotated a
   * moment ago and sealed bodies under its new key before the change notice arrived here.
   */
  learn(keyId: string): Promise<void>;
}

export interface BodyKeyRing extends BodySealer {
  /** The key new bodies are sealed under. */
  readonly currentKeyId: string;
  /** A new current key; every earlier key stays, so what it sealed keeps opening. */
  rotate(): Promise<{ keyId: string }>;
  /** Re-reads the keys from the store: another instance rotated them. */
  reload(): Promise<void>;
}
