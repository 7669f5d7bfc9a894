/**
 * @module hub-types
 * The shapes of the hub's answers and of the requests the client takes, as the SDK's public API
 * names them (the payloads themselves are generated from the schemas, see payloads/).
 */
import type { LicenseStatusChange } from './payloads/license-status-change.js';

/** Where a licence went: its GB/T 36904 identifier, and what the hub said about it. */
export interface PublishResult {
  id: string;
  status?: string;
  version?: number;
  /** true: stored now; false: it was there already (same content). Absent over Kafka, which does not say. */
  created?: boolean;
  /**
   * Over Kafka, for a type whose number embeds a personal ID number (残疾人证): the keyed reference
   * `ref:…` the hub's answer, events and cases name the licence by (`id` is then computed from what was sealed).
   */
  reference?: string;
}

/** A licence of this department: its identifier, or its type and printed number. */
export type LicenseRef = string | { typeCode: string; number: string };

/** A status change without the licence (given separately) and with `effectiveAt` defaulting to now. */
export type StatusChangeInput = Omit<LicenseStatusChange, 'licenseId' | 'effectiveAt'> & { effectiveAt?: string };

export interface StatusChangeResult {
  id: string;
  status: string;
  version?: number;
  previousStatus?: string;
  /** false when the licence already had this status (nothing changed). */
  applied: boolean;
}

export interface VerifyRequest {
  licenseId?: string;
  number?: string;
  typeCode?: string;
  holder?: { id?: string; name?: string };
  purpose: { caseNo: string; serviceItem?: string };
}

export interface VerificationCheck {
  ok: boolean;
  code?: string;
  detail?: string;
}

export interface VerificationAnswer {
  result: 'valid' | 'invalid' | 'not_found';
  status?: string;
  checks: Partial<Record<'integrity' | 'issuer' | 'status' | 'holder' | 'known', VerificationCheck>>;
  license?: Record<string, unknown>;
  checkedAt: string;
  receipt: string;
}

/** Up to 100 licences for one case (`POST /v1/verifications/batch`, or a batch on `verifications.requests`). */
export interface VerifyBatchRequest {
  items: Omit<VerifyRequest, 'purpose'>[];
  purpose: VerifyRequest['purpose'];
}

/** One receipt for the batch; each item its answer with an inclusion proof, or the error in its place. */
export interface VerifyBatchAnswer {
  receipt?: string;
  items: (
    | (Omit<VerificationAnswer, 'receipt'> & { inclusion: { claims: string; index: number; proof: string[] } })
    | { error: { code: string; detail: string } }
  )[];
}
