/**
 * @module main/audit
 * Wiring of the audit log. Each process start opens two chains of its own, named after the start
 * time plus a random suffix (`20250301T080000Z-9f2c41d0/tx`, `…/grouped`): a random id per start
 * needs no configuration and can never be shared by two running instances by mistake, and a
 * restarted instance simply begins new chains (the old ones end with the checkpoint signed at stop).
 * Two chains rather than one because appends lock their chain's head until commit: verifications,
 * group-committed every few milliseconds, must not queue behind a long licence-publication
 * transaction. Checkpoints of both are signed every few minutes with the hub's checkpoint key and
 * published, with the register of chains, to the anchor file outside the database.
 */
import { randomBytes } from 'node:crypto';
import { verifyAuditChains } from '../audit/verify-chain.js';
import { startCheckpointer } from '../audit/checkpointer.js';
import { createFileAuditAnchor } from '../audit/file-audit-anchor.js';
import { openBodyKeyRing } from '../audit/body-sealer.js';
import { loadOrCreateKeyedHasher } from '../audit/keyed-hasher.js';
import type { Config } from '../config/config.js';
import { servicePrincipal } from '../core/audit/audit-actions.js';
import type { AuditVerification } from '../core/audit/audit-verification.js';
import type { Principal } from '../core/auth/principal.js';
import type { BodyKeyRing } from '../core/ports/body-sealer.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { Logger } from '../core/ports/logger.js';
import type { PersonalIdHasher } from '../core/ports/personal-id-hasher.js';
import { currentRequestContext } from '../logging/request-context.js';
import { loadOrCreateSigner } from '../pki/keys/file-signer.js';
import type { Database } from '../postgres/database.js';
import { auditAppender, openAuditChain, type AuditAppender } from '../postgres/postgres-audit-log.js';
import { PostgresAuditReader } from '../postgres/postgres-audit-reader.js';
import { PostgresAuditWriter } from '../postgres/postgres-audit-writer.js';
import { withCaMaterialLock } from '../postgres/postgres-ca-material-store.js';
import { readOrCreatePassphrase } from './secret-files.js';

const CHECKPOINT_KEY = 'audit-checkpoint.key.pem';

export interface AuditWiring {
  /** Transactional appends (`LicenseTransaction.appendAudit` and the repositories' audited writes). */
  appender: AuditAppender;
  /** Group-committed entries for actions that write nothing else. */
  writer: PostgresAuditWriter;
  personalIds: PersonalIdHasher;
  /** Seals the exchange bodies a service's retention keeps (rotation: core/changes/rotate-announced-key). */
  bodyKeys: BodyKeyRing;
  reader: PostgresAuditReader;
  /** The principal of the current request, or the hub itself outside one. */
  currentCaller(): Principal;
  verify(): Promise<AuditVerification>;
  /** Flushes the writer, then signs a last checkpoint. */
  stop(): Promise<void>;
}

export interface AuditWiringDeps {
  config: Config;
  db: Database;
  logger: Logger;
  /** Body-key rotations reach every instance at once. */
  changes: Pick<ChangeNotifier, 'subscribe'>;
  now(): Date;
}

export async function openAudit({ config, db, logger, changes, now }: AuditWiringDeps): Promise<AuditWiring> {
  const passphrase = await readOrCreatePassphrase(config, logger);
  const { signer, personalIds } = await withCaMaterialLock(db.sql, async (store) => ({
    signer: await loadOrCreateSigner(store, CHECKPOINT_KEY, passphrase, 'ES256'),
    personalIds: await loadOrCreateKeyedHasher(store, passphrase),
  }));
  const bodyKeys = await openBodyKeyRing({ withStore: (work) => withCaMaterialLock(db.sql, work), passphrase });
  changes.subscribe('body-keys', () => {
    bodyKeys.reload().catch((error: unknown) => logger.warn({ err: error }, 'body key reload after a change notice failed'));
  });
  const instance = `${now()
    .toISOString()
    .replace(/[-:]|\.\d+/g, '')}-${randomBytes(4).toString('hex')}`;
  const chains = { tx: `${instance}/tx`, grouped: `${instance}/grouped` };
  await openAuditChain(db.sql, chains.tx);
  await openAuditChain(db.sql, chains.grouped);
  logger.info({ chains: Object.values(chains), anchor: config.auditAnchorFile }, 'audit chains opened');

  const reader = new PostgresAuditReader(db.sql);
  const writer = new PostgresAuditWriter(db.sql, { chainId: chains.grouped });
  const anchor = createFileAuditAnchor(config.auditAnchorFile);
  const checkpointIntervalMs = config.auditCheckpointIntervalMs;
  const checkpointer = await startCheckpointer({
    store: reader,
    signer,
    anchor,
    chainIds: Object.values(chains),
    logger: logger.child({ component: 'audit' }),
    now,
    intervalMs: checkpointIntervalMs,
  });
  const hub = servicePrincipal('hub');

  return {
    appender: auditAppender(chains.tx),
    writer,
    personalIds,
    bodyKeys,
    reader,
    currentCaller: () => currentRequestContext()?.principal ?? hub,
    verify: () => verifyAuditChains({ reader, checkpointKey: signer, anchor, checkpointIntervalMs, now }),
    async stop() {
      await writer.close();
      // A stop must finish even with the database gone; the chain then ends at its last signed checkpoint.
      await checkpointer.stop().catch((error: unknown) => logger.warn({ err: error }, 'the final audit checkpoint could not be signed'));
    },
  };
}
