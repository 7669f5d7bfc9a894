/**
 * @module postgres/license-row
 * The one mapping between a licence and its `licenses` row, both ways: what publication inserts
 * (with the row MAC made in the same step, so no row is ever written without one) and what reads
 * return — the narrow facts a verification needs, or the full record with the sealed JWS and
 * payload. Exported for tools that write rows directly (the benchmark's seeder), so their rows
 * carry a valid MAC and never drift from the hub's.
 */
import type { LicenseRecord, LicenseStatus } from '../core/licenses/license.js';
import { licenseName, signRow, type LicenseFacts, type StoredLicense } from '../core/licenses/license-row-mac.js';
import type { NewLicense } from '../core/ports/license-repository.js';
import type { RowMacKeys } from '../core/ports/row-mac-keys.js';

/** Columns of an inserted row, in the order `licenseRow` fills them. */
export const LICENSE_ROW_COLUMNS = [
  'id',
  'type_code',
  'issuer',
  'issuer_name',
  'number',
  'lineage',
  'id_version',
  'status',
  'holder_name',
  'holder_id_type',
  'holder_id',
  'issued_at',
  'valid_from',
  'valid_until',
  'payload',
  'jws',
  'digest',
  'seal_serial',
  'replaces',
  'name',
  'created_at',
  'mac',
  'mac_kid',
] as const;

export type LicenseRowColumn = (typeof LICENSE_ROW_COLUMNS)[number];
/** `payload` is the JSON text as sealed (see multi-row-insert). */
export type LicenseRow = Record<LicenseRowColumn, string | number | Date | null>;

/** A new licence's row (revision 1, valid), MACed under the current key. */
export function licenseRow(l: NewLicense, keys: Pick<RowMacKeys, 'sign'>, createdAt: Date): LicenseRow {
  const name = licenseName(l.payload);
  const tag = signRow(keys, {
    ...l,
    name,
    revision: 1,
    status: 'valid',
    replacedBy: undefined,
    createdAt,
  });
  return {
    id: l.id,
    type_code: l.typeCode,
    issuer: l.issuer.uscc,
    issuer_name: l.issuer.name,
    number: l.number,
    lineage: l.lineage,
    id_version: l.idVersion,
    status: 'valid',
    holder_name: l.holder.name,
    holder_id_type: l.holder.idType,
    holder_id: l.holder.id,
    issued_at: l.issuedAt,
    valid_from: l.validFrom,
    valid_until: l.validUntil ?? null,
    payload: l.payloadJson,
    jws: l.jws,
    digest: l.digest,
    seal_serial: l.sealSerial,
    replaces: l.replaces ?? null,
    name: name ?? null,
    created_at: createdAt,
    mac: tag.mac,
    mac_kid: tag.kid,
  };
}

export interface FactsRow {
  id: string;
  type_code: string;
  issuer: string;
  issuer_name: string;
  number: string;
  lineage: string;
  name: string | null;
  id_version: number;
  revision: number;
  status: LicenseStatus;
  holder_name: string;
  holder_id_type: string;
  holder_id: string;
  issued_at: string;
  valid_from: string;
  valid_until: string | null;
  digest: string;
  seal_serial: string;
  replaces: string | null;
  replaced_by: string | null;
  created_at: Date;
  updated_at: Date;
  mac: string | null;
  mac_kid: string | null;
}

export interface FullRow extends FactsRow {
  payload: Record<string, unknown>;
  jws: string;
}

// Dates as ISO text: a calendar date has no time zone to shift it. A row stored before it had
// `name` reads it from the payload (only those rows detoast it).
export const FACT_COLUMNS = `id, type_code, issuer, issuer_name, number, lineage, coalesce(name, payload->>'name') as name, id_version,
  revision, status, holder_name, holder_id_type, holder_id, issued_at::text, valid_from::text, valid_until::text, digest,
  seal_serial, replaces, replaced_by, created_at, updated_at, mac, mac_kid`;
export const FULL_COLUMNS = `${FACT_COLUMNS}, payload, jws`;

export function toFacts(row: FactsRow): LicenseFacts {
  return {
    id: row.id,
    typeCode: row.type_code,
    issuer: { uscc: row.issuer, name: row.issuer_name },
    number: row.number,
    lineage: row.lineage,
    name: row.name ?? undefined,
    idVersion: row.id_version,
    revision: row.revision,
    status: row.status,
    holder: { name: row.holder_name, idType: row.holder_id_type, id: row.holder_id },
    issuedAt: row.issued_at,
    validFrom: row.valid_from,
    validUntil: row.valid_until ?? undefined,
    digest: row.digest,
    sealSerial: row.seal_serial,
    replaces: row.replaces ?? undefined,
    replacedBy: row.replaced_by ?? undefined,
    createdAt: row.created_at,
    updatedAt: row.updated_at,
    rowMac: row.mac !== null && row.mac_kid !== null ? { kid: row.mac_kid, mac: row.mac } : undefined,
  };
}

export function toStored(row: FullRow): StoredLicense {
  return { ...toFacts(row), payload: row.payload, jws: row.jws } satisfies LicenseRecord & LicenseFacts;
}
