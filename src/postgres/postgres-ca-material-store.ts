/**
 * @module postgres/postgres-ca-material-store
 * CA certificates and encrypted CA keys in the database, so every hub instance uses the same CA.
 * The keys arrive encrypted with the operator's passphrase; the database never sees them in clear.
 */
import type { CaMaterialStore } from '../core/ports/ca-material-store.js';
import type { Sql } from './database.js';

export class PostgresCaMaterialStore implements CaMaterialStore {
  constructor(private readonly sql: Sql) {}

  async read(name: string): Promise<Uint8Array | undefined> {
    const [row] = await this.sql<{ data: Buffer }[]>`select data from ca_material where name = ${name}`;
    return row ? new Uint8Array(row.data) : undefined;
  }

  async write(name: string, data: Uint8Array): Promise<void> {
    await this.sql`
      insert into ca_material (name, data) values (${name}, ${Buffer.from(data)})
      on conflict (name) do update set data = excluded.data, updated_at = now()`;
  }
}

/** "zzcamatl": one hub instance at a time creates or loads the CA. */
const CA_LOCK = 0x7a7a6361_6d61746cn;

/**
 * Runs `fn` with a store on one reserved connection holding a session advisory lock, so two hubs
 * starting on an empty database do not both create a CA. Reserved because PGlite has exactly one
 * connection: the store must use the connection that holds the lock.
 */
export async function withCaMaterialLock<T>(sql: Sql, fn: (store: CaMaterialStore) => Promise<T>): Promise<T> {
  const reserved = await sql.reserve();
  try {
    await reserved`select pg_advisory_lock(${CA_LOCK.toString()}::bigint)`;
    try {
      return await fn(new PostgresCaMaterialStore(reserved as unknown as Sql));
    } finally {
      await reserved`select pg_advisory_unlock(${CA_LOCK.toString()}::bigint)`;
    }
  } finally {
    reserved.release();
  }
}
