/**
 * @module core/identifiers/mask-name
 * Masks a holder's name for answers to callers not entitled to it: 刘德华 → 刘*华, 张三 → 张*,
 * 新化县某某餐饮店 → 新******店. One rule serves people and organisations alike (keep the first and,
 * from three characters on, the last character). Works on code points so no surrogate pair is split.
 */

export function maskName(name: string): string {
  const chars = Array.from(name.trim());
  if (chars.length <= 1) return chars.length === 0 ? '' : '*';
  if (chars.length === 2) return `${chars[0]}*`;
  return `${chars[0]}${'*'.repeat(chars.length - 2)}${chars[chars.length - 1]}`;
}
