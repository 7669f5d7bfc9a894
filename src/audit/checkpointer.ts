/**
 * @module audit/checkpointer
 * Signs a checkpoint of each of this process's chains every interval and once more at stop, and
 * keeps the register of chains: `open` when the chains start, `closed` at their last entry when the
 * process stops. The head is read after commit, so a checkpoint only ever vouches for entries that
 * exist. Checkpoints of all instances sit side by side in one table: together they fix every chain's
 * length and head at known times, without a global lock.
 *
 * Every statement also goes to the external anchor, where the database's owner cannot delete it.
 * A checkpoint is signed every interval even when the chain did not grow: the anchor then shows the
 * chain alive, and an open chain without a recent checkpoint stands out (its hub died or was
 * silenced). Statements the anchor refused are kept and appended again next interval, in order.
 *
 * The head row is in the database, so it is not taken on trust: a checkpoint is signed only after
 * the entries since the last one signed were re-read and found to extend it (seq by seq, each hash
 * recomputed). A head or tail edited in the database is refused and reported, never vouched for.
 */
import { Buffer } from 'node:buffer';
import type { AuditAnchor } from '../core/ports/audit-anchor.js';
import { chainHash, GENESIS_HASH, sameBytes } from '../core/audit/audit-hash.js';
import type { AuditCheckpointStore, AuditReader } from '../core/ports/audit-reader.js';
import type { Logger } from '../core/ports/logger.js';
import type { Signer } from '../core/ports/signer.js';
import { signChainState, signCheckpoint } from './checkpoint-jws.js';

export interface CheckpointerDeps {
  store: AuditCheckpointStore & Pick<AuditReader, 'chainPage'>;
  signer: Signer;
  anchor: AuditAnchor;
  chainIds: readonly string[];
  logger: Logger;
  now(): Date;
  intervalMs?: number;
}

export interface Checkpointer {
  /** Signs a checkpoint of every chain; resolves to the number of new checkpoint rows written. */
  checkpointNow(): Promise<number>;
  /** Stops the timer, signs a last checkpoint and closes the chains in the register. */
  stop(): Promise<void>;
}

export const DEFAULT_CHECKPOINT_INTERVAL_MS = 5 * 60_000;
const PAGE = 1000;

/** Registers the chains as open (anchored first: a chain must be known before it holds entries), then starts the timer. */
export async function startCheckpointer(deps: CheckpointerDeps): Promise<Checkpointer> {
  const pending: string[] = [];
  const anchorPending = async () => {
    if (pending.length === 0) return;
    await deps.anchor.append(pending);
    pending.length = 0;
  };
  const at = deps.now().toISOString();
  for (const chainId of deps.chainIds) pending.push(await signChainState(deps.signer, { chainId, state: 'open', seq: 0n, at }));
  await anchorPending();

  /** What this process last signed per chain: the next checkpoint must extend it. */
  const lastSigned = new Map<string, { seq: bigint; hash: Uint8Array }>(deps.chainIds.map((id) => [id, { seq: 0n, hash: GENESIS_HASH }]));

  /** Whether the entries after the last signed checkpoint lead, hash by hash, to `head`. */
  async function extendsLastSigned(chainId: string, head: { seq: bigint; head: Uint8Array }): Promise<string | undefined> {
    let { seq, hash } = lastSigned.get(chainId) as { seq: bigint; hash: Uint8Array };
    if (head.seq < seq) return `the head (seq ${head.seq}) is behind the last checkpoint (seq ${seq})`;
    while (seq < head.seq) {
      const page = await deps.store.chainPage(chainId, seq, PAGE);
      if (page.length === 0) return `entries ${seq + 1n}–${head.seq} are missing`;
      for (const record of page) {
        if (record.seq > head.seq) break;
        if (record.seq !== seq + 1n) return `entry ${seq + 1n} is missing`;
        if (!sameBytes(record.prevHash, hash) || !sameBytes(chainHash(record.prevHash, record), record.hash)) {
          return `entry ${record.seq} does not chain from the checkpointed entries`;
        }
        seq = record.seq;
        hash = record.hash;
      }
    }
    return sameBytes(hash, head.head) ? undefined : 'the head record does not match the last entry';
  }

  async function checkpointChain(chainId: string): Promise<boolean> {
    const head = await deps.store.head(chainId);
    if (!head) return false;
    const refused = await extendsLastSigned(chainId, head);
    if (refused !== undefined) {
      deps.logger.error(
        { chainId, seq: String(head.seq), reason: refused },
        'audit chain altered in the database; not signing a checkpoint of it',
      );
      return false;
    }
    const at = deps.now();
    const claims = { chainId, seq: head.seq, head: Buffer.from(head.head).toString('hex'), at: at.toISOString() };
    const jws = await signCheckpoint(deps.signer, claims);
    const grew = head.seq > 0n && head.seq > (await deps.store.latestCheckpointSeq(chainId));
    // Stored before it is anchored: an anchored checkpoint missing from the table means a deletion.
    if (grew) await deps.store.insertCheckpoint({ chainId, seq: head.seq, head: head.head, jws, signedAt: at });
    pending.push(jws);
    lastSigned.set(chainId, { seq: head.seq, hash: head.head });
    return grew;
  }

  let running: Promise<number> = Promise.resolve(0);
  // One run at a time: the timer and stop() never sign the same head twice in parallel.
  const checkpointNow = () => {
    running = running
      .catch(() => 0)
      .then(async () => {
        let written = 0;
        for (const chainId of deps.chainIds) if (await checkpointChain(chainId)) written++;
        await anchorPending();
        return written;
      });
    return running;
  };

  const timer = setInterval(() => {
    checkpointNow().catch((error: unknown) => deps.logger.warn({ err: error }, 'audit checkpoint failed; retrying next interval'));
  }, deps.intervalMs ?? DEFAULT_CHECKPOINT_INTERVAL_MS);
  timer.unref();

  return {
    checkpointNow,
    async stop() {
      clearInterval(timer);
      await checkpointNow();
      const at = deps.now().toISOString();
      // Closed at what was last verified and signed, not at whatever the head row now says.
      for (const chainId of deps.chainIds) {
        const { seq } = lastSigned.get(chainId) as { seq: bigint };
        pending.push(await signChainState(deps.signer, { chainId, state: 'closed', seq, at }));
      }
      await anchorPending();
    },
  };
}
