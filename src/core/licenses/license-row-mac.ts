/**
 * @module core/licenses/license-row-mac
 * Integrity of a stored licence row, proven with the hub's keyed MAC instead of an ES256
 * re-verification of its seal. The seal is verified once, when the licence is accepted; the MAC,
 * written in the same transaction and recomputed on every status change, binds the row's facts —
 * everything an answer is built from, including the SHA-256 of the sealed JWS — to that moment.
 * Whoever can edit the database but does not hold the key cannot change a status, a date, a holder
 * or the digest without the MAC failing (see README.md, "Stored licences: what protects them").
 */
import type { RowMacKeys, RowMacTag } from '../ports/row-mac-keys.js';
import type { LicenseRecord } from './license.js';

/** Everything of a stored licence but its sealed JWS and payload: what a normal verification reads. */
export interface LicenseFacts extends Omit<LicenseRecord, 'payload' | 'jws'> {
  /** Identifier without version and check char, shared by every version. */
  lineage: string;
  /** The licence's own name as sealed (`payload.name`). */
  name: string | undefined;
  /** `undefined` on a row stored before rows carried MACs (verified the slow way until the sweep MACs it). */
  rowMac: RowMacTag | undefined;
}

/** A stored licence in full, as the sweep and the issuer's own reads see it. */
export type StoredLicense = LicenseRecord & LicenseFacts;

export type RowIntegrity = 'intact' | 'altered' | 'unsealed';

/** Version tag of the message layout: a change of fields is a new version, never a silent reinterpretation. */
const LAYOUT = 'zz-license-row/1';

/** The MACed message: a JSON array in fixed order, so no two different rows share a message. */
export function rowMacMessage(f: Omit<LicenseFacts, 'rowMac' | 'updatedAt'>): string {
  return JSON.stringify([
    LAYOUT,
    f.id,
    f.lineage,
    f.typeCode,
    f.issuer.uscc,
    f.issuer.name,
    f.number,
    f.name ?? null,
    f.idVersion,
    f.revision,
    f.status,
    f.holder.name,
    f.holder.idType,
    f.holder.id,
    f.issuedAt,
    f.validFrom,
    f.validUntil ?? null,
    f.digest,
    f.sealSerial,
    f.replaces ?? null,
    f.replacedBy ?? null,
    f.createdAt.toISOString(),
  ]);
}

export function signRow(keys: Pick<RowMacKeys, 'sign'>, facts: Omit<LicenseFacts, 'rowMac' | 'updatedAt'>): RowMacTag {
  return keys.sign(rowMacMessage(facts));
}

export function rowIntegrity(keys: Pick<RowMacKeys, 'check'>, facts: LicenseFacts): RowIntegrity {
  if (!facts.rowMac) return 'unsealed';
  return keys.check(rowMacMessage(facts), facts.rowMac) ? 'intact' : 'altered';
}

/** `rowIntegrity`, learning first a key another instance may just have rotated to. */
export async function currentRowIntegrity(keys: Pick<RowMacKeys, 'check' | 'learn'>, facts: LicenseFacts): Promise<RowIntegrity> {
  const integrity = rowIntegrity(keys, facts);
  if (integrity !== 'altered' || !facts.rowMac) return integrity;
  await keys.learn(facts.rowMac.kid);
  return rowIntegrity(keys, facts);
}

/** The licence's own name from its sealed payload, as the row keeps it. */
export function licenseName(payload: Record<string, unknown>): string | undefined {
  return typeof payload.name === 'string' ? payload.name : undefined;
}
