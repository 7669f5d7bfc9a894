/**
 * @module core/data-sharing/provider-health
 * A provider that keeps timing out is marked unavailable (X-Road's security servers do the same),
 * so consumers get ERR_DATA_PROVIDER_UNAVAILABLE at once instead of each waiting out the timeout.
 * After a cool-down one request is let through as a probe; an answer marks the service available
 * again. Kept per hub instance: each instance learns from the traffic it routes.
 */
export interface ProviderHealthOptions {
  /** Consecutive timeouts that mark a service unavailable. */
  unavailableAfter: number;
  /** How long an unavailable service is refused before a probe goes through. */
  coolDownMs: number;
  now(): number;
}

export interface ProviderHealth {
  /** Whether a request may be routed now (false while unavailable and cooling down). */
  admits(service: string): boolean;
  answered(service: string): void;
  timedOut(service: string): void;
  unavailable(): string[];
}

export function createProviderHealth(options: ProviderHealthOptions): ProviderHealth {
  const state = new Map<string, { timeouts: number; downSince?: number | undefined }>();
  return {
    admits(service) {
      const s = state.get(service);
      if (s?.downSince === undefined) return true;
      if (options.now() - s.downSince < options.coolDownMs) return false;
      s.downSince = options.now(); // one probe per cool-down
      return true;
    },
    answered: (service) => void state.delete(service),
    timedOut(service) {
      const s = state.get(service) ?? { timeouts: 0 };
      s.timeouts += 1;
      if (s.timeouts >= options.unavailableAfter) s.downSince = options.now();
      state.set(service, s);
    },
    unavailable: () => [...state].filter(([, s]) => s.downSince !== undefined).map(([service]) => service),
  };
}
