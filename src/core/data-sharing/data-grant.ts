/**
 * @module core/data-sharing/data-grant
 * An access grant (共享申请): a consumer department asks for a conditional service for named
 * purposes (service items of the catalogue, or a legal basis) and fields; the provider approves —
 * possibly fewer fields — or refuses, and may later withdraw. An approved grant has an expiry and a
 * rate quota; only an approved, unexpired grant lets requests through.
 */
export const GrantStatuses = ['pending', 'approved', 'refused', 'withdrawn'] as const;
export type GrantStatus = (typeof GrantStatuses)[number];

export interface DataGrant {
  id: string;
  service: string;
  provider: string;
  consumer: string;
  /** Item codes of the catalogue (or `legal:<basis>`): a request's purpose must name one of them. */
  purposes: readonly string[];
  requestedFields: readonly string[];
  /** Set on approval: a subset of the requested fields. */
  grantedFields: readonly string[] | undefined;
  status: GrantStatus;
  /** Requests per minute the consumer may make under this grant. */
  quotaPerMinute: number | undefined;
  expiresAt: Date | undefined;
  /** Why it was refused or withdrawn. */
  reason: string | undefined;
  appliedBy: string;
  decidedBy: string | undefined;
  createdAt: Date;
  decidedAt: Date | undefined;
}

/** Whether the grant lets requests through at `now`. */
export function isGrantLive(grant: DataGrant, now: Date): boolean {
  return grant.status === 'approved' && (grant.expiresAt === undefined || grant.expiresAt.getTime() > now.getTime());
}
