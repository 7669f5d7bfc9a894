import { describe, expect, it } from 'vitest';
import { createCircuitBreaker, HEALTHY, type EndpointHealth } from './circuit-breaker.js';

const t0 = new Date('2026-01-01T00:00:00Z');
const plus = (ms: number) => new Date(t0.getTime() + ms);

describe('webhook endpoint circuit breaker', () => {
  const breaker = createCircuitBreaker({ threshold: 3, coolDownMs: 1_000, maxCoolDownMs: 4_000, disableAfterMs: 10_000 });

  function fail(times: number, health: EndpointHealth = HEALTHY, at = t0): EndpointHealth {
    for (let i = 0; i < times; i++) health = breaker.afterFailure(health, at).health;
    return health;
  }

  it('stays closed below the threshold and opens at it', () => {
    const two = fail(2);
    expect(breaker.allows(two, t0)).toBe(true);
    expect(breaker.isProbing(two)).toBe(false);
    const three = fail(1, two);
    expect(breaker.allows(three, t0)).toBe(false);
    expect(breaker.allows(three, plus(999))).toBe(false);
    expect(breaker.allows(three, plus(1_000))).toBe(true);
    expect(breaker.isProbing(three)).toBe(true);
  });

  it('doubles the cool-down while the probes fail, up to the ceiling', () => {
    const opened = [3, 4, 5, 6].map((n) => fail(n).openUntil?.getTime() ?? 0).map((until) => until - t0.getTime());
    expect(opened).toEqual([1_000, 2_000, 4_000, 4_000]);
  });

  it('closes and forgets the failures on a success', () => {
    const healed = breaker.afterSuccess();
    expect(healed).toEqual(HEALTHY);
    expect(breaker.allows(healed, t0)).toBe(true);
  });

  it('remembers when the failures began and disables after the window', () => {
    const first = breaker.afterFailure(HEALTHY, t0);
    expect(first.health.failingSince).toEqual(t0);
    expect(first.disable).toBe(false);
    const later = breaker.afterFailure(first.health, plus(9_999));
    expect(later.health.failingSince).toEqual(t0);
    expect(later.disable).toBe(false);
    expect(breaker.afterFailure(later.health, plus(10_000)).disable).toBe(true);
  });

  it('refuses nonsense options', () => {
    expect(() => createCircuitBreaker({ threshold: 0 })).toThrow(TypeError);
    expect(() => createCircuitBreaker({ coolDownMs: 10, maxCoolDownMs: 5 })).toThrow(TypeError);
  });
});
