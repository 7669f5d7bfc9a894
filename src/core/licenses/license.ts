/**
 * @module core/licenses/license
 * A licence as the hub keeps it: the department's sealed JWS (kept verbatim, the proof), the facts
 * the hub reads from it, its GB/T 36904 identifier and its lifecycle. Two version numbers exist and
 * must not be confused: `idVersion` is the 3-digit version inside the identifier (001 on first issue,
 * +1 per replacement); `revision` counts changes to this record (1 on issue, +1 per status change)
 * and is what events and answers call `version`.
 */
export const LicenseStatuses = ['valid', 'suspended', 'revoked', 'cancelled', 'expired', 'replaced'] as const;
export type LicenseStatus = (typeof LicenseStatuses)[number];

/** Statuses a department may set by a sealed status change (expiry is the hub's, replacement comes with the new licence). */
export type RequestedStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled';

/** National licence status codes (03 撤销, 04 注销, 05 失效, 07 吊销, 99 其他). */
export type NationalStatusCode = '03' | '04' | '05' | '07' | '99';

export const DEFAULT_NATIONAL_CODE: Readonly<Partial<Record<LicenseStatus, NationalStatusCode>>> = {
  revoked: '07',
  cancelled: '04',
  expired: '05',
  suspended: '99',
  replaced: '99',
};

/** Allowed lifecycle moves. Revoked, cancelled and replaced are final: a licence never comes back. */
const TRANSITIONS: Readonly<Record<LicenseStatus, readonly LicenseStatus[]>> = {
  valid: ['suspended', 'revoked', 'cancelled', 'expired', 'replaced'],
  suspended: ['valid', 'revoked', 'cancelled', 'expired', 'replaced'],
  expired: ['revoked', 'cancelled'],
  revoked: [],
  cancelled: [],
  replaced: [],
};

export function canTransition(from: LicenseStatus, to: LicenseStatus): boolean {
  return TRANSITIONS[from].includes(to);
}

export interface LicenseHolder {
  name: string;
  idType: string;
  id: string;
}

export interface LicenseRecord {
  /** GB/T 36904 identifier, including version and check character. */
  id: string;
  typeCode: string;
  issuer: { uscc: string; name: string };
  number: string;
  idVersion: number;
  revision: number;
  /** Stored status; `expired` may also be derived at read time from `validUntil`. */
  status: LicenseStatus;
  holder: LicenseHolder;
  issuedAt: string;
  validFrom: string;
  validUntil: string | undefined;
  payload: Record<string, unknown>;
  jws: string;
  /** SHA-256 of the JWS, hex. */
  digest: string;
  sealSerial: string;
  replaces: string | undefined;
  replacedBy: string | undefined;
  createdAt: Date;
  updatedAt: Date;
}

/** Status as of `today` (YYYY-MM-DD): a valid or suspended licence past `validUntil` is expired. */
export function currentStatus(record: Pick<LicenseRecord, 'status' | 'validUntil'>, today: string): LicenseStatus {
  if ((record.status === 'valid' || record.status === 'suspended') && record.validUntil !== undefined && record.validUntil < today) {
    return 'expired';
  }
  return record.status;
}

/** The calendar date in China (UTC+8, no DST) — licence dates are Beijing dates. */
export function beijingDate(at: Date): string {
  return new Date(at.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
}
