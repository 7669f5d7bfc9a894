/**
 * The document repository contract on real PostgreSQL (records, files, the per-issuer 文号 race).
 */
import { afterAll, beforeAll } from 'vitest';
import { migrate } from '../../src/postgres/migrate.js';
import { PostgresDocumentRepository } from '../../src/postgres/postgres-document-repository.js';
import { CONTRACT_ISSUERS, describeDocumentRepositoryContract } from '../port-suites/document-repository.suite.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';

let db: TestDatabase;

beforeAll(async () => {
  db = await createTestDatabase();
  await migrate(db.sql);
  for (const issuer of CONTRACT_ISSUERS) {
    await db.sql`insert into departments (uscc, name, level) values (${issuer.uscc}, ${issuer.name}, 'county')`;
  }
});
afterAll(async () => db?.drop());

describeDocumentRepositoryContract('PostgreSQL', async () => new PostgresDocumentRepository(db.sql));
