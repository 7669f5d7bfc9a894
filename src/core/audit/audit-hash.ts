/**
 * @module core/audit/audit-hash
 * The one definition of how an audit entry is chained, shared by the appender and the verifier:
 *
 *   hash = SHA-256( prev_hash ‖ UTF-8( canonical JSON of the chained fields ) )
 *
 * - `prev_hash` is the 32-byte hash of the entry before in the same chain; the first entry of a
 *   chain follows `GENESIS_HASH` (32 zero bytes). Chains are told apart by `chainId`, which is hashed.
 * - The canonical JSON is the object of all 14 `ChainedFields` with keys sorted by UTF-16 code units
 *   (as RFC 8785 JCS does), recursively inside `details`, no whitespace, numbers and strings as
 *   `JSON.stringify` writes them (ES number formatting, as JCS), an absent field as `null`, `at` as
 *   ISO 8601 UTC with milliseconds, `seq` as a JSON number (its exact decimal digits, from a bigint).
 * - The database id is not hashed: it is a storage cursor, and chain order is `seq`.
 *
 * `toChainedFields` also makes every value storable exactly as hashed: PostgreSQL refuses NUL in
 * text and jsonb and would re-encode lone surrogates, so those are replaced first; `details` goes
 * through a JSON round trip, the form jsonb gives back. One odd string must not fail a whole batch.
 */
import { Buffer } from 'node:buffer';
import { createHash } from 'node:crypto';
import type { AuditEntry } from './audit-entry.js';
import type { ChainedFields } from './audit-record.js';

export const GENESIS_HASH: Uint8Array = new Uint8Array(32);

export function toChainedFields(entry: AuditEntry, chainId: string, seq: bigint): ChainedFields {
  return {
    chainId,
    seq,
    at: new Date(entry.at.getTime()),
    action: clean(entry.action),
    actor: clean(entry.actor),
    role: clean(entry.role),
    department: optional(entry.department),
    target: optional(entry.target),
    typeCode: optional(entry.typeCode),
    caseNo: optional(entry.purpose?.caseNo),
    serviceItem: optional(entry.purpose?.serviceItem),
    result: clean(entry.result),
    requestId: optional(entry.requestId),
    details: entry.details === undefined ? undefined : (cleanJson(JSON.parse(JSON.stringify(entry.details))) as Record<string, unknown>),
  };
}

/** `details` in canonical JSON (`null` when absent): hashed, and stored as it is by the appender. */
export function canonicalDetails(details: ChainedFields['details']): string {
  return details === undefined ? 'null' : canonical(details);
}

export function canonicalJson(f: ChainedFields, details = canonicalDetails(f.details)): string {
  // The 14 keys written in their sorted order by hand: this runs for every entry on the hot path.
  return (
    `{"action":${text(f.action)},"actor":${text(f.actor)},"at":"${f.at.toISOString()}","caseNo":${text(f.caseNo)},` +
    `"chainId":${text(f.chainId)},"department":${text(f.department)},"details":${details},` +
    `"requestId":${text(f.requestId)},"result":${text(f.result)},"role":${text(f.role)},"seq":${f.seq},` +
    `"serviceItem":${text(f.serviceItem)},"target":${text(f.target)},"typeCode":${text(f.typeCode)}}`
  );
}

/** `details` may be passed when the caller already holds `canonicalDetails(fields.details)`. */
export function chainHash(prevHash: Uint8Array, fields: ChainedFields, details = canonicalDetails(fields.details)): Uint8Array {
  return new Uint8Array(createHash('sha256').update(prevHash).update(canonicalJson(fields, details), 'utf8').digest());
}

export function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && Buffer.from(a).equals(Buffer.from(b));
}

function text(value: string | undefined): string {
  return value === undefined ? 'null' : JSON.stringify(value);
}

function canonical(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((v) => canonical(v === undefined ? null : v)).join(',')}]`;
  const object = value as Record<string, unknown>;
  const keys = Object.keys(object)
    .filter((k) => object[k] !== undefined)
    .sort();
  return `{${keys.map((k) => `${JSON.stringify(k)}:${canonical(object[k])}`).join(',')}}`;
}

function optional(value: string | undefined): string | undefined {
  return value === undefined ? undefined : clean(value);
}

/** NUL or any surrogate: only then is the (slower) repair needed. */
const SUSPECT = /[\0\ud800-\udfff]/;

/** NUL → U+FFFD, lone surrogates → U+FFFD (what a UTF-8 round trip does). */
function clean(value: string): string {
  return SUSPECT.test(value) ? Buffer.from(value.replaceAll('\0', '\uFFFD'), 'utf8').toString('utf8') : value;
}

function cleanJson(value: unknown): unknown {
  if (typeof value === 'string') return clean(value);
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map(cleanJson);
  return Object.fromEntries(Object.entries(value).map(([k, v]) => [clean(k), cleanJson(v)]));
}
