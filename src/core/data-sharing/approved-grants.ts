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

export interface ApprovedGrantsOptions {
  repository: Pick<DataSharingRepository, 'listGrants'>;
  changes: Pick<ChangeNotifier, 'subscribe'>;
  now(): number;
  maxAgeMs?: number;
}

/** The approved grants `consumer` holds for `service`. */
export type ApprovedGrants = (consumer: string, service: string) => Promise<readonly DataGrant[]>;

export function createApprovedGrants(options: ApprovedGrantsOptions): ApprovedGrants {
  const maxAgeMs = options.maxAgeMs ?? 15_000;
  let cached = new Map<string, { at: number; grants: Promise<readonly DataGrant[]> }>();
  options.changes.subscribe('data-grants', () => (cached = new Map()));

  return (consumer, service) => {
    const key = `${consumer}\u0000${service}`;
    const hit = cached.get(key);
    if (hit && options.now() - hit.at < maxAgeMs) return hit.grants;
    const grants = options.repository
      .listGrants({ department: consumer, service })
      .then((all) => all.filter((g) => g.consumer === consumer && g.status === 'approved'));
    const entry = { at: options.now(), grants };
    const into = cached;
    into.set(key, entry);
    // A failed read is not kept.
    grants.catch(() => into.get(key) === entry && into.delete(key));
    return grants;
  };
}
