/**
 * @module core/licenses/seal-sweep
 * The background seal sweep. Normal verifications trust a stored licence on its row MAC alone; the
 * sweep is what still re-verifies every stored seal (ES256) on a schedule, so a JWS altered in place
 * — which no normal verification reads — is found, and so is a row whose MAC fails. Each mismatch
 * becomes an audit entry (`license.integrity-mismatch`) and counts on `/metrics`. The sweep also
 * finishes what a migration cannot do in SQL: a row stored before rows had MACs is MACed once its
 * seal verifies, its facts agree with the sealed payload and its status with its history; a row
 * MACed under a key rotated out since is MACed anew under the current key. It walks the table in
 * pages in identifier order with a pause between pages, so it stays cheap beside live traffic and
 * costs one query when there is nothing to do. Every hub instance schedules it, but a round runs
 * under an instance lock: the instance that takes it sweeps, the others skip that round.
 */
import { AuditActions, auditEntry, servicePrincipal } from '../audit/audit-actions.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { LicenseRepository } from '../ports/license-repository.js';
import type { Logger } from '../ports/logger.js';
import type { AuditWriter } from '../ports/audit-writer.js';
import type { InstanceLock } from '../ports/instance-lock.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import type { RowMacKeys } from '../ports/row-mac-keys.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { sleep } from '../retry/retry.js';
import { jwsPayload, sameJson, sealMatchesRow } from '../verification/stored-integrity.js';
import { licenseReference } from './license-reference.js';
import { currentRowIntegrity, signRow, type StoredLicense } from './license-row-mac.js';

const SWEEP = servicePrincipal('system:seal-sweep');

export interface SealSweepDeps {
  licenses: Pick<LicenseRepository, 'page' | 'storeRowMac' | 'history'>;
  seals: SealVerifier;
  rowMacs: RowMacKeys;
  contracts: Pick<ContractRegistry, 'licenseType'>;
  personalIds: PersonalIdHasher;
  audit: Pick<AuditWriter, 'record'>;
  now(): Date;
  pageSize?: number;
  /** Between pages: the bound on what the sweep takes from live traffic. */
  pauseMs?: number;
}

export interface SweepReport {
  checked: number;
  mismatches: number;
  /** Rows without a MAC that were verified and MACed. */
  sealed: number;
  /** Rows MACed anew under the current key. */
  resealed: number;
}

/** One pass over every stored licence, or with `unsealedOnly` over those without a MAC yet. */
export async function sweepSeals(
  deps: SealSweepDeps,
  options: { signal?: AbortSignal; unsealedOnly?: boolean } = {},
): Promise<SweepReport> {
  const { signal, unsealedOnly = false } = options;
  const report: SweepReport = { checked: 0, mismatches: 0, sealed: 0, resealed: 0 };
  const pageSize = deps.pageSize ?? 200;
  let after = '';
  while (!signal?.aborted) {
    const page = await deps.licenses.page(after, pageSize, { unsealedOnly });
    for (const license of page) {
      const problem = await inspect(deps, license, report);
      report.checked += 1;
      if (problem) {
        report.mismatches += 1;
        await deps.audit.record(
          auditEntry(SWEEP, AuditActions.licenseIntegrityMismatch, deps.now(), {
            target: licenseReference(license.id, deps.contracts.licenseType(license.typeCode), deps.personalIds.keyedHash),
            typeCode: license.typeCode,
            result: problem.code,
            details: problem.details,
          }),
        );
      }
    }
    if (page.length < pageSize) break;
    after = (page[page.length - 1] as StoredLicense).id;
    await sleep(deps.pauseMs ?? 20, signal);
  }
  return report;
}

type Problem = { code: string; details: Record<string, unknown> };

async function inspect(deps: SealSweepDeps, license: StoredLicense, report: SweepReport): Promise<Problem | undefined> {
  const seal = await sealMatchesRow(deps.seals, license, license.jws);
  const mac = await currentRowIntegrity(deps.rowMacs, license);
  const payload = sameJson(jwsPayload(license.jws), license.payload) ? 'same' : 'differs';
  if (!seal.ok || mac === 'altered' || payload === 'differs') {
    return { code: seal.code ?? 'ERR_RECORD_ALTERED', details: { seal: seal.code ?? 'ok', mac, payload } };
  }
  if (mac === 'unsealed') {
    // The seal proves the facts it covers; the status and revision only the history can confirm.
    const last = (await deps.licenses.history(license.id)).at(-1);
    if (!last || last.revision !== license.revision || last.status !== license.status) {
      return { code: 'ERR_RECORD_ALTERED', details: { seal: 'ok', mac, history: 'differs' } };
    }
    if (await deps.licenses.storeRowMac(license, signRow(deps.rowMacs, license))) report.sealed += 1;
  } else if (license.rowMac?.kid !== deps.rowMacs.currentKid) {
    if (await deps.licenses.storeRowMac(license, signRow(deps.rowMacs, license))) report.resealed += 1;
  }
  return undefined;
}

export interface SealSweepSchedule {
  stop(): Promise<void>;
}

/**
 * At start, a pass over the rows without a MAC (an index scan; nothing when every row has one);
 * then a full pass every `intervalMs`, never two at once. 0 turns the full sweep off. The full passes
 * fall on multiples of the interval since the epoch (a daily sweep at 00:00 UTC), so every
 * instance's round starts at the same moment and `lock` lets exactly one of them sweep it; without
 * aligned rounds, instances started at different times would each sweep at their own hour and the
 * lock would rarely meet a rival. Without `lock` (one embedded instance) every round runs.
 */
export function scheduleSealSweep(
  deps: SealSweepDeps & {
    logger: Logger;
    /** Each finished pass (for /metrics). */
    onReport(report: SweepReport): void;
    lock?: InstanceLock;
  },
  intervalMs: number,
): SealSweepSchedule {
  const stopper = new AbortController();
  let running: Promise<void> = Promise.resolve();
  const pass = (unsealedOnly: boolean) => sweepSeals(deps, { signal: stopper.signal, unsealedOnly });
  const locked = async (unsealedOnly: boolean): Promise<SweepReport | undefined> =>
    deps.lock ? (await deps.lock.tryRun(() => pass(unsealedOnly)))?.value : pass(unsealedOnly);
  const run = (unsealedOnly = false) =>
    (running = locked(unsealedOnly).then(
      (report) => {
        if (!report) {
          deps.logger.debug({ unsealedOnly }, 'seal sweep: another instance is sweeping; round skipped');
          return;
        }
        deps.onReport(report);
        if (report.mismatches > 0) deps.logger.error({ ...report }, 'seal sweep: stored licences fail their seal or row MAC');
        else if (report.sealed + report.resealed > 0) deps.logger.info({ ...report }, 'seal sweep: rows MACed');
      },
      (error: unknown) => deps.logger.warn({ err: error }, 'seal sweep failed; retrying next interval'),
    ));
  let timer: ReturnType<typeof setTimeout> | undefined;
  const next = () => {
    if (intervalMs === 0 || stopper.signal.aborted) return;
    // The next multiple of the interval; one just ahead (a timer fired a hair early, a round that ended
    // just before it) is the round already run, so the one after is next.
    const wait = intervalMs - (Date.now() % intervalMs);
    timer = setTimeout(() => void run().then(next), wait < intervalMs / 10 ? wait + intervalMs : wait);
    timer.unref();
  };
  void run(true).then(next);
  return {
    async stop() {
      stopper.abort();
      clearTimeout(timer);
      await running;
    },
  };
}
