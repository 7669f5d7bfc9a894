/**
 * @module core/webhooks/circuit-breaker
 * The health of one webhook endpoint, as pure transitions over state kept in the database (so every
 * hub instance sees the same breaker). After `threshold` consecutive failed attempts the breaker
 * opens: the endpoint is left alone for a cool-down that doubles while it keeps failing, so a dead
 * receiver costs one probe an hour instead of a request per pending event. When the cool-down ends,
 * the next attempt is the probe: success closes the breaker, failure opens it again for longer.
 *
 * The same state tracks how long the endpoint has failed without a single success; past the
 * disable window the endpoint is disabled and its administrators are told.
 */

export interface EndpointHealth {
  consecutiveFailures: number;
  /** While in the future the breaker is open and nothing is sent. */
  openUntil: Date | undefined;
  /** First failure since the last success; `undefined` while healthy. */
  failingSince: Date | undefined;
}

export interface CircuitBreakerOptions {
  /** Consecutive failures that open the breaker. Default 5. */
  threshold?: number;
  /** First cool-down. Default 1 minute. */
  coolDownMs?: number;
  /** Longest cool-down. Default 1 hour. */
  maxCoolDownMs?: number;
  /** Failing without a success for this long disables the endpoint. Default 5 days. */
  disableAfterMs?: number;
}

export interface FailureOutcome {
  health: EndpointHealth;
  /** The endpoint has failed for the whole disable window: disable it. */
  disable: boolean;
}

export interface CircuitBreaker {
  allows(health: EndpointHealth, now: Date): boolean;
  /** The breaker has opened at least once since the last success: try one delivery at a time. */
  isProbing(health: EndpointHealth): boolean;
  afterSuccess(): EndpointHealth;
  afterFailure(health: EndpointHealth, now: Date): FailureOutcome;
}

export const HEALTHY: EndpointHealth = Object.freeze({ consecutiveFailures: 0, openUntil: undefined, failingSince: undefined });

export function createCircuitBreaker(options: CircuitBreakerOptions = {}): CircuitBreaker {
  const threshold = options.threshold ?? 5;
  const coolDownMs = options.coolDownMs ?? 60_000;
  const maxCoolDownMs = options.maxCoolDownMs ?? 3600_000;
  const disableAfterMs = options.disableAfterMs ?? 5 * 24 * 3600_000;
  if (!(threshold >= 1) || !(coolDownMs > 0) || !(maxCoolDownMs >= coolDownMs) || !(disableAfterMs > 0)) {
    throw new TypeError('a circuit breaker needs threshold >= 1, 0 < coolDownMs <= maxCoolDownMs and disableAfterMs > 0');
  }
  return {
    allows: (health, now) => health.openUntil === undefined || health.openUntil.getTime() <= now.getTime(),
    isProbing: (health) => health.consecutiveFailures >= threshold,
    afterSuccess: () => HEALTHY,
    afterFailure(health, now) {
      const consecutiveFailures = health.consecutiveFailures + 1;
      const failingSince = health.failingSince ?? now;
      const opens = consecutiveFailures >= threshold;
      const coolDown = Math.min(maxCoolDownMs, coolDownMs * 2 ** Math.min(consecutiveFailures - threshold, 30));
      return {
        health: { consecutiveFailures, failingSince, openUntil: opens ? new Date(now.getTime() + coolDown) : undefined },
        disable: now.getTime() - failingSince.getTime() >= disableAfterMs,
      };
    },
  };
}
