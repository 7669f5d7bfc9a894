/**
 * @module core/data-sharing/rotate-body-key
 * A security admin starts a new key for the kept bodies of data exchanges (after a suspected leak,
 * or on schedule). New bodies are sealed under it at once on every instance; bodies sealed under
 * earlier keys keep opening (their key id is stored with them) until the retention purge deletes
 * them. They are not re-sealed: whoever holds an old key and a copy of the rows already has those
 * bodies, and re-sealing cannot take that back; and no key is ever dropped from the ring, because an
 * instance that missed the change notice may still be sealing under the previous one. The retention
 * (at most ten years) is what retires an old key's bodies. It changes what protects every body kept
 * from now on, so it is audited (who, when, which key) and every instance is told at once, so none
 * keeps sealing under the old key.
 */
import { AuditActions, auditEntry } from '../audit/audit-actions.js';
import type { Principal } from '../auth/principal.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { BodyKeyRing } from '../ports/body-sealer.js';
import type { ChangeNotifier } from '../ports/change-notifier.js';

export interface RotateBodyKeyDeps {
  keys: Pick<BodyKeyRing, 'rotate'>;
  audit: Pick<AuditWriter, 'record'>;
  changes: Pick<ChangeNotifier, 'notify'>;
  now(): Date;
}

export async function rotateBodyKey(deps: RotateBodyKeyDeps, caller: Principal): Promise<{ keyId: string }> {
  const rotated = await deps.keys.rotate();
  await deps.changes.notify('body-keys');
  await deps.audit.record(auditEntry(caller, AuditActions.dataBodyKeyRotate, deps.now(), { target: rotated.keyId }));
  return rotated;
}
