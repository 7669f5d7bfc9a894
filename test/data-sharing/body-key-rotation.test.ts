/**
 * Rotating the key of kept exchange bodies with two hub instances on one real PostgreSQL, each
 * wired as the hub wires itself (its own audit wiring, body key ring and LISTEN/NOTIFY change
 * notifier): a rotation through B is audited, A seals under the new key as soon as the notice
 * arrives, and every body — sealed before the rotation or after it, on either instance — opens
 * on both until it is purged.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import type { Principal } from '../../src/core/auth/principal.js';
import { createExchangeBodies, type ExchangeBodies } from '../../src/core/data-sharing/exchange-bodies.js';
import { KeyRings, rotateAnnouncedKey } from '../../src/core/changes/rotate-announced-key.js';
import type { ChangeNotifier } from '../../src/core/ports/change-notifier.js';
import { silentLogger } from '../../src/core/ports/logger.js';
import { openAudit, type AuditWiring } from '../../src/main/audit.js';
import { openDatabase, type Database } from '../../src/postgres/database.js';
import { migrate } from '../../src/postgres/migrate.js';
import { openPostgresChangeNotifier } from '../../src/postgres/postgres-change-notifier.js';
import { createPostgresExchangeBodyStore } from '../../src/postgres/postgres-exchange-body-store.js';
import { createTestDatabase, type TestDatabase } from '../support/test-database.js';
import { APPROVAL, AUDITOR, householdService } from './kept-body-fixture.js';

const SECURITY_ADMIN: Principal = { actor: 'token:anquan', role: 'security-admin', department: undefined };
const SERVICE = householdService(30);
const REQUEST = { idNumber: '431322199203150030', name: '刘伟' };
const RESPONSE = { match: true, address: '新化县上梅镇' };

interface Instance {
  db: Database;
  changes: ChangeNotifier;
  audit: AuditWiring;
  bodies: ExchangeBodies;
}

describe('body key rotation across two instances on PostgreSQL', () => {
  let shared: TestDatabase;
  let a: Instance;
  let b: Instance;
  const now = () => new Date();

  async function openInstance(passphraseFile: string): Promise<Instance> {
    const config = loadConfig({
      DATABASE_URL: shared.url,
      ZZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zz-hub-')),
      ZZ_CA_PASSPHRASE_FILE: passphraseFile,
    });
    const db = await openDatabase({ databaseUrl: shared.url, dataDir: config.dataDir, poolMax: 4, logger: silentLogger });
    const changes = await openPostgresChangeNotifier(db.sql, silentLogger);
    const audit = await openAudit({ config, db, logger: silentLogger, changes, now });
    const bodies = createExchangeBodies({
      store: createPostgresExchangeBodyStore(db.sql),
      sealer: audit.bodyKeys,
      record: (entry) => audit.writer.record(entry),
      now,
    });
    return { db, changes, audit, bodies };
  }
  const keepOn = async (instance: Instance) => {
    const exchangeId = randomUUID();
    await instance.bodies.keep({
      exchangeId,
      service: SERVICE,
      consumer: APPROVAL,
      outcome: 'ok',
      request: JSON.stringify(REQUEST),
      response: JSON.stringify(RESPONSE),
    });
    const [row] = await shared.sql<{ key_id: string }[]>`select key_id from data_exchange_bodies where exchange_id = ${exchangeId}`;
    return { exchangeId, keyId: row?.key_id };
  };

  beforeAll(async () => {
    shared = await createTestDatabase();
    await migrate(shared.sql);
    const passphraseFile = path.join(mkdtempSync(path.join(tmpdir(), 'zz-passphrase-')), 'ca.passphrase');
    writeFileSync(passphraseFile, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
    a = await openInstance(passphraseFile);
    b = await openInstance(passphraseFile);
  });
  afterAll(async () => {
    for (const instance of [a, b]) {
      await instance?.audit.stop();
      await instance?.changes.close();
      await instance?.db.close();
    }
    await shared?.drop();
  });

  it('seals on A under a key rotated through B, audited, and every body opens on both instances', async () => {
    expect(a.audit.bodyKeys.currentKeyId).toBe(b.audit.bodyKeys.currentKeyId);
    const before = await keepOn(a);
    expect(before.keyId).toBe(a.audit.bodyKeys.currentKeyId);

    const { keyId } = await rotateAnnouncedKey(
      KeyRings.exchangeBodies,
      { keys: b.audit.bodyKeys, audit: b.audit.writer, changes: b.changes, now },
      SECURITY_ADMIN,
    );
    expect(keyId).not.toBe(before.keyId);
    const [entry] = await shared.sql<{ actor: string; target: string }[]>`
      select actor, target from audit_log where action = 'data.body-key.rotate'`;
    expect(entry).toEqual({ actor: SECURITY_ADMIN.actor, target: keyId });

    // A hears B's notice and reloads its ring: the next body it keeps is sealed under the new key.
    await expect.poll(() => a.audit.bodyKeys.currentKeyId, { timeout: 15_000, interval: 20 }).toBe(keyId);
    const after = await keepOn(a);
    expect(after.keyId).toBe(keyId);
    const onB = await keepOn(b);
    expect(onB.keyId).toBe(keyId);

    for (const reader of [a, b]) {
      for (const kept of [before, after, onB]) {
        expect(await reader.bodies.read(AUDITOR, kept.exchangeId)).toMatchObject({ request: REQUEST, response: RESPONSE });
      }
    }
    const rows = await shared.sql`select request_sealed, response_sealed from data_exchange_bodies`;
    expect(JSON.stringify(rows)).not.toContain(REQUEST.idNumber);
  });
});
