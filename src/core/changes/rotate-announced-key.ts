/**
 * @module core/changes/rotate-announced-key
 * A security admin starts a new key for one of the hub's key rings (after a suspected leak, or on
 * schedule). Every ring goes the same way: rotate, tell every instance at once — each reloads its
 * ring, so none keeps signing, MACing or sealing under the old key, and what one instance makes
 * under the new key the others can check or open — then record who rotated to which key. It
 * changes what protects everything made from now on, so it is audited like any other security
 * action; a failed rotation records nothing. What happens to the old keys differs per ring, below.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { ChangeNotifier, ChangeTopic } from '../ports/change-notifier.js';

export const KeyRings = {
  /** Receipt signing: the previous key stays published, so receipts already handed out still verify. */
  receipts: { topic: 'receipt-keys', action: AuditActions.receiptKeyRotate },
  /**
   * Licence-row MACs: rows MACed under earlier keys keep verifying (their key id is stored with
   * them), and the seal sweep re-MACs them under the new key after re-verifying their seal.
   */
  licenceRows: { topic: 'row-mac-keys', action: AuditActions.rowMacKeyRotate },
  /**
   * Kept exchange bodies: bodies sealed under earlier keys keep opening until the retention purge
   * deletes them. They are not re-sealed — whoever holds an old key and a copy of the rows already
   * has those bodies, and re-sealing cannot take that back — and no key is ever dropped from the
   * ring, because an instance that missed the notice may still be sealing under the previous one.
   */
  exchangeBodies: { topic: 'body-keys', action: AuditActions.dataBodyKeyRotate },
} as const satisfies Record<string, { topic: ChangeTopic; action: string }>;

export interface RotateAnnouncedKeyDeps<R> {
  keys: { rotate(): Promise<R> };
  audit: Pick<AuditWriter, 'record'>;
  changes: Pick<ChangeNotifier, 'notify'>;
  now(): Date;
}

export async function rotateAnnouncedKey<R extends { kid: string } | { keyId: string }>(
  ring: (typeof KeyRings)[keyof typeof KeyRings],
  deps: RotateAnnouncedKeyDeps<R>,
  caller: Principal,
): Promise<R> {
  const rotated = await deps.keys.rotate();
  await deps.changes.notify(ring.topic);
  const target = 'kid' in rotated ? rotated.kid : rotated.keyId;
  await deps.audit.record(auditEntry(caller, ring.action, deps.now(), { target }));
  return rotated;
}
