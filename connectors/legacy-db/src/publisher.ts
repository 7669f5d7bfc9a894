/**
 * @module legacy-db/publisher
 * What the connector needs from the hub, kept this small so the capture side does not depend on how
 * licences are sealed or carried. Sealing and submitting are separate on purpose: the connector keeps
 * the sealed JWS before submitting it, so a retry after a crash resends the very same bytes and the
 * hub recognises them (a fresh signature over the same licence would be a conflicting one).
 */

/** The status-change payload of `schemas/licenses/status-change.json`. */
export interface StatusChangePayload {
  licenseId: string;
  status: 'valid' | 'suspended' | 'revoked' | 'cancelled';
  nationalStatusCode?: string;
  reason: string;
  effectiveAt: string;
}

export interface Published {
  /** The licence's GB/T 36904 identifier. */
  id: string;
  status: string;
}

export interface LicensePublisher {
  sealLicense(payload: Record<string, unknown>): Promise<string>;
  sealStatusChange(change: StatusChangePayload): Promise<string>;
  /** A licence or replacement; the same JWS again answers as the first time. */
  submitLicense(jws: string): Promise<Published>;
  submitStatusChange(licenseId: string, jws: string): Promise<Published>;
}

/**
 * The hub (or the sealing step) refused for good: the row is set aside with this code until it
 * changes again. Anything else thrown by a publisher counts as transient and is retried.
 */
export class PublishRefusedError extends Error {
  override readonly name = 'PublishRefusedError';
  constructor(
    readonly code: string,
    readonly detail: string,
    /** Problem members beyond code and detail, e.g. the licence's current `status`. */
    readonly extra: Record<string, unknown> = {},
  ) {
    super(`${code}: ${detail}`);
  }
}
