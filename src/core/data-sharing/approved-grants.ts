/**
 * @module core/data-sharing/approved-grants
 * Every conditional data request needs the consumer's approved grants of the service. Reading them
 * from the database on each request made the grant lookup one of the exchange's costliest steps,
 * so they are kept per (consumer, service) and dropped whenever any instance announces a grant
 * decision ('data-grants': an approval, a refusal, a withdrawal), then re-read. A lost notice is
 * covered by re-reading after `maxAgeMs`. Expiry needs no notice: it is judged at each request.
 */
import type { ChangeNotifier } from '../ports/change-notifier.js';
import type { DataSharingRepository } from '../ports/data-sharing-repository.js';
import type { DataGrant } from './data-grant.js';
import { createSnapshotCache } from './snapshot-cache.js';

export interface ApprovedGrantsOptions {
  repository: Pick<DataSharingRepository, 'listGrants'>;
  changes: Pick<ChangeNotifier, 'subscribe'>;
  now(): number;
  maxAgeMs?: number;
}

/** The approved grants `consumer` holds for `service`. */
export type ApprovedGrants = (consumer: string, service: string) => Promise<readonly DataGrant[]>;

export function createApprovedGrants(options: ApprovedGrantsOptions): ApprovedGrants {
  const snapshots = createSnapshotCache(
    async (key) => {
      const [consumer, service] = key.split('\u0000') as [string, string];
      const all = await options.repository.listGrants({ department: consumer, service });
      return all.filter((g) => g.consumer === consumer && g.status === 'approved');
    },
    { maxAgeMs: options.maxAgeMs ?? 15_000, now: options.now },
  );
  options.changes.subscribe('data-grants', () => snapshots.clear());
  return (consumer, service) => snapshots.get(`${consumer}\u0000${service}`);
}
