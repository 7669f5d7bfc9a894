/**
 * @module main/lifecycle
 * Start and stop around the wiring. The server binds first and answers liveness (and 503 for the
 * rest) while migrations, keys and demo data are prepared; a wiring that fails closes it again.
 * A running hub stops once however often asked: no new requests, those in flight finish, then the
 * groups stop in the order given (whatever serves or consumes before what it writes to).
 */
import type { ServerType } from '@hono/node-server';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import { startingUp, type FetchHandler } from '../http/starting-up.js';
import type { StartBannerInfo } from '../logging/start-banner.js';
import type { DemoSummary } from './demo/seed-demo-county.js';
import { boundUrl, closeServer, listen } from './http-server.js';

export interface RunningHub {
  /** The bound address, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** What a person at the terminal needs, once the demo county (if any) is seeded. */
  ready: Promise<StartBannerInfo>;
  stop(reason?: string): Promise<void>;
}

export interface Listening {
  server: ServerType;
  url: string;
  /** `performance.now()` when the start began, for the "listening" log line. */
  started: number;
  /** Switch the bound server from the start-up answer to the app. */
  serve(fetch: FetchHandler): void;
}

export async function listenFirst(config: Config, wire: (listening: Listening) => Promise<RunningHub>): Promise<RunningHub> {
  const started = performance.now();
  let handle: FetchHandler = startingUp(config.bodyLimitBytes);
  const server = await listen((request, env) => handle(request, env), config.host, config.port);
  const url = boundUrl(server, config.host, config.port);
  try {
    return await wire({ server, url, started, serve: (fetch) => (handle = fetch) });
  } catch (error) {
    await closeServer(server, 1_000);
    throw error;
  }
}

export interface RunningHubOptions {
  config: Config;
  logger: Logger;
  listening: Listening;
  publicUrl: string;
  /** The demo county's seeding, when ZZ_DEMO is on. */
  demo: Promise<DemoSummary | undefined> | undefined;
  /** Aborted first on stop: background retries (topic set-up, subscriptions) give up. */
  stopper: AbortController;
  /** Stopped one after the other, in this order, once the server has closed. */
  groups: readonly ({ stop(): Promise<void> } | undefined)[];
}

export function runningHub({ config, logger, listening, publicUrl, demo, stopper, groups }: RunningHubOptions): RunningHub {
  let stopping: Promise<void> | undefined;
  const banner = (summary: DemoSummary | undefined): StartBannerInfo => ({
    consoleUrl: `${publicUrl}/console/login`,
    adminTokenFile: config.bootstrapTokenFile,
    demoClerk: summary?.clerk,
    tryLicence: summary?.tryVerifying,
  });
  return {
    url: listening.url,
    ready: demo ? demo.then(banner) : Promise.resolve(banner(undefined)),
    stop(reason = 'stop requested') {
      stopping ??= (async () => {
        stopper.abort();
        logger.info({ reason }, 'stopping: no new requests, finishing those in flight');
        await closeServer(listening.server, config.shutdownTimeoutMs);
        for (const group of groups) await group?.stop();
        logger.info({}, 'stopped');
      })();
      return stopping;
    },
  };
}
