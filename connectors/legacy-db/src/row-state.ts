/**
 * @module legacy-db/row-state
 * What the connector remembers per source row, in a table of the department's own database beside
 * the capture checkpoint: which licence the row became, the hash of the payload last published, the
 * status last set, a sealed step not yet confirmed by the hub (resent verbatim after a crash), and
 * the last refusal (so an unchanged refused row is not sent again and again).
 */

export type HubStatus = 'valid' | 'suspended' | 'revoked' | 'cancelled';

/** A sealed submission whose answer has not been recorded yet. */
export type PendingStep =
  | { kind: 'issue'; jws: string; contentHash: string }
  | { kind: 'replace'; jws: string; contentHash: string; replaces: string }
  | { kind: 'status'; jws: string; licenseId: string; status: HubStatus };

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

/** Every column of the state table beyond (source, row_key) lives in one JSON document. */
export function encodeRowState(state: RowState): string {
  return JSON.stringify(state);
}

export function decodeRowState(text: string | null | undefined): RowState | undefined {
  return text ? (JSON.parse(text) as RowState) : undefined;
}
