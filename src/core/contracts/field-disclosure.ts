/**
 * @module core/contracts/field-disclosure
 * Field-level disclosure of a licence payload, deny by default: a field may be shown to a reader
 * who is neither the issuer nor otherwise entitled only when a public pattern covers it and no
 * sensitive pattern does. Patterns are JSON pointers into the payload where `*` stands for any one
 * segment (an array index), and a pattern covers everything beneath it: `/data/spouses` covers
 * `/data/spouses/0/id`. The registry requires every field of a licence type to be classified, so a
 * field added without a decision shows up at start, not in an answer.
 */

export interface DisclosureRule {
  /** Patterns of fields any authorised verifier may see. */
  publicFields: readonly string[];
  /** Patterns of personal or otherwise sensitive fields; these win over public patterns. */
  sensitiveFields: readonly string[];
  /**
   * The licence number embeds a personal ID number (残疾人证: the ID + 2 codes; 驾驶证: the ID), so
   * the number and the GB/T 36904 identifier built from it are personal data wherever they leave
   * the issuer (`x-zz.disclosure.personal: ["/number"]`).
   */
  personalNumber?: boolean;
}

export function patternCovers(pattern: string, pointer: string): boolean {
  const want = segments(pattern);
  const have = segments(pointer);
  if (want.length > have.length) return false;
  return want.every((segment, i) => segment === '*' || segment === have[i]);
}

export function isDisclosable(rule: DisclosureRule, pointer: string): boolean {
  if (rule.sensitiveFields.some((pattern) => patternCovers(pattern, pointer))) return false;
  return rule.publicFields.some((pattern) => patternCovers(pattern, pointer));
}

function segments(pointer: string): string[] {
  return pointer === '' ? [] : pointer.slice(1).split('/');
}
