/**
 * @module core/licenses/rotate-row-mac-key
 * A security admin starts a new licence-row MAC key (after a suspected leak, or on schedule). Rows
 * MACed under earlier keys keep verifying (their key id is stored with them) and the seal sweep
 * re-MACs them under the new key after re-verifying their seal. It changes what protects every
 * stored licence, so it is audited (who, when, which key) and every instance is told at once, so
 * none keeps MACing with the old key or fails rows MACed with the new one.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { RowMacKeyRing } from '../ports/row-mac-keys.js';

export interface RotateRowMacKeyDeps {
  keys: Pick<RowMacKeyRing, 'rotate'>;
  audit: Pick<AuditWriter, 'record'>;
  changes: Pick<ChangeNotifier, 'notify'>;
  now(): Date;
}

export async function rotateRowMacKey(deps: RotateRowMacKeyDeps, caller: Principal): Promise<{ kid: string }> {
  const rotated = await deps.keys.rotate();
  await deps.changes.notify('row-mac-keys');
  await deps.audit.record(auditEntry(caller, AuditActions.rowMacKeyRotate, deps.now(), { target: rotated.kid }));
  return rotated;
}
