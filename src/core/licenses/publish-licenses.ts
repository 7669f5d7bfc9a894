/**
 * @module core/licenses/publish-licenses
 * Publication, one code path for HTTP (a batch of one) and Kafka (a batch per poll): prepare every
 * submission (seal, contract, identifiers, rights — no writes), drop exact resubmissions by digest,
 * then write the whole batch in one transaction: new licences (version 001, one multi-row insert),
 * replacements (next version, the old one marked replaced), one history insert, one outbox insert
 * (per submission one row: its licence's event with the caller's answer — the Kafka result — as
 * companion), and last one audit insert with an entry per licence created, chained in submission
 * order. Redelivering a batch therefore never creates a second licence, event or audit entry: the
 * digest or the identifier already exists.
 */
import { AuditActions, auditEntry, servicePrincipal } from '../audit/audit-actions.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { HubError } from '../errors.js';
import { CertificateRevokedError, CertificateSuspendedError } from '../pki-errors.js';
import type {
  HistoryEntry,
  LicenseRepository,
  LicenseTransaction,
  NewLicense,
  OutboxEntry,
  OutboxMessage,
} from '../ports/license-repository.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import { licenseReference } from './license-reference.js';
import { isSealRefusal } from '../seals/seal-errors.js';
import { Topics } from '../topics.js';
import { currentStatus, beijingDate, type LicenseRecord } from './license.js';
import { LicenseConflictError, LicenseReplacementError } from './license-errors.js';
import { licenseEvent } from './license-events.js';
import { newLicenseOf } from './new-license.js';
import { prepareLicense, type PrepareDeps, type PreparedLicense } from './prepare-license.js';

export interface Submission {
  jws: string;
  caller?: Principal;
  /** Kafka message key: the issuer's credit code, if the producer set one. */
  key?: string | null;
}

export type PublishOutcome = { ok: true; created: boolean; license: PublishedLicense } | { ok: false; error: unknown };

export interface PublishedLicense {
  id: string;
  status: string;
  version: number;
  issuer: string;
  /** How the licence may be named where other departments read (the Kafka answer): `id`, or its keyed reference. */
  publicId: string;
}

export interface PublishDeps extends PrepareDeps {
  licenses: LicenseRepository;
  contracts: ContractRegistry;
  personalIds: PersonalIdHasher;
}

/**
 * `announce` gives, per submission (same index), what to tell its submitter about the outcome — the
 * Kafka result — or nothing; a licence's `license.issued` event and that answer share one outbox row.
 */
export type Announce = (outcomes: readonly PublishOutcome[]) => readonly (OutboxMessage | undefined)[];

export async function publishLicenses(
  deps: PublishDeps,
  submissions: readonly Submission[],
  announce: Announce = () => [],
): Promise<PublishOutcome[]> {
  const prepared = await Promise.all(
    submissions.map((s) =>
      prepareLicense(deps, s.jws, { caller: s.caller, key: s.key }).then(
        (p) => ({ ok: true as const, p }),
        (error: unknown) => ({ ok: false as const, error }),
      ),
    ),
  );
  const outcomes: (PublishOutcome | undefined)[] = prepared.map((r) => (r.ok ? undefined : { ok: false, error: r.error }));
  const digests = prepared.flatMap((r) => (r.ok ? [r.p.seal.digest] : []));
  const known = digests.length > 0 ? await deps.licenses.findByDigests(digests) : new Map<string, LicenseRecord>();
  const today = beijingDate(deps.now());
  prepared.forEach((r, i) => {
    const existing = r.ok ? known.get(r.p.seal.digest) : undefined;
    if (existing) outcomes[i] = { ok: true, created: false, license: answer(deps, existing, today) };
  });

  const prepending = prepared.flatMap((r, i) => (r.ok && outcomes[i] === undefined ? [{ index: i, p: r.p }] : []));
  return deps.licenses.transaction(async (tx) => {
    const pending = await sealsStillValid(tx, prepending, outcomes);
    /** Licences this batch created, by submission index. */
    const issued = new Map<number, NewLicense>();
    for (const x of pending.filter((x) => x.p.payload.replaces !== undefined)) {
      outcomes[x.index] = await replace(deps, tx, x.p).then(
        (row) => {
          issued.set(x.index, row);
          return { ok: true as const, created: true, license: answered(deps, row) };
        },
        (error: unknown) => ({ ok: false as const, error }),
      );
    }
    const fresh = pending.filter((x) => x.p.payload.replaces === undefined);
    const rows = fresh.map((x) => toNewLicense(x.p, 1, undefined));
    const inserted = rows.length > 0 ? await tx.insert(rows) : new Map();
    const byId = new Map<string, NewLicense>();
    fresh.forEach((x, n) => {
      const row = rows[n] as NewLicense;
      const result = inserted.get(row.id);
      const first = byId.get(row.id);
      if (result?.created && !first) {
        byId.set(row.id, row);
        issued.set(x.index, row);
        outcomes[x.index] = { ok: true, created: true, license: answered(deps, row) };
      } else if ((first ?? (result && !result.created ? { digest: result.existingDigest } : undefined))?.digest === row.digest) {
        outcomes[x.index] = { ok: true, created: false, license: answered(deps, row) };
      } else {
        outcomes[x.index] = {
          ok: false,
          error: new LicenseConflictError(
            `licence ${publicId(deps, row.typeCode, row.id)} already exists with different content; publish a replacement with "replaces"`,
          ),
        };
      }
    });
    const final = outcomes as PublishOutcome[];
    await tx.appendHistory(issuedHistory(deps, [...issued.values()]));
    await tx.appendOutbox(announcements(deps, submissions.length, issued, announce(final)));
    await tx.appendAudit(publicationAudit(deps, submissions, prepared, final));
    return final;
  });
}

