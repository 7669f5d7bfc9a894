/**
 * @module main/process-entry
 * What running the hub as a process adds to starting it: configuration from the environment (a
 * configuration error exits 2 with its message), the logger, the start banner on a terminal,
 * SIGTERM/SIGINT stopping gracefully within the configured bound (then forcing the exit), and with
 * `ZZ_WORKERS` above 1 a supervisor of that many hub processes instead of a hub.
 */
import { loadConfig, ConfigError, type Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import { announceWorkerReady, isWorkerSupervisor, superviseWorkers } from '../http/worker-cluster.js';
import { createLogger } from '../logging/create-logger.js';
import { formatStartBanner } from '../logging/start-banner.js';
import type { RunningHub } from './lifecycle.js';

export async function runProcess(start: (config: Config, logger: Logger) => Promise<RunningHub>): Promise<void> {
  let config: Config;
  try {
    config = loadConfig();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`zhengzhao: ${error.message}\n`);
      process.exit(2);
    }
    throw error;
  }
  const pretty = config.logFormat === 'pretty' || (config.logFormat === 'auto' && process.stdout.isTTY === true);
  const logger = createLogger({ level: config.logLevel, pretty });
  if (isWorkerSupervisor(config.workers)) {
    process.exit(await superviseWorkers({ ...config, logger }));
  }
  let hub: RunningHub;
  try {
    hub = await start(config, logger);
  } catch (error) {
    logger.error({ err: error }, 'the hub could not start');
    process.exit(1);
  }
  announceWorkerReady(hub.url);
  if (pretty) void hub.ready.then((info) => process.stdout.write(formatStartBanner(info)));
  for (const signal of ['SIGTERM', 'SIGINT'] as const) {
    process.once(signal, () => {
      const force = setTimeout(() => {
        logger.error({ signal }, 'graceful stop timed out; exiting');
        process.exit(1);
      }, config.shutdownTimeoutMs + 5_000).unref();
      hub.stop(signal).then(
        () => {
          clearTimeout(force);
          process.exit(0);
        },
        (error: unknown) => {
          logger.error({ err: error }, 'error while stopping');
          process.exit(1);
        },
      );
    });
  }
}
