/**
 * @module postgres/migrate
 * Forward-only SQL migrations: `migrations/NNNN_name.sql`, applied in order in one transaction that
 * first takes a transaction-scoped advisory lock, so hubs starting together serialise here and the
 * later ones find nothing left to do. Each applied file is recorded with its SHA-256; an applied
 * file that was edited afterwards stops the start, because the database no longer matches the code.
 */
import { createHash } from 'node:crypto';
import { readdirSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { packagePath } from '../config/package-root.js';
import type { Sql } from './database.js';

/** Arbitrary but fixed: the advisory lock key guarding migrations ("zzmigrat"). */
const MIGRATION_LOCK = 0x7a7a6d69_67726174n;

export interface Migration {
  version: string;
  name: string;
  sql: string;
  checksum: string;
}

export const MIGRATIONS_DIR = packagePath('src', 'postgres', 'migrations');

export function readMigrations(directory = MIGRATIONS_DIR): Migration[] {
  return readdirSync(directory)
    .filter((file) => /^\d{4}_[a-z0-9_]+\.sql$/.test(file))
    .sort()
    .map((file) => {
      const text = readFileSync(path.join(directory, file), 'utf8');
      return {
        version: file.slice(0, 4),
        name: file.slice(5, -4),
        sql: text,
        checksum: createHash('sha256').update(text).digest('hex'),
      };
    });
}

export class MigrationDriftError extends Error {
  constructor(version: string) {
    super(`migration ${version} was changed after it was applied; add a new migration instead`);
    this.name = 'MigrationDriftError';
  }
}

/** Apply pending migrations; returns the versions applied by this call. */
export async function migrate(sql: Sql, migrations: readonly Migration[] = readMigrations()): Promise<string[]> {
  return sql.begin(async (tx) => {
    await tx`select pg_advisory_xact_lock(${MIGRATION_LOCK.toString()}::bigint)`;
    await tx`create table if not exists schema_migrations (
      version text primary key,
      name text not null,
      checksum text not null,
      applied_at timestamptz not null default now()
    )`;
    const applied = new Map(
      (await tx<{ version: string; checksum: string }[]>`select version, checksum from schema_migrations`).map((row) => [
        row.version,
        row.checksum,
      ]),
    );
    const done: string[] = [];
    for (const migration of migrations) {
      const checksum = applied.get(migration.version);
      if (checksum !== undefined) {
        if (checksum !== migration.checksum) throw new MigrationDriftError(migration.version);
        continue;
      }
      await tx.unsafe(migration.sql);
      await tx`insert into schema_migrations (version, name, checksum)
               values (${migration.version}, ${migration.name}, ${migration.checksum})`;
      done.push(migration.version);
    }
    return done;
  });
}
