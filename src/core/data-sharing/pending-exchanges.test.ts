import { describe, expect, it } from 'vitest';
import { createPendingExchanges } from './pending-exchanges.js';

describe('pending exchanges', () => {
  it('resumes the waiter with the answer of the expected provider only', async () => {
    const pending = createPendingExchanges();
    pending.register('x1', 'PROVIDER');
    const waiting = pending.wait('x1', 5_000);
    expect(pending.settle({ exchangeId: 'x1', ok: true, data: { a: 1 } }, 'SOMEONE-ELSE')).toBe(false);
    expect(pending.settle({ exchangeId: 'x1', ok: true, data: { a: 2 } }, 'PROVIDER')).toBe(true);
    expect(await waiting).toEqual({ exchangeId: 'x1', ok: true, data: { a: 2 } });
    expect(pending.size).toBe(0);
  });

  it('keeps an answer that arrives before the wait begins', async () => {
    const pending = createPendingExchanges();
    pending.register('x2', 'P');
    expect(pending.settle({ exchangeId: 'x2', ok: false, error: { code: 'ERR_X', detail: '' } }, 'P')).toBe(true);
    expect(await pending.wait('x2', 5_000)).toMatchObject({ ok: false });
  });

  it('resolves undefined at the deadline and forgets the exchange, so a late answer is ignored', async () => {
    const pending = createPendingExchanges();
    pending.register('x3', 'P');
    expect(await pending.wait('x3', 10)).toBeUndefined();
    expect(pending.expectedResponder('x3')).toBeUndefined();
    expect(pending.settle({ exchangeId: 'x3', ok: true, data: {} }, 'P')).toBe(false);
  });
});
