/**
 * @module audit/checkpointer
 * Signs a checkpoint of each of this process's chains every few minutes and once more at stop,
 * whenever the chain grew since its last one. The head is read after commit, so a checkpoint only
 * ever vouches for entries that exist. Checkpoints of all instances sit side by side in one table:
 * together they fix every chain's length and head at known times, without a global lock.
 */
import { Buffer } from 'node:buffer';
import type { Logger } from '../core/ports/logger.js';
import type { AuditCheckpointStore } from '../core/ports/audit-reader.js';
import type { Signer } from '../core/ports/signer.js';
import { signCheckpoint } from './checkpoint-jws.js';

export interface CheckpointerDeps {
  store: AuditCheckpointStore;
  signer: Signer;
  chainIds: readonly string[];
  logger: Logger;
  now(): Date;
  intervalMs?: number;
}

export interface Checkpointer {
  /** Signs what grew; resolves to the number of checkpoints written. */
  checkpointNow(): Promise<number>;
  /** Stops the timer and signs a last checkpoint. */
  stop(): Promise<void>;
}

export function startCheckpointer(deps: CheckpointerDeps): Checkpointer {
  let running: Promise<number> = Promise.resolve(0);

  async function checkpointChain(chainId: string): Promise<boolean> {
    const head = await deps.store.head(chainId);
    if (!head || head.seq === 0 || head.seq <= (await deps.store.latestCheckpointSeq(chainId))) return false;
    const at = deps.now();
    const jws = await signCheckpoint(deps.signer, {
      chainId,
      seq: head.seq,
      head: Buffer.from(head.head).toString('hex'),
      at: at.toISOString(),
    });
    await deps.store.insertCheckpoint({ chainId, seq: head.seq, head: head.head, jws, signedAt: at });
    return true;
  }

  // One run at a time: the timer and stop() never sign the same head twice in parallel.
  const checkpointNow = () => {
    running = running
      .catch(() => 0)
      .then(async () => {
        let written = 0;
        for (const chainId of deps.chainIds) if (await checkpointChain(chainId)) written++;
        return written;
      });
    return running;
  };

  const timer = setInterval(
    () => {
      checkpointNow().catch((error: unknown) => deps.logger.warn({ err: error }, 'audit checkpoint failed; retrying next interval'));
    },
    deps.intervalMs ?? 5 * 60_000,
  );
  timer.unref();

  return {
    checkpointNow,
    async stop() {
      clearInterval(timer);
      await checkpointNow();
    },
  };
}
