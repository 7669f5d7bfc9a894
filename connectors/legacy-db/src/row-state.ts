/**
 * @module legacy-db/row-state
 * What the connector remembers per source row, in a table of the department's own database beside
 * the capture checkpoint: which licence the row became, the hash of the payload last published, the
 * status last set, a step not yet confirmed by the hub (a sealed licence is resent verbatim after a
 * crash, since a fresh signature over a replacement would be a conflicting one), and the last
 * refusal, so an unchanged refused row is not sent again and again.
 */
import type { SealedLicense, StatusChangeInput } from '@zhengzhao/sdk';

export type HubStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled';

/** A submission whose answer has not been recorded yet. */
export type PendingStep =
  | { kind: 'issue' | 'replace'; sealed: SealedLicense; contentHash: string }
  | { kind: 'status'; licenseId: string; change: StatusChangeInput & { status: HubStatus } };

export interface RowState {
  licenseId?: string;
  contentHash?: string;
  status?: HubStatus;
  pending?: PendingStep;
  refused?: { code: string; detail: string; attempt: string };
}

export interface RowStateStore {
  load(source: string, key: string): Promise<RowState | undefined>;
  save(source: string, key: string, state: RowState): Promise<void>;
}

/** The state table keeps licence, status and refusal code in columns for people, and all of it as JSON. */
export function encodeRowState(state: RowState): string {
  return JSON.stringify(state);
}

export function decodeRowState(text: string | null | undefined): RowState | undefined {
  return text ? (JSON.parse(text) as RowState) : undefined;
}
