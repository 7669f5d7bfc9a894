/**
 * @module postgres/postgres-login-failure-repository
 * Counting is one `insert … on conflict do update`, so concurrent failures on several hub instances
 * never lose a count; the lock is set in the same transaction.
 */
import type { LoginFailureRepository } from '../core/ports/login-failure-repository.js';
import type { Sql } from './database.js';

export class PostgresLoginFailureRepository implements LoginFailureRepository {
  constructor(private readonly sql: Sql) {}

  async lockedUntil(keys: readonly string[], now: Date): Promise<Date | undefined> {
    const [row] = await this.sql<{ until: Date | null }[]>`
      select max(locked_until) as until from login_failures
      where key = any(${this.sql.array([...keys])}) and locked_until > ${now}`;
    return row?.until ?? undefined;
  }

  async recordFailure(key: string, at: Date, forgetBefore: Date, lockFor: (failures: number) => Date | undefined): Promise<number> {
    return this.sql.begin(async (tx) => {
      const [row] = await tx<{ failures: number }[]>`
        insert into login_failures (key, failures, last_failure_at) values (${key}, 1, ${at})
        on conflict (key) do update set
          failures = case when login_failures.last_failure_at < ${forgetBefore} then 1 else login_failures.failures + 1 end,
          last_failure_at = ${at}
        returning failures`;
      const failures = (row as { failures: number }).failures;
      const until = lockFor(failures);
      if (until) {
        await tx`update login_failures set locked_until = greatest(coalesce(locked_until, ${until}), ${until}) where key = ${key}`;
      }
      // Forgotten counters of other keys (e.g. sprayed made-up usernames) do not pile up.
      await tx`delete from login_failures
               where last_failure_at < ${forgetBefore} and (locked_until is null or locked_until <= ${at})`;
      return failures;
    });
  }

  async clear(key: string): Promise<void> {
    await this.sql`delete from login_failures where key = ${key}`;
  }
}
