/**
 * @module postgres/postgres-certificate-repository
 * Certificates and CRLs. Every CRL is signed inside the transaction that changes a status, under a
 * transaction-scoped advisory lock, so CRL numbers increase without gaps or races across instances
 * and the stored CRL always lists exactly the certificates revoked or suspended at its number.
 * Audit entries commit with the change they record.
 */
import type {
  CertificateProfile,
  CertificateRecord,
  RevocationReason,
  SealKind,
  StoredCertificateStatus,
} from '../core/certificates/certificate-record.js';
import type { AuditEntry } from '../core/audit/audit-entry.js';
import type { CrlEntryData } from '../core/ports/certificate-authority.js';
import type {
  CertificateFilter,
  CertificateRepository,
  CrlSigner,
  NewCertificate,
  StatusChange,
  StoredCrl,
} from '../core/ports/certificate-repository.js';
import type { Sql, TransactionSql } from './database.js';
import { appendWith, writeAudited, type AuditAppender } from './postgres-audit-log.js';

/** "zzcrlnum": serialises CRL numbering. */
const CRL_LOCK = 0x7a7a6372_6c6e756dn;

interface Row {
  serial: string;
  profile: CertificateProfile;
  department: string;
  name: string;
  seal_kind: SealKind | null;
  has_seal_image: boolean;
  certificate_pem: string;
  key_description: string;
  not_before: Date;
  not_after: Date;
  status: StoredCertificateStatus;
  revocation_reason: RevocationReason | 'certificateHold' | null;
  revoked_at: Date | null;
  issued_by: string;
  issued_at: Date;
}

const COLUMNS = `serial, profile, department, name, seal_kind, seal_image is not null as has_seal_image,
  certificate_pem, key_description, not_before, not_after, status, revocation_reason, revoked_at, issued_by, issued_at`;

function toRecord(row: Row): CertificateRecord {
  return {
    serial: row.serial,
    profile: row.profile,
    department: row.department,
    name: row.name,
    sealKind: row.seal_kind ?? undefined,
    hasSealImage: row.has_seal_image,
    certificatePem: row.certificate_pem,
    keyDescription: row.key_description,
    notBefore: row.not_before,
    notAfter: row.not_after,
    status: row.status,
    revocationReason: row.revocation_reason === 'certificateHold' ? undefined : (row.revocation_reason ?? undefined),
    revokedAt: row.revoked_at ?? undefined,
    issuedBy: row.issued_by,
    issuedAt: row.issued_at,
  };
}

export class PostgresCertificateRepository implements CertificateRepository {
  /** Without `audit` the repository only reads and writes unaudited (writes with entries throw). */
  constructor(
    private readonly sql: Sql,
    private readonly audit?: AuditAppender,
  ) {}

  async insert(c: NewCertificate, audit?: readonly AuditEntry[]): Promise<void> {
    await writeAudited(
      this.sql,
      this.audit,
      audit,
      (q) => q`
      insert into certificates (serial, profile, department, name, seal_kind, seal_image, certificate_pem,
                                key_description, not_before, not_after, issued_by)
      values (${c.serial}, ${c.profile}, ${c.department}, ${c.name}, ${c.sealKind ?? null},
              ${c.sealImage ? Buffer.from(c.sealImage) : null}, ${c.certificatePem}, ${c.keyDescription},
              ${c.notBefore}, ${c.notAfter}, ${c.issuedBy})`,
      () => true,
    );
  }

  async find(serial: string): Promise<CertificateRecord | undefined> {
    const [row] = await this.sql<Row[]>`select ${this.sql.unsafe(COLUMNS)} from certificates where serial = ${serial}`;
    return row && toRecord(row);
  }

  async sealImage(serial: string): Promise<Uint8Array | undefined> {
    const [row] = await this.sql<{ seal_image: Buffer | null }[]>`select seal_image from certificates where serial = ${serial}`;
    return row?.seal_image ? new Uint8Array(row.seal_image) : undefined;
  }

  async list(filter: CertificateFilter): Promise<CertificateRecord[]> {
    const sql = this.sql;
    const conditions = [
      filter.department ? sql`department = ${filter.department}` : sql`true`,
      filter.profile ? sql`profile = ${filter.profile}` : sql`true`,
      filter.status === 'expired'
        ? sql`status = 'valid' and not_after < ${filter.now}`
        : filter.status === 'valid'
          ? sql`status = 'valid' and not_after >= ${filter.now}`
          : filter.status
            ? sql`status = ${filter.status}`
            : sql`true`,
      filter.expiringBefore ? sql`not_after >= ${filter.now} and not_after < ${filter.expiringBefore}` : sql`true`,
    ];
    const where = conditions.reduce((all, condition) => sql`${all} and ${condition}`);
    const rows = await sql<Row[]>`select ${sql.unsafe(COLUMNS)} from certificates where ${where} order by not_after, serial limit 5000`;
    return rows.map(toRecord);
  }

  async changeStatus(
    serial: string,
    change: StatusChange,
    signCrl: CrlSigner,
    audit: readonly AuditEntry[] = [],
  ): Promise<CertificateRecord | undefined> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${CRL_LOCK.toString()}::bigint)`;
      const [row] = await tx<Row[]>`
        update certificates set
          status = ${change.status},
          revocation_reason = ${change.reason ?? null},
          revoked_at = ${change.status === 'valid' ? null : change.at}
        where serial = ${serial} and status = any(${[...change.from]}::text[])
        returning ${tx.unsafe(COLUMNS)}`;
      if (!row) return undefined;
      await storeNewCrl(tx, signCrl);
      await appendWith(this.audit, tx, audit);
      return toRecord(row);
    });
  }

  async reissueCrl(signCrl: CrlSigner): Promise<StoredCrl> {
    return this.sql.begin(async (tx) => {
      await tx`select pg_advisory_xact_lock(${CRL_LOCK.toString()}::bigint)`;
      return storeNewCrl(tx, signCrl);
    });
  }

  async latestCrl(): Promise<StoredCrl | undefined> {
    const [row] = await this.sql<{ crl_number: string; der: Buffer; this_update: Date; next_update: Date }[]>`
      select crl_number, der, this_update, next_update from crls order by crl_number desc limit 1`;
    return (
      row && { crlNumber: BigInt(row.crl_number), der: new Uint8Array(row.der), thisUpdate: row.this_update, nextUpdate: row.next_update }
    );
  }
}

async function storeNewCrl(tx: TransactionSql, signCrl: CrlSigner): Promise<StoredCrl> {
  const entries = await tx<{ serial: string; revoked_at: Date; revocation_reason: CrlEntryData['reason'] | null }[]>`
    select serial, revoked_at, revocation_reason from certificates where status <> 'valid' order by revoked_at, serial`;
  const [last] = await tx<{ n: string | null }[]>`select max(crl_number) as n from crls`;
  const crlNumber = BigInt(last?.n ?? 0) + 1n;
  const signed = await signCrl(
    crlNumber,
    entries.map((e) => ({ serial: e.serial, revokedAt: e.revoked_at, reason: e.revocation_reason ?? 'unspecified' })),
  );
  await tx`insert into crls (crl_number, der, this_update, next_update)
           values (${crlNumber.toString()}, ${Buffer.from(signed.der)}, ${signed.thisUpdate}, ${signed.nextUpdate})`;
  return { crlNumber, ...signed };
}
