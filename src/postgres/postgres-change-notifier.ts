/**
 * @module postgres/postgres-change-notifier
 * Change notices between hub instances over PostgreSQL `LISTEN/NOTIFY`: every instance listens on
 * one channel (postgres.js keeps a dedicated connection for it and re-listens after a reconnect), so
 * a revocation or a key rotation committed through one instance reaches the others within
 * milliseconds instead of at their next periodic reload. Notices are delivered to the sender too,
 * which is harmless: handlers only drop caches.
 */
import type { Logger } from '../core/ports/logger.js';
import type { ChangeNotifier, ChangeTopic } from '../core/ports/change-notifier.js';
import { createInMemoryChangeNotifier } from '../core/changes/in-memory-change-notifier.js';
import type { Sql } from './database.js';

const CHANNEL = 'zz_changes';
const TOPICS: readonly ChangeTopic[] = [
  'certificates',
  'rights',
  'departments',
  'receipt-keys',
  'row-mac-keys',
  'data-grants',
  'body-keys',
];

export async function openPostgresChangeNotifier(sql: Sql, logger: Logger): Promise<ChangeNotifier> {
  const local = createInMemoryChangeNotifier();
  const listening = await sql.listen(
    CHANNEL,
    (payload) => {
      const topic = TOPICS.find((t) => t === payload);
      if (topic) local.deliver(topic);
    },
    // After a lost connection notices may have been missed: treat everything as changed.
    () => TOPICS.forEach(local.deliver),
  );
  return {
    async notify(topic) {
      // Locally at once, whatever happens to the round trip; the other instances by NOTIFY.
      local.deliver(topic);
      await sql.notify(CHANNEL, topic).catch((error: unknown) => {
        logger.warn({ err: error, topic }, 'change notice not sent; other instances catch up at their periodic reload');
      });
    },
    subscribe: local.subscribe,
    async close() {
      await listening.unlisten().catch(() => {});
      await local.close();
    },
  };
}
