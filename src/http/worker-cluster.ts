/**
 * @module http/worker-cluster
 * `ZZ_WORKERS=N`: N hub processes answering on one port through node:cluster (the primary holds
 * the listening socket and hands each new connection to the workers in turn), so one machine's
 * cores all serve when the hub's event loop is the bottleneck. Each worker is a whole hub instance
 * started exactly like a single hub — its own pool, its own audit chains (DESIGN §6), its own
 * consumer in the Kafka group, `instance` `<ZZ_INSTANCE_ID>-w<n>` in logs and on /metrics. What must
 * happen once (migrations, the bootstrap token, the CA and audit keys) is serialised by PostgreSQL
 * advisory locks, so N starters are safe.
 *
 * The primary runs no hub: it forks, restarts a worker that dies after the set came up, forwards
 * SIGTERM/SIGINT so each worker stops gracefully, and exits when they all have. A worker that dies
 * before the set ever served stops the set, as a single hub that cannot start exits.
 */
import cluster, { type Worker } from 'node:cluster';
import type { Logger } from '../core/ports/logger.js';

const READY = 'zz:worker-ready';
const RESTART_DELAY_MS = { first: 1_000, max: 30_000 };
/** Beyond the workers' own graceful-stop bound: then they are killed. */
const FORCE_AFTER_MS = 5_000;

export interface WorkerSetOptions {
  workers: number;
  /** Base of the workers' instance ids. */
  instanceId: string;
  /** Each worker's own graceful-stop bound (ZZ_SHUTDOWN_TIMEOUT_MS). */
  shutdownTimeoutMs: number;
  logger: Logger;
}

/** True in the process that should supervise rather than serve. */
export function isWorkerSupervisor(workers: number): boolean {
  return workers > 1 && cluster.isPrimary;
}

/** Tells the supervisor this worker serves (a no-op in a hub that is not a cluster worker). */
export function announceWorkerReady(url: string): void {
  if (cluster.isWorker) process.send?.({ type: READY, url });
}

/** Runs the worker set until it stops; resolves with the exit code for the primary. */
export function superviseWorkers({ workers, instanceId, shutdownTimeoutMs, logger }: WorkerSetOptions): Promise<number> {
  const slots = new Map<Worker, number>();
  const ready = new Set<number>();
  let everServed = false;
  let stopping = false;
  let failed = false;
  let restartDelay = RESTART_DELAY_MS.first;

  return new Promise((resolve) => {
    const fork = (slot: number) => {
      const instance = `${instanceId}-w${slot}`;
      const worker = cluster.fork({ ZZ_INSTANCE_ID: instance });
      slots.set(worker, slot);
      logger.info({ slot, worker: instance, pid: worker.process.pid }, 'hub worker started');
      worker.on('message', (message: { type?: string; url?: string }) => {
        if (message?.type !== READY) return;
        ready.add(slot);
        restartDelay = RESTART_DELAY_MS.first;
        if (!everServed && ready.size === workers) {
          everServed = true;
          logger.info({ url: message.url, workers }, 'zhengzhao workers serving');
        }
      });
    };

    const stop = (signal: NodeJS.Signals, reason: string) => {
      if (stopping) return;
      stopping = true;
      logger.info({ signal, reason, workers: slots.size }, 'stopping the workers');
      for (const worker of slots.keys()) worker.process.kill(signal);
      setTimeout(() => {
        logger.error({ workers: slots.size }, 'workers did not stop in time; killing them');
        for (const worker of slots.keys()) worker.process.kill('SIGKILL');
      }, shutdownTimeoutMs + FORCE_AFTER_MS).unref();
    };

    cluster.on('exit', (worker, code, signal) => {
      const slot = slots.get(worker) as number;
      slots.delete(worker);
      ready.delete(slot);
      if (stopping) {
        if (code !== 0) failed = true;
        if (slots.size === 0) {
          logger.info({ failed }, 'workers stopped');
          resolve(failed ? 1 : 0);
        }
        return;
      }
      if (!everServed) {
        logger.error({ slot, code, signal }, 'a worker exited before the hub served; stopping');
        failed = true;
        if (slots.size === 0) resolve(1);
        else stop('SIGTERM', 'start failed');
        return;
      }
      logger.error({ slot, code, signal, restartInMs: restartDelay }, 'a worker died; restarting it');
      setTimeout(() => stopping || fork(slot), restartDelay);
      restartDelay = Math.min(restartDelay * 2, RESTART_DELAY_MS.max);
    });

    for (const signal of ['SIGTERM', 'SIGINT'] as const) process.once(signal, () => stop(signal, 'signal'));
    logger.info({ workers }, 'starting hub workers on one port');
    for (let slot = 1; slot <= workers; slot++) fork(slot);
  });
}
