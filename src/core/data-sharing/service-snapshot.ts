/**
 * @module core/data-sharing/service-snapshot
 * Every data request reads its service (class, fields, contracts, provider). A snapshot of a few
 * seconds spares that query on the hot path; a revised or withdrawn service is seen within `maxAgeMs`.
 */
import type { DataService } from './data-service.js';

export function createServiceSnapshot(
  find: (code: string) => Promise<DataService | undefined>,
  { maxAgeMs = 2_000, now = Date.now }: { maxAgeMs?: number; now?: () => number } = {},
): (code: string) => Promise<DataService | undefined> {
  const services = new Map<string, { at: number; service: Promise<DataService | undefined> }>();
  return (code) => {
    const cached = services.get(code);
    if (cached && now() - cached.at < maxAgeMs) return cached.service;
    const service = find(code);
    services.set(code, { at: now(), service });
    // A failed read is not kept.
    service.catch(() => services.get(code)?.service === service && services.delete(code));
    return service;
  };
}
