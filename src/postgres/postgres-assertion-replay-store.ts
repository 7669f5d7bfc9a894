/**
 * @module postgres/postgres-assertion-replay-store
 * Client-assertion identifiers in `auth_assertion_jtis`. `on conflict do nothing` turns the primary
 * key into the replay check: of any number of instances racing on one assertion, exactly one
 * inserts the row and gets `true`.
 */
import type { AssertionReplayStore, AssertionUse } from '../core/ports/assertion-replay-store.js';
import type { Sql } from './database.js';

export class PostgresAssertionReplayStore implements AssertionReplayStore {
  constructor(private readonly sql: Sql) {}

  async remember(use: AssertionUse): Promise<boolean> {
    const rows = await this.sql`
      insert into auth_assertion_jtis (issuer, jti, expires_at)
      values (${use.issuer}, ${use.jti}, ${use.until})
      on conflict (issuer, jti) do nothing
      returning 1`;
    return rows.length === 1;
  }

  async purgeExpired(now: Date): Promise<number> {
    const result = await this.sql`delete from auth_assertion_jtis where expires_at < ${now}`;
    return result.count;
  }
}
