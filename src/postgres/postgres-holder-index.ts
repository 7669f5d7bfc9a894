/**
 * @module postgres/postgres-holder-index
 * Finding a holder's licences by the keyed hash of their ID (`licenses.holder_key`), never by the
 * clear ID. The key column is filled here, in batches, for licences stored without it — those
 * published before the index existed or by writers that do not know the key — before each
 * look-up, so the index is complete when it is read.
 */
import type { HolderIndex, HolderLicence } from '../core/ports/case-repository.js';
import type { Sql } from './database.js';

const BATCH = 2_000;

export class PostgresHolderIndex implements HolderIndex {
  constructor(
    private readonly sql: Sql,
    private readonly keyOf: (id: string) => string,
  ) {}

  /** Keys every licence that has none yet. */
  async catchUp(): Promise<number> {
    let total = 0;
    for (;;) {
      const rows = await this.sql<{ id: string; holder_id: string }[]>`
        select id, holder_id from licenses where holder_key is null order by created_at limit ${BATCH}`;
      if (rows.length === 0) return total;
      const keyed = rows.map((r) => ({ id: r.id, key: this.keyOf(r.holder_id) }));
      await this.sql`
        update licenses set holder_key = k.key
        from (select unnest(${this.sql.array(keyed.map((k) => k.id))}::text[]) as id,
                     unnest(${this.sql.array(keyed.map((k) => k.key))}::text[]) as key) k
        where licenses.id = k.id and licenses.holder_key is null`;
      total += rows.length;
    }
  }

  async licencesOf(holderKey: string, typeCodes: readonly string[]): Promise<HolderLicence[]> {
    if (typeCodes.length === 0) return [];
    await this.catchUp();
    const rows = await this.sql<{ id: string; type_code: string; status: string; valid_until: string | null; id_version: number }[]>`
      select id, type_code, status, valid_until::text, id_version from licenses
      where holder_key = ${holderKey} and type_code = any(${[...typeCodes]}::text[])
      order by type_code, id_version desc, created_at desc`;
    return rows.map((r) => ({
      id: r.id,
      typeCode: r.type_code,
      status: r.status,
      validUntil: r.valid_until ?? undefined,
      idVersion: r.id_version,
    }));
  }
}
