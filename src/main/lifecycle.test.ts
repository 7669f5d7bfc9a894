import { describe, expect, it } from 'vitest';
import type { Config } from '../config/config.js';
import { silentLogger } from '../core/ports/logger.js';
import { listenFirst, runningHub, type Listening } from './lifecycle.js';

const config = { host: '127.0.0.1', port: 0, bodyLimitBytes: 1024, shutdownTimeoutMs: 1_000 } as Config;

/** A group that notes when it stops, optionally failing its stop. */
function group(name: string, stopped: string[], fails = false) {
  return {
    async stop() {
      stopped.push(name);
      if (fails) throw new Error(`${name} could not stop`);
    },
  };
}

describe('listenFirst: what a wiring opened is closed however the hub ends', () => {
  it('closes the server and every opened group, last opened first, when a wiring step throws', async () => {
    const stopped: string[] = [];
    let seen: Listening | undefined;
    const failure = new Error('the CA could not be opened');
    const start = listenFirst(config, silentLogger, async (listening) => {
      seen = listening;
      listening.opened(group('database and bus', stopped));
      listening.opened(undefined);
      // A group whose stop fails must not keep the ones opened before it open.
      listening.opened(group('audit', stopped, true));
      listening.opened(group('consumers', stopped));
      throw failure;
    });
    await expect(start).rejects.toBe(failure);
    expect(stopped).toEqual(['consumers', 'audit', 'database and bus']);
    expect(seen?.signal.aborted).toBe(true);
    expect(seen?.server.listening).toBe(false);
    await expect(fetch(`${seen?.url}/healthz`)).rejects.toThrow();
  });

  it('stops a running hub once, in the same order, however often asked', async () => {
    const stopped: string[] = [];
    const hub = await listenFirst(config, silentLogger, async (listening) => {
      listening.opened(group('infrastructure', stopped));
      listening.opened(group('licensing', stopped));
      return runningHub({ config, logger: silentLogger, listening, publicUrl: listening.url, demo: undefined });
    });
    expect((await fetch(`${hub.url}/healthz`)).status).toBe(200);
    await Promise.all([hub.stop(), hub.stop()]);
    expect(stopped).toEqual(['licensing', 'infrastructure']);
    await expect(fetch(`${hub.url}/healthz`)).rejects.toThrow();
  });
});
