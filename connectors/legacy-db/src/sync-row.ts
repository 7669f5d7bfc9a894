/**
 * @module legacy-db/sync-row
 * One captured row brought up to date at the hub, following the hub's lifecycle: a row never seen
 * is issued (version 001); a row whose mapped payload changed is published as a replacement (next
 * version, `replaces` naming the current one); a changed status column becomes a sealed status
 * change, after the licence or replacement it applies to. A row revoked or cancelled at the same
 * time as other columns change is only revoked or cancelled: a final licence is never reissued.
 *
 * Each step is sealed, remembered as pending, submitted, then recorded; a crash anywhere leaves
 * either nothing or a pending JWS that the next pass resends unchanged, so the hub sees every change
 * at least once and never twice as different licences.
 */
import { canonicalHash, mapRow, type ColumnMapping, type MappedRow } from './column-mapping.js';
import { PublishRefusedError, type LicensePublisher } from './publisher.js';
import type { HubStatus, PendingStep, RowState, RowStateStore } from './row-state.js';

export interface SyncDeps {
  source: string;
  mapping: ColumnMapping;
  publisher: LicensePublisher;
  states: RowStateStore;
  now(): Date;
}

/** What happened to the row, for counters and logs (never the row's content). */
export type SyncOutcome = 'issued' | 'replaced' | 'status' | 'replaced+status' | 'issued+status' | 'unchanged' | 'refused';

export const MAPPING_ERROR_CODE = 'ERR_LEGACY_MAPPING';
const FINAL: readonly HubStatus[] = ['revoked', 'cancelled'];

export async function syncRow(deps: SyncDeps, key: string, row: Record<string, unknown>): Promise<SyncOutcome> {
  let state = (await deps.states.load(deps.source, key)) ?? {};
  if (state.pending) {
    const resumed = await submit(deps, key, state, state.pending);
    if (!resumed.ok) return 'refused';
    state = resumed.state;
  }
  const mapped = mapRow(deps.mapping, row);
  if (!mapped.ok) {
    const detail = mapped.problems.map((p) => `${p.pointer}: ${p.detail}`).join('; ');
    return refuse(deps, key, state, new PublishRefusedError(MAPPING_ERROR_CODE, detail), canonicalHash(row));
  }
  const attempt = canonicalHash([mapped.row.contentHash, mapped.row.status]);
  if (state.refused?.attempt === attempt) return 'unchanged';

  const done: string[] = [];
  for (;;) {
    const step = await nextStep(deps, state, mapped.row);
    if (step === undefined) break;
    const result = await submit(deps, key, state, step, attempt);
    if (!result.ok) return 'refused';
    state = result.state;
    done.push(step.kind === 'issue' ? 'issued' : step.kind === 'replace' ? 'replaced' : 'status');
  }
  if (state.refused) {
    state = { ...state, refused: undefined };
    await deps.states.save(deps.source, key, state);
  }
  return done.length === 0 ? 'unchanged' : (done.join('+') as SyncOutcome);
}

/** The one step that brings the hub closer to the row, sealed; undefined when they agree. */
async function nextStep(deps: SyncDeps, state: RowState, row: MappedRow): Promise<PendingStep | undefined> {
  const target = row.status;
  if (state.licenseId === undefined) {
    return { kind: 'issue', jws: await deps.publisher.sealLicense(row.payload), contentHash: row.contentHash };
  }
  if (state.contentHash !== row.contentHash && !FINAL.includes(target.status) && !FINAL.includes(state.status ?? 'valid')) {
    const payload = { ...row.payload, replaces: state.licenseId };
    return { kind: 'replace', jws: await deps.publisher.sealLicense(payload), contentHash: row.contentHash, replaces: state.licenseId };
  }
  if (target.status === (state.status ?? 'valid')) return undefined;
  const jws = await deps.publisher.sealStatusChange({
    licenseId: state.licenseId,
    status: target.status,
    ...(target.nationalStatusCode ? { nationalStatusCode: target.nationalStatusCode } : {}),
    reason: target.reason,
    effectiveAt: target.effectiveAt ?? deps.now().toISOString(),
  });
  return { kind: 'status', jws, licenseId: state.licenseId, status: target.status };
}

type Submitted = { ok: true; state: RowState } | { ok: false };

async function submit(deps: SyncDeps, key: string, state: RowState, step: PendingStep, attempt?: string): Promise<Submitted> {
  if (state.pending !== step) await deps.states.save(deps.source, key, { ...state, pending: step });
  try {
    const next = await apply(deps.publisher, state, step);
    await deps.states.save(deps.source, key, next);
    return { ok: true, state: next };
  } catch (error) {
    if (!(error instanceof PublishRefusedError)) throw error;
    // A status change resent after a crash finds it already applied: that is success, not a refusal.
    if (step.kind === 'status' && error.code === 'ERR_LICENSE_TRANSITION' && error.extra.status === step.status) {
      const next = { ...state, pending: undefined, status: step.status };
      await deps.states.save(deps.source, key, next);
      return { ok: true, state: next };
    }
    await refuse(deps, key, { ...state, pending: undefined }, error, attempt ?? step.jws);
    return { ok: false };
  }
}

async function apply(publisher: LicensePublisher, state: RowState, step: PendingStep): Promise<RowState> {
  switch (step.kind) {
    case 'issue':
    case 'replace': {
      const published = await publisher.submitLicense(step.jws);
      return { ...state, pending: undefined, licenseId: published.id, contentHash: step.contentHash, status: 'valid' };
    }
    case 'status': {
      await publisher.submitStatusChange(step.licenseId, step.jws);
      return { ...state, pending: undefined, status: step.status };
    }
  }
}

async function refuse(deps: SyncDeps, key: string, state: RowState, error: PublishRefusedError, attempt: string): Promise<'refused'> {
  await deps.states.save(deps.source, key, { ...state, refused: { code: error.code, detail: error.detail.slice(0, 1000), attempt } });
  return 'refused';
}
