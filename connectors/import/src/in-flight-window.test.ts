import { describe, expect, it } from 'vitest';
import { createInFlightWindow } from './in-flight-window.js';

describe('in-flight window', () => {
  it('waits for room by row count and wakes when an answer frees it', async () => {
    const window = createInFlightWindow({ rows: 2, bytes: 1_000 });
    expect(window.enter(10)).toBeUndefined();
    expect(window.enter(10)).toBeUndefined();
    let entered = false;
    const third = window.enter(10)?.then(() => (entered = true));
    expect(third).toBeDefined();
    await Promise.resolve();
    expect(entered).toBe(false);
    window.leave(10);
    await third;
    expect(entered).toBe(true);
    expect(window.rows).toBe(2);
  });

  it('waits for room by bytes, and lets one row larger than the bound go alone', async () => {
    const window = createInFlightWindow({ rows: 100, bytes: 100 });
    expect(window.enter(60)).toBeUndefined();
    const waiting = window.enter(60);
    expect(waiting).toBeDefined();
    window.leave(60);
    await waiting;
    window.leave(60);
    expect(window.enter(500)).toBeUndefined();
    const after = window.enter(1);
    expect(after).toBeDefined();
    window.leave(500);
    await after;
    expect(window.rows).toBe(1);
  });

  it('drained() resolves once the last row has left', async () => {
    const window = createInFlightWindow({ rows: 10, bytes: 1_000 });
    await window.drained();
    window.enter(1);
    window.enter(1);
    let drained = false;
    const done = window.drained().then(() => (drained = true));
    window.leave(1);
    await Promise.resolve();
    expect(drained).toBe(false);
    window.leave(1);
    await done;
    expect(drained).toBe(true);
  });
});
