/**
 * @module core/ports/row-mac-keys
 * The hub's keys for licence-row MACs (HMAC-SHA-256). Every stored licence row carries a MAC over
 * the facts a verification answer is built from, and the id of the key that made it, so a key can
 * be rotated while rows MACed under the previous ones keep verifying. The keys never leave the
 * adapter (`pki/keys/row-mac-key-ring.ts`): the core hands it a message and gets a tag or a yes/no.
 */
export interface RowMacTag {
  /** Id of the key that made `mac`. */
  kid: string;
  /** HMAC-SHA-256, 64 lower-case hex characters. */
  mac: string;
}

export interface RowMacKeys {
  /** The key new MACs are made with. */
  readonly currentKid: string;
  /** The MAC of `message` under the current key. */
  sign(message: string): RowMacTag;
  /** Whether `tag` is the MAC of `message` under the key it names (constant time); false for a key the ring does not hold. */
  check(message: string, tag: RowMacTag): boolean;
  /**
   * Makes sure the ring holds `kid` if the store does: another instance may have rotated a moment
   * ago and MACed rows under its new key before the notice arrived here. Reads the store at most
   * once a second, so unknown ids planted in rows cannot turn into a flood of reads.
   */
  learn(kid: string): Promise<void>;
}

export interface RowMacKeyRing extends RowMacKeys {
  /** A new current key; every earlier key stays, so rows MACed under it keep verifying. */
  rotate(): Promise<{ kid: string }>;
  /** Re-reads the keys from the store: another instance rotated them. */
  reload(): Promise<void>;
}
