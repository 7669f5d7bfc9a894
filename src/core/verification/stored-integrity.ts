/**
 * @module core/verification/stored-integrity
 * Integrity of a licence the hub holds, as a verification proves it. A normal verification reads
 * the row's facts (no JWS, no payload) and checks their keyed MAC: microseconds, and any edit of a
 * status, a date, a holder or the digest behind the hub's back fails it. The sealed JWS is read —
 * once, on demand — only when something needs it: a row without a MAC yet and a deep check re-verify
 * the seal (ES256) and compare the sealed facts with the row; the full record takes its payload from
 * the JWS, after checking the JWS is the one the MAC vouches for. Nothing is cached across
 * verifications: a JWS or row altered after a first check fails the next one.
 */
import { createHash } from 'node:crypto';
import { currentRowIntegrity, type LicenseFacts, type StoredLicense } from '../licenses/license-row-mac.js';
import { LICENSE_JWS_TYPE } from '../licenses/prepare-license.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { RowMacKeys } from '../ports/row-mac-keys.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { RecordAlteredError } from '../licenses/license-errors.js';
import type { Check } from './verification.js';
import { codeOf } from './verification-checks.js';

export const RECORD_ALTERED: Check = {
  ok: false,
  code: 'ERR_RECORD_ALTERED',
  detail: '存储的证照记录已被改动，与其签章或完整性校验码不一致',
};

/** A stored licence during one verification: its facts, and its full row (JWS, payload) read at most once. */
export interface StoredLicenseView {
  facts: LicenseFacts;
  /** The full row; throws `RecordAlteredError` when it is gone. */
  record(): Promise<StoredLicense>;
  /** The stored JWS (of `record`). */
  jws(): Promise<string>;
}

export function viewStored(licenses: Pick<LicenseRepository, 'find'>, facts: LicenseFacts): StoredLicenseView {
  let record: Promise<StoredLicense> | undefined;
  const view: StoredLicenseView = {
    facts,
    record: () =>
      (record ??= licenses.find(facts.id).then((found) => {
        if (found === undefined) throw new RecordAlteredError(`the stored licence ${facts.id} is gone`);
        return found;
      })),
    jws: async () => (await view.record()).jws,
  };
  return view;
}

export interface StoredIntegrityDeps {
  rowMacs: Pick<RowMacKeys, 'check' | 'learn'>;
  seals: SealVerifier;
}

/** The MAC alone, unless the row has none yet or the caller asked for a deep check (then the seal too). */
export async function storedIntegrity(deps: StoredIntegrityDeps, stored: StoredLicenseView, deep: boolean): Promise<Check> {
  const mac = await currentRowIntegrity(deps.rowMacs, stored.facts);
  if (mac === 'altered') return RECORD_ALTERED;
  if (mac === 'intact' && !deep) return { ok: true };
  try {
    const record = await stored.record();
    const check = await sealMatchesRow(deps.seals, stored.facts, record.jws);
    // The payload column feeds no answer (they read the sealed payload), but an edit of it is still an alteration.
    return check.ok && !sameJson(jwsPayload(record.jws), record.payload) ? RECORD_ALTERED : check;
  } catch (error) {
    return error instanceof RecordAlteredError
      ? RECORD_ALTERED
      : { ok: false, code: codeOf(error, 'ERR_INTERNAL'), detail: '证照签章验证失败' };
  }
}

/** Full re-verification: the stored JWS still carries a valid seal, is the one the row names, and says what the row says. */
export async function sealMatchesRow(seals: SealVerifier, facts: LicenseFacts, jws: string): Promise<Check> {
  let verified;
  try {
    verified = await seals.verify(jws, { typ: LICENSE_JWS_TYPE, at: facts.createdAt, checkPath: false });
  } catch (error) {
    return { ok: false, code: codeOf(error, 'ERR_INTERNAL'), detail: '证照签章验证失败，内容可能被篡改' };
  }
  if (verified.digest !== facts.digest || verified.seal.serial !== facts.sealSerial || !sameFacts(verified.payload, facts)) {
    return RECORD_ALTERED;
  }
  return { ok: true };
}

/** The sealed payload of the stored JWS, only when the JWS is exactly the one the row's digest names. */
export async function sealedPayload(stored: StoredLicenseView): Promise<Record<string, unknown> | undefined> {
  const jws = await stored.jws().catch(() => undefined);
  if (jws === undefined || createHash('sha256').update(jws).digest('hex') !== stored.facts.digest) return undefined;
  return jwsPayload(jws);
}

/** The payload of a compact JWS whose seal was verified before (at acceptance); `undefined` when it is not a JSON object. */
export function jwsPayload(jws: string): Record<string, unknown> | undefined {
  try {
    const payload: unknown = JSON.parse(Buffer.from(jws.split('.')[1] ?? '', 'base64url').toString('utf8'));
    return payload !== null && typeof payload === 'object' && !Array.isArray(payload) ? (payload as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** JSON equality, member order aside (jsonb keeps its own order). */
export function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object' || Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  return (
    ka.length === kb.length &&
    ka.every((k) => Object.hasOwn(b, k) && sameJson((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]))
  );
}

/** What the row states that its sealed payload also states. */
function sameFacts(payload: Record<string, unknown>, f: LicenseFacts): boolean {
  const issuer = (payload.issuer ?? {}) as Record<string, unknown>;
  const holder = (payload.holder ?? {}) as Record<string, unknown>;
  return (
    payload.typeCode === f.typeCode &&
    payload.number === f.number &&
    issuer.uscc === f.issuer.uscc &&
    issuer.name === f.issuer.name &&
    holder.name === f.holder.name &&
    holder.idType === f.holder.idType &&
    holder.id === f.holder.id &&
    payload.issuedAt === f.issuedAt &&
    payload.validFrom === f.validFrom &&
    (payload.validUntil ?? undefined) === f.validUntil &&
    (f.name === undefined || payload.name === f.name) &&
    (payload.replaces ?? undefined) === f.replaces &&
    f.lineage.startsWith(`1.2.156.3005.2.${f.typeCode}.${f.issuer.uscc}.`) &&
    f.id.startsWith(`${f.lineage}.`)
  );
}
