/**
 * @module main/demo/seeded-random
 * A small deterministic random source for generated demo and benchmark data. Each licence gets its
 * own stream derived from `(seed, index)`, so licence *n* is the same whoever generates it and in
 * whatever order — the benchmark's worker threads each take a slice and agree with one another.
 */

export interface Random {
  /** Uniform in [0, 1). */
  next(): number;
  /** Uniform integer in [min, max]. */
  int(min: number, max: number): number;
  pick<T>(items: readonly T[]): T;
  /** `count` distinct items, in random order. */
  sample<T>(items: readonly T[], count: number): T[];
  chance(probability: number): boolean;
}

/** A mulberry32 stream (fast, 32-bit state; plenty for test data, never for secrets). */
export function seededRandom(seed: number, index = 0): Random {
  let state = mix(mix(seed >>> 0) ^ Math.imul(index >>> 0, 0x9e3779b9) ^ Math.floor(index / 2 ** 32));
  const next = (): number => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 2 ** 32;
  };
  const int = (min: number, max: number): number => min + Math.floor(next() * (max - min + 1));
  return {
    next,
    int,
    pick: <T>(items: readonly T[]): T => {
      if (items.length === 0) throw new TypeError('pick from an empty list');
      return items[int(0, items.length - 1)] as T;
    },
    sample<T>(items: readonly T[], count: number): T[] {
      const pool = [...items];
      const out: T[] = [];
      while (out.length < count && pool.length > 0) out.push(pool.splice(int(0, pool.length - 1), 1)[0] as T);
      return out;
    },
    chance: (probability: number): boolean => next() < probability,
  };
}

/** murmur3's finaliser: spreads nearby seeds and indices over the whole state space. */
function mix(value: number): number {
  let h = value >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x85ebca6b);
  h = Math.imul(h ^ (h >>> 13), 0xc2b2ae35);
  return (h ^ (h >>> 16)) >>> 0;
}

/**
 * A bijection on [0, size): spreads consecutive indices over the whole range (a multiplier near
 * size × golden ratio, coprime with size, plus an offset), so identifiers derived from them look
 * random yet never repeat.
 */
export function scatter(index: number, size: number): number {
  if (!Number.isSafeInteger(index) || index < 0 || index >= size) throw new RangeError(`index ${index} outside [0, ${size})`);
  const multiplier = BigInt(coprimeMultiplier(size));
  return Number((BigInt(index) * multiplier + BigInt(Math.floor(size * 0.41421356))) % BigInt(size));
}

const multipliers = new Map<number, number>();

function coprimeMultiplier(size: number): number {
  let multiplier = multipliers.get(size);
  if (multiplier === undefined) {
    multiplier = Math.floor(size * 0.6180339887) | 1;
    while (gcd(multiplier, size) !== 1) multiplier += 1;
    multipliers.set(size, multiplier);
  }
  return multiplier;
}

function gcd(a: number, b: number): number {
  return b === 0 ? a : gcd(b, a % b);
}
