/**
 * RFC 9162 §2.1.3.2 (verifying an inclusion proof), written here from the RFC so the tests check
 * batch receipts without reusing the hub's own Merkle code.
 */
import { createHash } from 'node:crypto';

/** An item of a batch receipt as the hub hands it out. */
export interface Inclusion {
  claims: string;
  index: number;
  proof: string[];
}

/** The root the proof leads to from the leaf `claims` (its ASCII), or undefined when it cannot. */
export function rootFromProof(inclusion: Inclusion, size: number): string | undefined {
  const sha = (...parts: Buffer[]) => parts.reduce((h, p) => h.update(p), createHash('sha256')).digest();
  let r = sha(Buffer.from([0]), Buffer.from(inclusion.claims, 'ascii'));
  let fn = inclusion.index;
  let sn = size - 1;
  for (const p of inclusion.proof.map((h) => Buffer.from(h, 'base64url'))) {
    if (sn === 0) return undefined;
    if (fn % 2 === 1 || fn === sn) {
      r = sha(Buffer.from([1]), p, r);
      while (fn % 2 === 0 && fn !== 0) [fn, sn] = [fn >> 1, sn >> 1];
    } else {
      r = sha(Buffer.from([1]), r, p);
    }
    [fn, sn] = [fn >> 1, sn >> 1];
  }
  return sn === 0 ? r.toString('base64url') : undefined;
}

/** The claims a leaf carries (base64url of their JSON). */
export function leafClaims(inclusion: Inclusion): Record<string, unknown> {
  return JSON.parse(Buffer.from(inclusion.claims, 'base64url').toString('utf8')) as Record<string, unknown>;
}
