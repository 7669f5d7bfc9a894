import { describe, expect, it } from 'vitest';
import { createProviderHealth } from './provider-health.js';

describe('provider health', () => {
  const make = () => {
    let now = 0;
    const health = createProviderHealth({ unavailableAfter: 3, coolDownMs: 1_000, now: () => now });
    return { health, advance: (ms: number) => void (now += ms) };
  };

  it('marks a service unavailable after the configured consecutive timeouts, and not before', () => {
    const { health } = make();
    health.timedOut('s');
    health.timedOut('s');
    expect(health.admits('s')).toBe(true);
    health.timedOut('s');
    expect(health.admits('s')).toBe(false);
    expect(health.unavailable()).toEqual(['s']);
    expect(health.admits('other')).toBe(true);
  });

  it('an answer in between resets the count', () => {
    const { health } = make();
    health.timedOut('s');
    health.timedOut('s');
    health.answered('s');
    health.timedOut('s');
    expect(health.admits('s')).toBe(true);
  });

  it('lets one probe through per cool-down, and an answer makes the service available again', () => {
    const { health, advance } = make();
    for (let i = 0; i < 3; i++) health.timedOut('s');
    advance(999);
    expect(health.admits('s')).toBe(false);
    advance(1);
    expect(health.admits('s')).toBe(true);
    expect(health.admits('s')).toBe(false);
    health.answered('s');
    expect(health.admits('s')).toBe(true);
    expect(health.unavailable()).toEqual([]);
  });
});
