/**
 * @module core/verification/rotate-receipt-key
 * A security admin starts a new receipt-signing key (after a suspected leak, or on schedule). The
 * previous key stays published so receipts already handed out still verify. It changes what every
 * future receipt is signed with, so it is audited like any other security action: who, when, which
 * new key. Every instance is told at once so none keeps signing or verifying with the old ring.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { ReceiptKeyRing } from '../ports/receipt-signer.js';

export interface RotateReceiptKeyDeps {
  keys: Pick<ReceiptKeyRing, 'rotate'>;
  audit: Pick<AuditWriter, 'record'>;
  /** Every other instance reloads its keys at once, so receipts signed here verify there. */
  changes: Pick<ChangeNotifier, 'notify'>;
  now(): Date;
}

export async function rotateReceiptKey(deps: RotateReceiptKeyDeps, caller: Principal): Promise<{ kid: string }> {
  const rotated = await deps.keys.rotate();
  await deps.changes.notify('receipt-keys');
  await deps.audit.record(auditEntry(caller, AuditActions.receiptKeyRotate, deps.now(), { target: rotated.kid }));
  return rotated;
}
