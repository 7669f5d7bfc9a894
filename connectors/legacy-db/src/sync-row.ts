/**
 * @module legacy-db/sync-row
 * One captured row brought up to date at the hub, following the hub's lifecycle: a row never seen
 * is issued (version 001); a row whose mapped payload changed is published as a replacement (next
 * version, `replaces` naming the current one); a changed status column becomes a sealed status
 * change, after the licence or replacement it applies to. A row revoked or cancelled while other
 * columns change is only revoked or cancelled: a final licence is never reissued.
 *
 * Each step is remembered as pending (a licence already sealed), submitted, then recorded; a crash
 * anywhere leaves nothing or a pending step that the next pass resends unchanged, so the hub sees
 * every change at least once and never twice as different licences.
 */
import { ConnectorError, type HubClient } from '@zhengzhao/sdk';
import { canonicalHash, mapRow, type ColumnMapping, type MappedRow } from './column-mapping.js';
import type { HubStatus, PendingStep, RowState, RowStateStore } from './row-state.js';

/** The part of the SDK's hub client the connector uses. */
export type LicensePublisher = Pick<HubClient, 'sealLicense' | 'publish' | 'changeStatus'>;

export interface SyncDeps {
  source: string;
  mapping: ColumnMapping;
  hub: LicensePublisher;
  states: RowStateStore;
}

/**
 * What happened to the row, for counters and logs (never the row's content): `unchanged`, `refused`,
 * or the steps taken joined by `+`, e.g. `issued+status`, `replaced`.
 */
export type SyncOutcome = string;

export const MAPPING_ERROR_CODE = 'ERR_LEGACY_MAPPING';
const FINAL: readonly HubStatus[] = ['revoked', 'cancelled'];
type StatusStep = Extract<PendingStep, { kind: 'status' }>;

export async function syncRow(deps: SyncDeps, key: string, row: Record<string, unknown>): Promise<SyncOutcome> {
  let state = (await deps.states.load(deps.source, key)) ?? {};
  const done: string[] = [];
  if (state.pending) {
    const resumed = await submit(deps, key, state, state.pending, '');
    if (!resumed) return 'refused';
    done.push(stepName(state.pending));
    state = resumed;
  }
  const mapped = mapRow(deps.mapping, row);
  if (!mapped.ok) {
    const detail = mapped.problems.map((p) => `${p.column ? `${p.column} ` : ''}${p.pointer}: ${p.detail}`).join('; ');
    await refuse(deps, key, state, MAPPING_ERROR_CODE, detail, '');
    return 'refused';
  }
  const attempt = canonicalHash([mapped.row.contentHash, mapped.row.status]);
  if (state.refused?.attempt === attempt) return 'unchanged';

  for (;;) {
    let step: PendingStep | undefined;
    try {
      step = await nextStep(deps, state, mapped.row);
    } catch (error) {
      // Sealing checks the payload against the hub's contract first: a violation is the row's, for good.
      if (!isRefusal(error)) throw error;
      await refuse(deps, key, state, error.code, error.message, attempt);
      return 'refused';
    }
    if (step === undefined) break;
    const next = await submit(deps, key, state, step, attempt);
    if (!next) return 'refused';
    state = next;
    done.push(stepName(step));
  }
  if (state.refused) await deps.states.save(deps.source, key, { ...state, refused: undefined });
  return done.length === 0 ? 'unchanged' : done.join('+');
}

/** A refusal by the hub or the contract check; anything else (outages, bugs) is not the row's fault. */
function isRefusal(error: unknown): error is ConnectorError {
  return error instanceof ConnectorError && !error.retriable;
}

function stepName(step: PendingStep): string {
  return step.kind === 'issue' ? 'issued' : step.kind === 'replace' ? 'replaced' : 'status';
}

/** The one step that brings the hub closer to the row; undefined when they agree. */
async function nextStep(deps: SyncDeps, state: RowState, row: MappedRow): Promise<PendingStep | undefined> {
  const target = row.status;
  const current = state.status ?? 'valid';
  if (state.licenseId === undefined) {
    return { kind: 'issue', sealed: await seal(deps, row.payload), contentHash: row.contentHash };
  }
  if (state.contentHash !== row.contentHash && !FINAL.includes(target.status) && !FINAL.includes(current)) {
    return { kind: 'replace', sealed: await seal(deps, { ...row.payload, replaces: state.licenseId }), contentHash: row.contentHash };
  }
  if (target.status === current) return undefined;
  const { status, nationalStatusCode, reason, effectiveAt } = target;
  const change: StatusStep['change'] = {
    status,
    reason,
    ...(nationalStatusCode ? { nationalStatusCode } : {}),
    ...(effectiveAt ? { effectiveAt } : {}),
  };
  return { kind: 'status', licenseId: state.licenseId, change };
}

function seal(deps: SyncDeps, payload: Record<string, unknown>) {
  return deps.hub.sealLicense(payload as unknown as Parameters<LicensePublisher['sealLicense']>[0]);
}

/** The state after the step, or undefined when the hub (or the contract check) refused it for good. */
async function submit(deps: SyncDeps, key: string, state: RowState, step: PendingStep, attempt: string): Promise<RowState | undefined> {
  if (state.pending !== step) await deps.states.save(deps.source, key, { ...state, pending: step });
  let next: RowState;
  try {
    if (step.kind === 'status') {
      await deps.hub.changeStatus(step.licenseId, step.change);
      next = { ...state, pending: undefined, status: step.change.status };
    } else {
      const published = await deps.hub.publish(step.sealed);
      next = { ...state, pending: undefined, licenseId: published.id, contentHash: step.contentHash, status: 'valid' };
    }
  } catch (error) {
    // Anything retriable (hub or network away) leaves the step pending for the next pass.
    if (!isRefusal(error)) throw error;
    await refuse(deps, key, { ...state, pending: undefined }, error.code, error.message, attempt);
    return undefined;
  }
  await deps.states.save(deps.source, key, next);
  return next;
}

async function refuse(deps: SyncDeps, key: string, state: RowState, code: string, detail: string, attempt: string): Promise<void> {
  await deps.states.save(deps.source, key, { ...state, refused: { code, detail: detail.slice(0, 1000), attempt } });
}
