/**
 * @module main/demo/start-demo-county
 * Runs the demo-county seeding (ZZ_DEMO) in the background once the hub serves: seeding takes a
 * few seconds on the embedded database, and liveness, the console and the API should not wait for
 * it. Progress and the clerk login go to the log; `stop()` interrupts a seeding in progress so a
 * graceful stop never waits for it.
 */
import path from 'node:path';
import type { Config } from '../../config/config.js';
import type { Logger } from '../../core/ports/logger.js';
import { FileCaMaterialStore } from '../../pki/ca/file-ca-material-store.js';
import { readOrCreatePassphrase } from '../secret-files.js';
import { seedDemoCounty, type DemoSeedDeps, type DemoSummary } from './seed-demo-county.js';

export interface DemoCountyRun {
  /** The seeding's summary; `undefined` when the hub already had departments or seeding stopped. */
  readonly done: Promise<DemoSummary | undefined>;
  stop(): Promise<void>;
}

export type DemoCountyDeps = Omit<DemoSeedDeps, 'keys' | 'passphrase' | 'signal' | 'logger'>;

export function startDemoCounty(config: Config, logger: Logger, deps: DemoCountyDeps): DemoCountyRun {
  const log = logger.child({ component: 'demo' });
  const stopper = new AbortController();
  const started = performance.now();
  const done = (async () => {
    // The CA passphrase also protects the demo departments' keys: one secret for the operator to keep.
    const passphrase = await readOrCreatePassphrase(config, log);
    const keys = new FileCaMaterialStore(path.join(config.dataDir, 'demo'));
    const summary = await seedDemoCounty({ ...deps, keys, passphrase, logger: log, signal: stopper.signal });
    if (summary) {
      log.info(
        { ...summary, clerk: summary.clerk.username, keys: path.join(config.dataDir, 'demo'), ms: Math.round(performance.now() - started) },
        `demo county ready; try verifying ${summary.tryVerifying ?? 'a licence'} as the demo clerk`,
      );
    }
    return summary;
  })().catch((error: unknown) => {
    if (stopper.signal.aborted) {
      log.warn({}, 'demo county seeding interrupted by the stop; it stays incomplete (seed again from an empty data dir)');
    } else {
      log.error({ err: error }, 'demo county seeding failed');
    }
    return undefined;
  });
  return {
    done,
    async stop() {
      stopper.abort();
      await done;
    },
  };
}
