/**
 * @module core/verification/disclose
 * What a verifier is shown of a licence. Clerks get the facts a counter needs — type, issuer,
 * number, validity — and the holder's name masked (刘*华). The issuing department sees everything.
 * A department's systems entitled to a licence type see the fields its contract marks public
 * (field-level rule, deny by default); personal ID numbers are shown to nobody but the issuer — nor
 * a licence number that embeds one (a type's contract says so), nor the identifier built from it.
 * The issuer of such a licence also learns the keyed reference (`ref:`) that events, cases and
 * receipts name it by, so it can link those back to its own record.
 */
import type { Principal } from '../auth/principal.js';
import { isDisclosable, type DisclosureRule } from '../contracts/field-disclosure.js';
import { maskName } from '../identifiers/mask-name.js';
import type { LicenseFacts } from '../licenses/license-row-mac.js';
import { licenseReference, maskPersonalNumber } from '../licenses/license-reference.js';

export type Disclosure = 'full' | 'entitled' | 'minimal';

export function disclosureFor(caller: Principal, license: Pick<LicenseFacts, 'issuer'>, entitled: boolean): Disclosure {
  if (caller.department === license.issuer.uscc) return 'full';
  return caller.role === 'system' && entitled ? 'entitled' : 'minimal';
}

/**
 * `payload` is the sealed payload, needed only above `minimal` (the verification reads it from the
 * JWS the row's MAC vouches for); the facts come from the row.
 */
export function discloseLicense(
  license: LicenseFacts,
  payload: Record<string, unknown> | undefined,
  level: Disclosure,
  rule: DisclosureRule | undefined,
): Record<string, unknown> {
  // A personal number is sensitive too (the registry checks it), so no reading right reaches it: only the issuer's full view.
  const masked = level !== 'full' && rule?.personalNumber === true;
  const common = {
    id: masked ? maskIdentifierSerial(license.id) : license.id,
    typeCode: license.typeCode,
    name: license.name,
    number: masked ? maskPersonalNumber(license.number) : license.number,
    issuer: license.issuer,
    issuedAt: license.issuedAt,
    validFrom: license.validFrom,
    ...(license.validUntil ? { validUntil: license.validUntil } : {}),
  };
  if (level === 'full') return { ...common, holder: license.holder, data: payload?.data };
  if (level === 'minimal' || !rule) return { ...common, holder: { name: maskName(license.holder.name) } };
  return { ...common, ...(pick(payload ?? {}, '', rule) as Record<string, unknown>), holder: pickHolder(license, rule) };
}

/**
 * The licence as a verification answers it: `discloseLicense`, plus — for the issuer's full view of
 * a licence whose number is personal — the reference its events, cases and receipts name it by.
 * `keyedHash` is the hub's keyed hash of personal numbers (the one licence references are built with).
 */
export function discloseVerified(
  license: LicenseFacts,
  payload: Record<string, unknown> | undefined,
  level: Disclosure,
  rule: DisclosureRule | undefined,
  keyedHash: (value: string) => string,
): Record<string, unknown> {
  const shown = discloseLicense(license, payload, level, rule);
  return level === 'full' && rule?.personalNumber ? { ...shown, reference: licenseReference(license.id, rule, keyedHash) } : shown;
}

/** `1.2.156.3005.2.<type>.<issuer>.<serial>.<version>.<check>` with the serial and the check character (derived from it) hidden. */
function maskIdentifierSerial(id: string): string {
  const parts = id.split('.');
  return [...parts.slice(0, 7), maskPersonalNumber(parts[7] ?? ''), parts[8], '*'].join('.');
}

function pickHolder(license: Pick<LicenseFacts, 'holder'>, rule: DisclosureRule): Record<string, unknown> {
  return {
    name: isDisclosable(rule, '/holder/name') ? license.holder.name : maskName(license.holder.name),
    ...(isDisclosable(rule, '/holder/id') && license.holder.idType !== 'ID'
      ? { idType: license.holder.idType, id: license.holder.id }
      : {}),
  };
}

/** The disclosable part of a JSON value; `undefined` when nothing under it is. */
function pick(value: unknown, pointer: string, rule: DisclosureRule): unknown {
  if (pointer !== '' && isDisclosable(rule, pointer)) return value;
  if (value === null || typeof value !== 'object') return undefined;
  if (Array.isArray(value)) {
    const items = value.map((item, i) => pick(item, `${pointer}/${i}`, rule));
    return items.some((i) => i !== undefined) ? items : undefined;
  }
  const out: Record<string, unknown> = {};
  for (const [key, child] of Object.entries(value)) {
    if (pointer === '' && key === 'holder') continue;
    const picked = pick(child, `${pointer}/${key.replace(/~/g, '~0').replace(/\//g, '~1')}`, rule);
    if (picked !== undefined) out[key] = picked;
  }
  return Object.keys(out).length > 0 ? out : undefined;
}
