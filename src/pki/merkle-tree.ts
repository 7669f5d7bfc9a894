/**
 * @module pki/merkle-tree
 * The Merkle tree of RFC 9162 §2.1 (Certificate Transparency v2, the hashing of RFC 6962): SHA-256
 * with domain separation — a leaf is `H(0x00 ‖ data)`, an inner node `H(0x01 ‖ left ‖ right)` — so
 * a leaf can never be passed off as a node. A batch of verification receipts is signed once over
 * the root; each item carries its audit path, and anyone holding the signed root checks an item
 * offline with `rootFromInclusionProof` (the verification algorithm of RFC 9162 §2.1.3.2).
 */
import { createHash } from 'node:crypto';

const LEAF = Buffer.from([0x00]);
const NODE = Buffer.from([0x01]);

export function leafHash(data: Uint8Array): Buffer {
  return createHash('sha256').update(LEAF).update(data).digest();
}

function nodeHash(left: Uint8Array, right: Uint8Array): Buffer {
  return createHash('sha256').update(NODE).update(left).update(right).digest();
}

/** The largest power of two smaller than `n` (n ≥ 2): where RFC 9162 splits a tree of n leaves. */
function split(n: number): number {
  let k = 1;
  while (k * 2 < n) k *= 2;
  return k;
}

/** MTH over leaf hashes already computed. */
function subtreeRoot(leaves: readonly Buffer[], from: number, to: number): Buffer {
  const n = to - from;
  if (n === 1) return leaves[from] as Buffer;
  const k = split(n);
  return nodeHash(subtreeRoot(leaves, from, from + k), subtreeRoot(leaves, from + k, to));
}

/** The root over the hashes of `leaves` (at least one). */
export function merkleRoot(leaves: readonly Buffer[]): Buffer {
  if (leaves.length === 0) throw new RangeError('a Merkle tree needs at least one leaf');
  return subtreeRoot(leaves, 0, leaves.length);
}

/** The audit path of leaf `index`: the sibling hashes from the leaf up to the root (RFC 9162 PATH). */
export function inclusionProof(leaves: readonly Buffer[], index: number): Buffer[] {
  if (!Number.isInteger(index) || index < 0 || index >= leaves.length) throw new RangeError('leaf index outside the tree');
  const path: Buffer[] = [];
  const walk = (m: number, from: number, to: number): void => {
    const n = to - from;
    if (n === 1) return;
    const k = split(n);
    if (m < k) {
      walk(m, from, from + k);
      path.push(subtreeRoot(leaves, from + k, to));
    } else {
      walk(m - k, from + k, to);
      path.push(subtreeRoot(leaves, from, from + k));
    }
  };
  walk(index, 0, leaves.length);
  return path;
}

/**
 * The root that leaf hash `leaf` at `index` of a tree of `size` leaves and audit path `proof`
 * lead to, or undefined when the path cannot belong to such a tree. Compare it with a signed root.
 */
export function rootFromInclusionProof(leaf: Buffer, index: number, size: number, proof: readonly Buffer[]): Buffer | undefined {
  if (!Number.isSafeInteger(index) || !Number.isSafeInteger(size) || index < 0 || index >= size) return undefined;
  let fn = index;
  let sn = size - 1;
  let r = leaf;
  for (const p of proof) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = nodeHash(p, r);
      if (fn % 2 === 0) {
        while (fn % 2 === 0 && fn !== 0) {
          fn = Math.floor(fn / 2);
          sn = Math.floor(sn / 2);
        }
      }
    } else {
      r = nodeHash(r, p);
    }
    fn = Math.floor(fn / 2);
    sn = Math.floor(sn / 2);
  }
  return sn === 0 ? r : undefined;
}
