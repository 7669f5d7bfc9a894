/**
 * Seeds `bench:verify`'s database: departments enrolled over the hub's API (seal certificates from
 * the hub CA), N licences from the shared generator sealed by them in worker threads, and the rows
 * publication would store for each — built by the hub's own mapping (`newLicenseOf`, `licenseRow`),
 * so each carries a valid row MAC under the hub's current key — copied into `licenses` with COPY.
 * Publication's history, outbox and audit rows are not written: verification reads none of them.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import postgres from 'postgres';
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { beijingDate } from '../../src/core/licenses/license.js';
import { newLicenseOf } from '../../src/core/licenses/new-license.js';
import type { LicenseEnvelope } from '../../src/core/payloads/license-envelope.js';
import { openRowMacKeyRing } from '../../src/pki/keys/row-mac-key-ring.js';
import * as x509 from '../../src/pki/x509.js';
import { LICENSE_ROW_COLUMNS, licenseRow } from '../../src/postgres/license-row.js';
import { withCaMaterialLock } from '../../src/postgres/postgres-ca-material-store.js';
import { enrolBenchCounty } from './bench-county.js';
import { sealAll } from './seal-all.js';

export async function seedLicenses(options: {
  hubUrl: string;
  adminToken: string;
  databaseUrl: string;
  /** The hub's data dir: its CA passphrase opens the row MAC keys. */
  hubDataDir: string;
  count: number;
  departments: number;
  seed: number;
  log(line: string): void;
}): Promise<string[]> {
  const departments = await enrolBenchCounty(options.hubUrl, options.adminToken, options.departments);
  options.log(`${departments.length} departments enrolled with seal certificates from the hub CA`);
  const serialOf = new Map(departments.map((d) => [d.uscc, new x509.X509Certificate(d.x5c[0] as string).serialNumber.toLowerCase()]));

  let shown = 0;
  const sealed = await sealAll({
    count: options.count,
    seed: options.seed,
    today: beijingDate(new Date()),
    departments,
    threads: os.availableParallelism(),
    onProgress: (done) => {
      if (done - shown >= options.count / 10 || done === options.count)
        options.log(`sealed ${(shown = done).toLocaleString('en-US')} of ${options.count.toLocaleString('en-US')}`);
    },
  });

  const sql = postgres(options.databaseUrl, { max: 1, onnotice: () => {} });
  try {
    const passphrase = readFileSync(path.join(options.hubDataDir, 'ca.passphrase'), 'utf8').trim();
    const keys = await openRowMacKeyRing({ withStore: (work) => withCaMaterialLock(sql, work), passphrase });
    const createdAt = new Date();
    const lines = function* () {
      for (let i = 0; i < options.count; i++) {
        const jws = sealed.value(i).toString('ascii');
        const payloadJson = Buffer.from(jws.slice(jws.indexOf('.') + 1, jws.lastIndexOf('.')), 'base64url').toString('utf8');
        const p = JSON.parse(payloadJson) as LicenseEnvelope;
        const sealedFacts = {
          jws,
          payloadJson,
          digest: createHash('sha256').update(jws).digest('hex'),
          sealSerial: serialOf.get(p.issuer.uscc) as string,
        };
        const row = licenseRow(newLicenseOf(p, sealedFacts, 1, undefined), keys, createdAt);
        yield `${LICENSE_ROW_COLUMNS.map((column) => copyText(copyValue(row[column]))).join('\t')}\n`;
        if ((i + 1) % 100_000 === 0) options.log(`copied ${(i + 1).toLocaleString('en-US')} rows`);
      }
    };
    await pipeline(Readable.from(lines()), await sql`copy licenses (${sql.unsafe(LICENSE_ROW_COLUMNS.join(', '))}) from stdin`.writable());
    await sql`analyze licenses`;
    const ids = await sql<{ id: string }[]>`select id from licenses`;
    return ids.map((r) => r.id);
  } finally {
    await sql.end();
  }
}

/** A row value as COPY's text takes it. */
function copyValue(value: unknown): string | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Date) return value.toISOString();
  return typeof value === 'object' ? JSON.stringify(value) : String(value);
}

/** A field in COPY's text format: `\N` for null, backslash and the separators escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
