/**
 * @module postgres/postgres-exchange-body-store
 * Sealed exchange bodies in PostgreSQL (`data_exchange_bodies`, migrations 0018 and 0020): one row
 * per routed exchange of a service with a retention, with its outcome; reads ignore rows past their
 * retention even before the purge has deleted them.
 */
import type { ExchangeBodyStore, KeptBodies } from '../core/ports/exchange-body-store.js';
import type { Sql } from './database.js';

interface BodyRow {
  exchange_id: string;
  service: string;
  provider: string;
  consumer: string;
  outcome: string;
  key_id: string;
  request_sealed: string;
  response_sealed: string | null;
  kept_at: Date;
  purge_after: Date;
}

export function createPostgresExchangeBodyStore(sql: Sql): ExchangeBodyStore {
  return {
    async keep(b) {
      await sql`
        insert into data_exchange_bodies
          (exchange_id, service, provider, consumer, outcome, key_id, request_sealed, response_sealed, kept_at, purge_after)
        values (${b.exchangeId}, ${b.service}, ${b.provider}, ${b.consumer}, ${b.outcome}, ${b.keyId}, ${b.requestSealed},
                ${b.responseSealed ?? null}, ${b.keptAt}, ${b.purgeAfter})`;
    },
    async find(exchangeId, now) {
      const [r] = await sql<BodyRow[]>`
        select * from data_exchange_bodies where exchange_id = ${exchangeId} and purge_after > ${now}`;
      return (
        r &&
        ({
          exchangeId: r.exchange_id,
          service: r.service,
          provider: r.provider,
          consumer: r.consumer,
          outcome: r.outcome,
          keyId: r.key_id,
          requestSealed: r.request_sealed,
          responseSealed: r.response_sealed ?? undefined,
          keptAt: r.kept_at,
          purgeAfter: r.purge_after,
        } satisfies KeptBodies)
      );
    },
    async purge(now) {
      return (await sql`delete from data_exchange_bodies where purge_after <= ${now}`).count;
    },
  };
}
