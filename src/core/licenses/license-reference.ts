/**
 * @module core/licenses/license-reference
 * How a licence is named where it leaves the issuer — audit targets and receipt subjects. Most
 * licences are named by their GB/T 36904 identifier. A licence type whose contract declares its
 * number personal (`x-zz.disclosure.personal: ["/number"]`, e.g. 残疾人证 = ID number + 2 codes)
 * would put a 居民身份证号 in clear into every such place, so it is named by a keyed reference
 * instead: `ref:` + the hub's keyed hash (the one the audit uses for ID numbers) of the identifier.
 * Whoever holds the identifier (the issuer, or a clerk who asked for it) can recompute the link
 * through the hub; nobody else can read the number back.
 */
import type { DisclosureRule } from '../contracts/field-disclosure.js';

export const LICENSE_REFERENCE_PREFIX = 'ref:';

/** `id` (a licence identifier, or what a caller asked for) as it may be recorded outside the issuer. */
export function licenseReference(
  id: string,
  rule: Pick<DisclosureRule, 'personalNumber'> | undefined,
  keyedHash: (value: string) => string,
): string {
  return rule?.personalNumber ? `${LICENSE_REFERENCE_PREFIX}${keyedHash(id)}` : id;
}

/** A personal number or identifier as an answer shows it to someone not entitled to it: its length, no digit. */
export function maskPersonalNumber(value: string): string {
  return '*'.repeat(Array.from(value).length);
}
