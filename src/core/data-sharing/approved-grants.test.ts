import { describe, expect, it } from 'vitest';
import { createInMemoryChangeNotifier } from '../changes/in-memory-change-notifier.js';
import type { DataGrant } from './data-grant.js';
import { createApprovedGrants } from './approved-grants.js';

const CONSUMER = '11431322006123480N';
const grant = (over: Partial<DataGrant>) => ({ id: 'g1', consumer: CONSUMER, service: 'svc', status: 'approved', ...over }) as DataGrant;

describe('approved grants', () => {
  it('keeps a consumer’s approved grants of a service, re-reads them after a decision is announced, and after maxAge', async () => {
    let stored: DataGrant[] = [grant({}), grant({ id: 'g2', status: 'pending' }), grant({ id: 'g3', consumer: 'other' })];
    let reads = 0;
    let clock = 0;
    const changes = createInMemoryChangeNotifier();
    const approved = createApprovedGrants({
      repository: {
        listGrants: async () => {
          reads += 1;
          return stored;
        },
      },
      changes,
      now: () => clock,
      maxAgeMs: 1_000,
    });
    expect((await approved(CONSUMER, 'svc')).map((g) => g.id)).toEqual(['g1']);
    await approved(CONSUMER, 'svc');
    expect(reads).toBe(1);

    stored = [grant({ status: 'withdrawn' })];
    await changes.notify('data-grants');
    expect(await approved(CONSUMER, 'svc')).toEqual([]);
    expect(reads).toBe(2);

    stored = [grant({})];
    clock = 1_000;
    expect((await approved(CONSUMER, 'svc')).map((g) => g.id)).toEqual(['g1']);
    expect(reads).toBe(3);
  });

  it('does not keep a failed read', async () => {
    let fail = true;
    const approved = createApprovedGrants({
      repository: {
        listGrants: async () => {
          if (fail) throw new Error('database away');
          return [grant({})];
        },
      },
      changes: createInMemoryChangeNotifier(),
      now: () => 0,
    });
    await expect(approved(CONSUMER, 'svc')).rejects.toThrow('database away');
    fail = false;
    expect(await approved(CONSUMER, 'svc')).toHaveLength(1);
  });
});
