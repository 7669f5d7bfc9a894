/**
 * @module core/data-sharing/snapshot-cache
 * Every data request reads its service (class, fields, contracts, provider) and, for a conditional
 * one, the consumer's grants. A snapshot per key, kept `maxAgeMs`, spares those queries on the hot
 * path; `clear` drops every snapshot at once when a change is announced. A failed read is not kept.
 */
export interface SnapshotCache<V> {
  get(key: string): Promise<V>;
  clear(): void;
}

export function createSnapshotCache<V>(
  load: (key: string) => Promise<V>,
  { maxAgeMs = 2_000, now = Date.now }: { maxAgeMs?: number; now?: () => number } = {},
): SnapshotCache<V> {
  let snapshots = new Map<string, { at: number; value: Promise<V> }>();
  return {
    get(key) {
      const cached = snapshots.get(key);
      if (cached && now() - cached.at < maxAgeMs) return cached.value;
      const entry = { at: now(), value: load(key) };
      const into = snapshots;
      into.set(key, entry);
      entry.value.catch(() => into.get(key) === entry && into.delete(key));
      return entry.value;
    },
    clear() {
      snapshots = new Map();
    },
  };
}
