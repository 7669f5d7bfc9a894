/**
 * @module postgres/postgres-instance-lock
 * An instance lock on a PostgreSQL session advisory lock (`pg_try_advisory_lock`, which never
 * waits). Each round opens its own one-connection client and holds the lock on it while the round
 * runs, so the round's own queries go through the hub's pool (even a pool of one) and the lock dies
 * with the connection: when the holding hub crashes, PostgreSQL ends its session and releases the
 * lock. A round can last hours with that connection idle, hence no idle timeout and no lifetime
 * limit on it. Were the connection lost mid-round, another instance could start a round too — twice
 * the work, never a wrong result, as the rounds guarded here are idempotent.
 */
import type { InstanceLock } from '../core/ports/instance-lock.js';
import { openSessionClient } from './database.js';

/** The advisory lock keys of the rounds, in one place so no two share one (ASCII names as bigints). */
export const InstanceLockKeys = {
  /** "zzsweep" */
  sealSweep: 0x7a7a7377_656570n,
} as const;

/** `key`: one of `InstanceLockKeys`. */
export function createPostgresInstanceLock(databaseUrl: string, key: bigint): InstanceLock {
  return {
    async tryRun(round) {
      const session = openSessionClient(databaseUrl);
      try {
        const [row] = await session<{ held: boolean }[]>`select pg_try_advisory_lock(${key.toString()}::bigint) as held`;
        if (!row?.held) return undefined;
        try {
          return { value: await round() };
        } finally {
          // A lost session has released the lock already; ending it below releases it in any case.
          await session`select pg_advisory_unlock(${key.toString()}::bigint)`.catch(() => undefined);
        }
      } finally {
        // Ending the session releases the lock even when the unlock above could not be sent.
        await session.end({ timeout: 5 });
      }
    },
  };
}
