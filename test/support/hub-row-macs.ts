/**
 * The licence-row MAC keys of a test hub, opened from its database and passphrase the way the hub
 * opens them: for tests that build a licence repository of their own beside the hub's.
 */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import type { RowMacKeyRing } from '../../src/core/ports/row-mac-keys.js';
import { openRowMacKeyRing } from '../../src/pki/keys/row-mac-key-ring.js';
import type { Sql } from '../../src/postgres/database.js';
import { withCaMaterialLock } from '../../src/postgres/postgres-ca-material-store.js';

export function openHubRowMacs(hub: { db: { sql: Sql }; dataDir: string }): Promise<RowMacKeyRing> {
  const passphrase = readFileSync(path.join(hub.dataDir, 'ca.passphrase'), 'utf8').trim();
  return openRowMacKeyRing({ withStore: (work) => withCaMaterialLock(hub.db.sql, work), passphrase });
}
