/**
 * @module core/verification/verification
 * The shapes of an online verification (DESIGN §3 `POST /v1/verifications` and
 * `/v1/verifications/presented`): what a caller asks, and the answer that reports each check
 * separately — integrity, issuer, status, holder, and for a presented licence whether the hub
 * knows it — so a clerk sees *why* a licence fails.
 */
import type { ReceiptClaims } from '../ports/receipt-signer.js';

/** The case a verification is for (依职能查验): every verification names one. */
export interface Purpose {
  caseNo: string;
  serviceItem?: string;
}

export interface VerificationRequest {
  licenseId?: string;
  number?: string;
  typeCode?: string;
  holder?: { id?: string; name?: string };
  purpose: Purpose;
  /** Re-verify the stored seal (ES256) as well as the row MAC (`?deep=true`). */
  deep?: boolean;
}

export interface Check {
  ok: boolean;
  code?: string;
  detail?: string;
}

export type VerificationResult = 'valid' | 'invalid' | 'not_found';

/** A verification done up to its receipt: the answer without it, and the claims a receipt signs. */
export interface CheckedVerification {
  answer: Omit<VerificationAnswer, 'receipt'>;
  claims: ReceiptClaims;
}

export interface VerificationAnswer {
  result: VerificationResult;
  status?: string;
  checks: Record<string, Check>;
  license?: Record<string, unknown>;
  checkedAt: string;
  receipt: string;
}
