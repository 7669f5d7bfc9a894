/**
 * @module main/infrastructure
 * The parts every other group stands on: the database (migrated before anything reads it), the
 * change notifier, the exchange bus with its topics set up in the background, and the outbox relay
 * that starts once those topics exist. The bus seals what it dead-letters with keys the audit
 * loads later: `deadLetters.useKeys` hands them over (until then a dead letter waits). One place opens them and `stop()` shuts them in reverse
 * order, after every group above them has stopped; if opening fails halfway (a migration, the
 * change listener), what was already open is closed before the failure is reported.
 */
import type { Config } from '../config/config.js';
import { ensureTopicsWithRetry } from '../core/bus/bus-setup.js';
import { createDeadLetterSealer, type DeadLetterSealer } from '../core/bus/dead-letter-sealer.js';
import { createInMemoryChangeNotifier } from '../core/changes/in-memory-change-notifier.js';
import type { ChangeNotifier } from '../core/ports/change-notifier.js';
import type { Logger } from '../core/ports/logger.js';
import type { MessageBus } from '../core/ports/message-bus.js';
import { exchangeTopics, hubTopics } from '../core/topics.js';
import { openDatabase, type Database } from '../postgres/database.js';
import { migrate } from '../postgres/migrate.js';
import { createOutboxRelay, type OutboxRelay } from '../postgres/outbox-relay.js';
import { openPostgresChangeNotifier } from '../postgres/postgres-change-notifier.js';
import { createBus } from './bus.js';

export interface Infrastructure {
  db: Database;
  changes: ChangeNotifier;
  bus: MessageBus;
  /** Seals the bus's dead letters once given the hub's keys. */
  deadLetters: DeadLetterSealer;
  relay: OutboxRelay;
  /** Resolves `true` once the hub's topics exist, `false` if the stop came first. */
  topicsReady: Promise<boolean>;
  stop(): Promise<void>;
}

export async function openInfrastructure(config: Config, logger: Logger, signal: AbortSignal): Promise<Infrastructure> {
  const db = await openDatabase({ databaseUrl: config.databaseUrl, dataDir: config.dataDir, poolMax: config.databasePoolMax, logger });
  // Nothing but the database is open until the change listener is: a failure closes the database.
  const changes = await (async () => {
    const applied = await migrate(db.sql);
    if (applied.length > 0) logger.info({ applied }, 'database migrations applied');
    // Embedded PGlite is one instance on one connection: nobody else to tell, no LISTEN needed.
    return db.kind === 'postgres'
      ? openPostgresChangeNotifier(db.sql, logger.child({ component: 'changes' }))
      : createInMemoryChangeNotifier();
  })().catch(async (error: unknown) => {
    await db.close();
    throw error;
  });
  // Creating the client connects nothing: the bus connects when first used, in the background.
  const deadLetters = createDeadLetterSealer();
  const bus = createBus(config, logger, deadLetters);
  const relay = createOutboxRelay({ sql: db.sql, bus, logger: logger.child({ component: 'outbox' }) });
  const topicsReady = ensureTopicsWithRetry(bus, [...hubTopics, ...exchangeTopics], logger, signal);
  void topicsReady.then((ready) => ready && relay.start());

  return {
    db,
    changes,
    bus,
    deadLetters,
    relay,
    topicsReady,
    async stop() {
      await relay.stop(Math.min(5_000, config.shutdownTimeoutMs / 2));
      await bus.close();
      await changes.close();
      await db.close();
    },
  };
}
