/**
 * @module core/verification/verification-batch
 * Many licences verified for one case with one signature (`POST /v1/verifications/batch`): each
 * item goes through the same pipeline as a single verification — its own rate-limit token, checks,
 * audit entry and disclosure — and what each single receipt would have signed becomes a leaf of a
 * Merkle tree whose root the hub signs once. Each item carries its inclusion proof, so an item can
 * be shown and checked offline on its own. An item the single verification would refuse (rate
 * limit, ambiguous number, holder checks paused) is answered with that error's code in its place;
 * the others still pass — unless the caller asks for refusals to fail the batch (the material check
 * of a case, which must not read a refused item as a licence that failed its checks).
 */
import type { Principal } from '../auth/principal.js';
import { HubError } from '../errors.js';
import type { ReceiptInclusion, ReceiptSigner } from '../ports/receipt-signer.js';
import type { CheckedVerification, Purpose, VerificationAnswer, VerificationRequest } from './verification.js';
import { VerificationBatchTooLargeError } from './verification-errors.js';

/** The most licences one batch may carry: one case's materials, not a bulk export. */
export const MAX_BATCH_ITEMS = 100;

export type BatchItem = Omit<VerificationRequest, 'purpose'>;

export type BatchItemAnswer =
  (Omit<VerificationAnswer, 'receipt'> & { inclusion: ReceiptInclusion }) | { error: { code: string; detail: string } };

export interface BatchAnswer {
  /** The signed Merkle root (`typ: zz-receipt-batch+jwt`) over every answered item's receipt claims. */
  receipt?: string;
  items: BatchItemAnswer[];
}

export interface BatchOptions {
  /**
   * `answer` (default): a refused item carries its error code in place. `throw`: the first refused
   * item's error fails the whole batch, after every item has settled (nothing is signed).
   */
  refusals?: 'answer' | 'throw';
}

export interface VerificationBatchDeps {
  check(caller: Principal, request: VerificationRequest): Promise<CheckedVerification>;
  receipts: Pick<ReceiptSigner, 'signBatch'>;
  now(): Date;
}

export function createVerificationBatch(deps: VerificationBatchDeps) {
  return async function verifyBatch(
    caller: Principal,
    items: readonly BatchItem[],
    purpose: Purpose,
    options: BatchOptions = {},
  ): Promise<BatchAnswer> {
    if (items.length > MAX_BATCH_ITEMS) {
      throw new VerificationBatchTooLargeError(`一批最多查验 ${MAX_BATCH_ITEMS} 份证照`, { extra: { maxItems: MAX_BATCH_ITEMS } });
    }
    const settled = await Promise.allSettled(items.map((item) => deps.check(caller, { ...item, purpose })));
    const refused = options.refusals === 'throw' ? settled.find((s): s is PromiseRejectedResult => s.status === 'rejected') : undefined;
    if (refused) throw refused.reason;
    const checked = settled.map((s) => {
      if (s.status === 'fulfilled') return s.value;
      if (s.reason instanceof HubError) return { error: { code: s.reason.code, detail: s.reason.message } };
      throw s.reason;
    });
    const answered = checked.filter((c): c is CheckedVerification => 'claims' in c);
    if (answered.length === 0) return { items: checked as BatchItemAnswer[] };

    const batch = await deps.receipts.signBatch(
      {
        caseNo: purpose.caseNo,
        ...(purpose.serviceItem ? { serviceItem: purpose.serviceItem } : {}),
        ...(caller.department ? { department: caller.department } : {}),
        actor: caller.actor,
        iat: Math.floor(deps.now().getTime() / 1000),
      },
      answered.map((c) => c.claims),
    );
    let leaf = 0;
    return {
      receipt: batch.receipt,
      items: checked.map((c) => ('claims' in c ? { ...c.answer, inclusion: batch.items[leaf++] as ReceiptInclusion } : c)),
    };
  };
}