/** The answer about a licence written (or found written) by this batch. */
function answered(deps: PublishDeps, row: NewLicense): PublishedLicense {
  return { id: row.id, status: 'valid', version: 1, issuer: row.issuer.uscc, publicId: publicId(deps, row.typeCode, row.id) };
}

/** Per submission in order: its licence's `license.issued` event with the answer to its submitter as companion, or either alone. */
function announcements(
  deps: PublishDeps,
  count: number,
  issued: ReadonlyMap<number, NewLicense>,
  answers: readonly (OutboxMessage | undefined)[],
): OutboxEntry[] {
  const at = deps.now();
  const entries: OutboxEntry[] = [];
  for (let i = 0; i < count; i++) {
    const row = issued.get(i);
    const answer = answers[i];
    const event = row
      ? licenseEvent(deps, {
          type: 'license.issued',
          licenseId: row.id,
          revision: 1,
          status: 'valid',
          occurredAt: at,
          issuer: row.issuer,
          typeCode: row.typeCode,
        })
      : undefined;
    if (event) entries.push(answer ? { ...event, also: answer } : event);
    else if (answer) entries.push(answer);
  }
  return entries;
}

/**
 * The seal was checked against this instance's CRL before the transaction; a revocation or
 * suspension committed since (through any instance) is seen here, under a lock, so no licence is
 * ever accepted under a seal already withdrawn.
 */
async function sealsStillValid<T extends { index: number; p: PreparedLicense }>(
  tx: LicenseTransaction,
  pending: readonly T[],
  outcomes: (PublishOutcome | undefined)[],
): Promise<T[]> {
  const statuses = await tx.lockSealStatuses([...new Set(pending.map((x) => x.p.seal.seal.serial))]);
  return pending.filter((x) => {
    const status = statuses.get(x.p.seal.seal.serial);
    if (status === 'valid') return true;
    outcomes[x.index] = {
      ok: false,
      error:
        status === 'suspended'
          ? new CertificateSuspendedError('the seal certificate was suspended')
          : new CertificateRevokedError(
              status === 'revoked' ? 'the seal certificate was revoked' : 'the seal certificate is unknown to the hub',
            ),
    };
    return false;
  });
}

