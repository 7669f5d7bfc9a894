/**
 * @module main/lifecycle
 * Start and stop around the wiring. The server binds first and answers liveness (and 503 for the
 * rest) while migrations, keys and demo data are prepared. Each group the wiring opens is
 * registered as it opens, so whatever ends the hub — a stop, or a wiring step that throws halfway —
 * closes exactly what was opened: background retries give up, the server stops taking requests
 * (those in flight finish), then the groups stop, last opened first (whatever serves or consumes
 * before what it writes to, the database and bus last). A running hub stops once however often asked.
 */
import type { ServerType } from '@hono/node-server';
import type { Config } from '../config/config.js';
import type { Logger } from '../core/ports/logger.js';
import { startingUp, type FetchHandler } from '../http/starting-up.js';
import type { StartBannerInfo } from '../logging/start-banner.js';
import type { DemoSummary } from './demo/seed-demo-county.js';
import { boundUrl, closeServer, listen } from './http-server.js';

/** How long a failed start waits for the start-up answers in flight. */
const FAILED_START_CLOSE_MS = 1_000;

export interface RunningHub {
  /** The bound address, e.g. `http://127.0.0.1:8080`. */
  url: string;
  /** What a person at the terminal needs, once the demo county (if any) is seeded. */
  ready: Promise<StartBannerInfo>;
  stop(reason?: string): Promise<void>;
}

export interface Stoppable {
  stop(): Promise<void>;
}

export interface Listening {
  server: ServerType;
  url: string;
  /** `performance.now()` when the start began, for the "listening" log line. */
  started: number;
  /** Switch the bound server from the start-up answer to the app. */
  serve(fetch: FetchHandler): void;
  /** Aborted first when the hub closes: background retries (topic set-up, subscriptions) give up. */
  signal: AbortSignal;
  /** Registers a group as soon as it is open (`undefined` passes through): it stops when the hub closes. */
  opened<T extends Stoppable | undefined>(group: T): T;
  /** Closes the server, then every registered group, last opened first; answers the groups' stop failures. */
  close(serverTimeoutMs: number): Promise<unknown[]>;
}

export async function listenFirst(
  config: Config,
  logger: Logger,
  wire: (listening: Listening) => Promise<RunningHub>,
): Promise<RunningHub> {
  const started = performance.now();
  let handle: FetchHandler = startingUp(config.bodyLimitBytes);
  const server = await listen((request, env) => handle(request, env), config.host, config.port);
  const stopper = new AbortController();
  const groups: Stoppable[] = [];
  const listening: Listening = {
    server,
    url: boundUrl(server, config.host, config.port),
    started,
    serve: (fetch) => (handle = fetch),
    signal: stopper.signal,
    opened(group) {
      if (group) groups.push(group);
      return group;
    },
    async close(serverTimeoutMs) {
      stopper.abort();
      await closeServer(server, serverTimeoutMs);
      // Every group gets its stop, even when one before it fails: a failure must not leak the rest.
      const failures: unknown[] = [];
      for (const group of groups.splice(0).reverse()) await group.stop().catch((error: unknown) => failures.push(error));
      return failures;
    },
  };
  try {
    return await wire(listening);
  } catch (error) {
    for (const failure of await listening.close(FAILED_START_CLOSE_MS)) {
      logger.warn({ err: failure }, 'a group opened before the start failed could not be stopped');
    }
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
}

export function runningHub({ config, logger, listening, publicUrl, demo }: RunningHubOptions): RunningHub {
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
        logger.info({ reason }, 'stopping: no new requests, finishing those in flight');
        const [failure] = await listening.close(config.shutdownTimeoutMs);
        if (failure !== undefined) throw failure;
        logger.info({}, 'stopped');
      })();
      return stopping;
    },
  };
}
