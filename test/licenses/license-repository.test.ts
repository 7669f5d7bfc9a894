/**
 * The licence repository's row-integrity contract on real PostgreSQL and on the embedded PGlite
 * the hub runs without DATABASE_URL.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll } from 'vitest';
import { silentLogger } from '../../src/core/ports/logger.js';
import type { RowMacKeyRing } from '../../src/core/ports/row-mac-keys.js';
import { InMemoryCaMaterialStore } from '../../src/pki/ca/in-memory-ca-material-store.js';
import { openRowMacKeyRing } from '../../src/pki/keys/row-mac-key-ring.js';
import { openDatabase, type Database } from '../../src/postgres/database.js';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresLicenseRepository } from '../../src/postgres/postgres-license-repository.js';
import { describeLicenseRowIntegrityContract } from '../port-suites/license-repository.suite.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

const openKeys = (): Promise<RowMacKeyRing> => {
  const store = new InMemoryCaMaterialStore();
  return openRowMacKeyRing({ withStore: (work) => work(store), passphrase: 'a test passphrase of some length' });
};

let postgres: TestDatabase;
let postgresKeys: RowMacKeyRing;
let embedded: Database;
let embeddedKeys: RowMacKeyRing;
const dataDir = mkdtempSync(path.join(tmpdir(), 'zz-pglite-licenses-'));

beforeAll(async () => {
  postgres = await createTestDatabase();
  await migrate(postgres.sql);
  postgresKeys = await openKeys();
  embedded = await openDatabase({ databaseUrl: undefined, dataDir, poolMax: 1, logger: silentLogger });
  await migrate(embedded.sql);
  embeddedKeys = await openKeys();
});
afterAll(async () => {
  await postgres?.drop();
  await embedded?.close();
  rmSync(dataDir, { recursive: true, force: true });
});

describeLicenseRowIntegrityContract('PostgreSQL', async () => ({
  licenses: new PostgresLicenseRepository(postgres.sql, postgresKeys),
  keys: postgresKeys,
  sql: postgres.sql,
}));
describeLicenseRowIntegrityContract('PGlite', async () => ({
  licenses: new PostgresLicenseRepository(embedded.sql, embeddedKeys),
  keys: embeddedKeys,
  sql: embedded.sql,
}));
