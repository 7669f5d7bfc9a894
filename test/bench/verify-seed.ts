/**
 * Seeds `bench:verify`'s database: departments enrolled over the hub's API (seal certificates from
 * the hub CA), N licences from the shared generator sealed by them in worker threads, and the rows
 * publication would store for each (identifier version 001, lineage, digest of the compact JWS,
 * seal serial as the seal verifier reads it, status `valid`) copied into `licenses` with COPY.
 * Publication's history, outbox and audit rows are not written: verification reads none of them.
 */
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import os from 'node:os';
import postgres from 'postgres';
import { deriveLicenseIdentifier, licenseSerialFromNumber } from '../../src/core/identifiers/license-identifier.js';
import { beijingDate } from '../../src/core/licenses/license.js';
import type { LicenseEnvelope } from '../../src/core/payloads/license-envelope.js';
import * as x509 from '../../src/pki/x509.js';
import { enrolBenchCounty } from './bench-county.js';
import { sealAll } from './seal-all.js';

const COLUMNS = [
  'id',
  'type_code',
  'issuer',
  'issuer_name',
  'number',
  'lineage',
  'id_version',
  'status',
  'holder_name',
  'holder_id_type',
  'holder_id',
  'issued_at',
  'valid_from',
  'valid_until',
  'payload',
  'jws',
  'digest',
  'seal_serial',
];

export async function seedLicenses(options: {
  hubUrl: string;
  adminToken: string;
  databaseUrl: string;
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
    const lines = function* () {
      for (let i = 0; i < options.count; i++) {
        const jws = sealed.value(i).toString('ascii');
        const payloadJson = Buffer.from(jws.slice(jws.indexOf('.') + 1, jws.lastIndexOf('.')), 'base64url').toString('utf8');
        const p = JSON.parse(payloadJson) as LicenseEnvelope;
        const serial = licenseSerialFromNumber(p.number);
        const row = [
          deriveLicenseIdentifier({ typeCode: p.typeCode, issuerUscc: p.issuer.uscc, number: p.number, version: 1 }),
          p.typeCode,
          p.issuer.uscc,
          p.issuer.name,
          p.number,
          `1.2.156.3005.2.${p.typeCode}.${p.issuer.uscc}.${serial}`,
          '1',
          'valid',
          p.holder.name,
          p.holder.idType,
          p.holder.id,
          p.issuedAt,
          p.validFrom,
          p.validUntil ?? null,
          payloadJson,
          jws,
          createHash('sha256').update(jws).digest('hex'),
          serialOf.get(p.issuer.uscc) as string,
        ];
        yield `${row.map(copyText).join('\t')}\n`;
        if ((i + 1) % 100_000 === 0) options.log(`copied ${(i + 1).toLocaleString('en-US')} rows`);
      }
    };
    await pipeline(Readable.from(lines()), await sql`copy licenses (${sql.unsafe(COLUMNS.join(', '))}) from stdin`.writable());
    await sql`analyze licenses`;
    const ids = await sql<{ id: string }[]>`select id from licenses`;
    return ids.map((r) => r.id);
  } finally {
    await sql.end();
  }
}

/** A field in COPY's text format: `\N` for null, backslash and the separators escaped. */
function copyText(value: string | null): string {
  if (value === null) return '\\N';
  return value.replace(/[\\\t\n\r]/g, (c) => (c === '\\' ? '\\\\' : c === '\t' ? '\\t' : c === '\n' ? '\\n' : '\\r'));
}
