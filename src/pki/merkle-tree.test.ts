import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { inclusionProof, leafHash, merkleRoot, rootFromInclusionProof } from './merkle-tree.js';

const sha = (...parts: Uint8Array[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
const leaves = (n: number) => Array.from({ length: n }, (_, i) => leafHash(Buffer.from(`item ${i}`)));

describe('Merkle tree (RFC 9162)', () => {
  it('separates leaves from nodes: H(0x00‖d) and H(0x01‖l‖r), split at the largest power of two', () => {
    const [a, b, c] = leaves(3) as [Buffer, Buffer, Buffer];
    expect(a).toEqual(sha(Buffer.from([0]), Buffer.from('item 0')));
    expect(merkleRoot([a])).toEqual(a);
    expect(merkleRoot([a, b, c])).toEqual(sha(Buffer.from([1]), sha(Buffer.from([1]), a, b), c));
  });

  it('matches the RFC 6962 reference root of the eight test leaves', () => {
    // Leaves and root from the Certificate Transparency reference implementation's tests.
    const data = ['', '00', '10', '2021', '3031', '40414243', '5051525354555657', '606162636465666768696a6b6c6d6e6f'];
    expect(merkleRoot(data.map((d) => leafHash(Buffer.from(d, 'hex')))).toString('hex')).toBe(
      '5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328',
    );
  });

  it('proves every item of every tree from 1 to 100 leaves against its root', () => {
    for (let n = 1; n <= 100; n++) {
      const tree = leaves(n);
      const root = merkleRoot(tree);
      for (let i = 0; i < n; i++) {
        const proof = inclusionProof(tree, i);
        expect(proof.length).toBeLessThanOrEqual(Math.ceil(Math.log2(n)));
        expect(rootFromInclusionProof(tree[i] as Buffer, i, n, proof)).toEqual(root);
      }
    }
  });

  it('refuses a tampered proof, a wrong index or size, and another leaf', () => {
    const tree = leaves(20);
    const root = merkleRoot(tree);
    const proof = inclusionProof(tree, 7);
    const flipped = proof.map((p, i) => (i === 2 ? Buffer.from(p.map((x, j) => (j === 0 ? x ^ 1 : x))) : p));
    const leaf = tree[7] as Buffer;
    expect(rootFromInclusionProof(leaf, 7, 20, flipped)).not.toEqual(root);
    expect(rootFromInclusionProof(leaf, 6, 20, proof)).not.toEqual(root);
    expect(rootFromInclusionProof(leaf, 7, 40, proof)).not.toEqual(root);
    expect(rootFromInclusionProof(leaf, 7, 20, proof.slice(1))).not.toEqual(root);
    expect(rootFromInclusionProof(leaf, 7, 20, [...proof, root])).toBeUndefined();
    expect(rootFromInclusionProof(leaf, 20, 20, proof)).toBeUndefined();
    expect(rootFromInclusionProof(tree[8] as Buffer, 7, 20, proof)).not.toEqual(root);
    // A leaf's data is never taken for an inner node: the pair's node hash is not a leaf hash.
    expect(leafHash(Buffer.concat([tree[0] as Buffer, tree[1] as Buffer]))).not.toEqual(merkleRoot(tree.slice(0, 2)));
  });
});