/** Writes the replacement and retires the licence it replaces; its own history row and event come with the batch's. */
async function replace(deps: PublishDeps, tx: LicenseTransaction, p: PreparedLicense): Promise<NewLicense> {
  const latest = await tx.lockLatestOfLineage(p.lineage);
  // Refusals travel on licenses.results, which every department reads: a personal number only by reference.
  const named = (id: string) => publicId(deps, p.payload.typeCode, id);
  if (!latest || latest.id !== p.payload.replaces) {
    throw new LicenseReplacementError(`"replaces" must name the current version of this licence${latest ? ` (${named(latest.id)})` : ''}`);
  }
  const status = currentStatus(latest, beijingDate(deps.now()));
  if (status !== 'valid' && status !== 'suspended' && status !== 'expired') {
    throw new LicenseReplacementError(`licence ${named(latest.id)} is ${status} and cannot be replaced`);
  }
  const row = toNewLicense(p, latest.idVersion + 1, latest.id);
  await tx.insert([row]);
  const at = deps.now();
  await tx.updateStatus(latest.id, { status: 'replaced', revision: latest.revision + 1, replacedBy: row.id, at });
  await tx.appendHistory([
    {
      licenseId: latest.id,
      revision: latest.revision + 1,
      status: 'replaced',
      previous: latest.status,
      reason: `换发为 ${row.id}`,
      nationalCode: '99',
      jws: undefined,
      actor: `department:${row.issuer.uscc}`,
      at,
    },
  ]);
  await tx.appendOutbox([
    licenseEvent(deps, {
      type: 'license.replaced',
      licenseId: latest.id,
      revision: latest.revision + 1,
      status: 'replaced',
      previousStatus: latest.status,
      replacedBy: row.id,
      occurredAt: at,
      issuer: latest.issuer,
      typeCode: latest.typeCode,
    }),
  ]);
  return row;
}

function issuedHistory(deps: PublishDeps, rows: readonly NewLicense[]): HistoryEntry[] {
  const at = deps.now();
  return rows.map((row) => ({
    licenseId: row.id,
    revision: 1,
    status: 'valid' as const,
    previous: undefined,
    reason: row.replaces ? `换发自 ${row.replaces}` : '颁发',
    nationalCode: undefined,
    jws: undefined,
    actor: `department:${row.issuer.uscc}`,
    at,
  }));
}

/**
 * One entry per licence this batch created, and one per submission refused for its seal (result:
 * the code; no target — nothing in a refused payload is trusted); over Kafka the actor is the bus
 * on the sealer's behalf.
 */
function publicationAudit(
  deps: PublishDeps,
  submissions: readonly Submission[],
  prepared: readonly ({ ok: true; p: PreparedLicense } | { ok: false })[],
  outcomes: readonly PublishOutcome[],
): AuditEntry[] {
  const at = deps.now();
  return outcomes.flatMap((outcome, i) => {
    const p = (prepared[i] as { ok: boolean; p?: PreparedLicense }).p;
    if (!outcome.ok && isSealRefusal(outcome.error)) {
      const submission = submissions[i];
      const caller = submission?.caller ?? servicePrincipal(`bus:${Topics.licenseSubmit}`);
      return [auditEntry(caller, AuditActions.licensePublishRefused, at, { target: undefined, result: outcome.error.code })];
    }
    if (!outcome.ok || !outcome.created || !p) return [];
    const caller = submissions[i]?.caller ?? servicePrincipal(`bus:${Topics.licenseSubmit}`, outcome.license.issuer);
    const { holder } = p.payload;
    const reference = (id: string) => publicId(deps, p.payload.typeCode, id);
    return [
      auditEntry(caller, AuditActions.licensePublish, at, {
        target: outcome.license.publicId,
        typeCode: p.payload.typeCode,
        details: {
          ...(p.payload.replaces ? { replaces: reference(p.payload.replaces) } : {}),
          // A company's credit code is public; any personal identifier only as a keyed hash.
          ...(holder.idType === 'USCC'
            ? { holderUscc: holder.id }
            : { holderIdType: holder.idType, holderIdHash: deps.personalIds.keyedHash(holder.id) }),
        },
      }),
    ];
  });
}

function toNewLicense(p: PreparedLicense, version: number, replaces: string | undefined): NewLicense {
  const sealed = { jws: p.jws, digest: p.seal.digest, sealSerial: p.seal.seal.serial, payloadJson: p.seal.payloadJson };
  return newLicenseOf(p.payload, sealed, version, replaces);
}

function answer(deps: PublishDeps, record: LicenseRecord, today: string): PublishedLicense {
  const { id, typeCode } = record;
  return {
    id,
    status: currentStatus(record, today),
    version: record.revision,
    issuer: record.issuer.uscc,
    publicId: publicId(deps, typeCode, id),
  };
}

function publicId(deps: PublishDeps, typeCode: string, id: string): string {
  return licenseReference(id, deps.contracts.licenseType(typeCode), deps.personalIds.keyedHash);
}

/** The stable code and public detail of a failed outcome, for answers on the bus. */
export function describeFailure(error: unknown): { code: string; detail: string } {
  if (error instanceof HubError) return { code: error.code, detail: error.detail.slice(0, 1000) };
  return { code: 'ERR_INTERNAL', detail: 'the hub could not process this submission' };
}
