/**
 * Readiness tells the truth about ingest: with the broker and the database both answering, a
 * submission consumer stuck on one message (here: blocked behind a table lock taken in PostgreSQL)
 * makes `/readyz` answer 503 naming `checks.consumer`, and ready again once it moves.
 */
import { describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { SAMR, toMessage } from '../licenses/reliability-submissions.js';
import { useSubmissionHub } from '../licenses/reliability-hubs.js';
import { until } from '../support/until.js';

interface Readiness {
  status: number;
  checks: Record<string, { status: string }>;
}

describe('readiness of the submission consumer', () => {
  const hub = useSubmissionHub({ ZZ_CONSUMER_STALL_MS: '1000', ZZ_INSTANCE_ID: 'hub-ready-1' });

  const readiness = async (): Promise<Readiness> => {
    const response = await fetch(`${hub().fixture.hub.url}/readyz`);
    return { status: response.status, checks: ((await response.json()) as { checks: Readiness['checks'] }).checks };
  };

  it('is not ready while the consumer is stuck on one message, and ready again once it moves', async () => {
    const { probe, fixture: f, samr } = hub();
    expect(await readiness()).toEqual({
      status: 200,
      checks: expect.objectContaining({ consumer: expect.objectContaining({ status: 'up' }) }),
    });
    let release: () => void = () => {};
    const released = new Promise<void>((resolve) => (release = resolve));
    let locked: () => void = () => {};
    const isLocked = new Promise<void>((resolve) => (locked = resolve));
    const holding = f.db.sql.begin(async (tx) => {
      await tx`lock table licenses in access exclusive mode`;
      locked();
      await released;
    });
    try {
      await isLocked;
      const number = 'JY39999999999201';
      const submission = { messageId: 'blocked', key: SAMR.uscc, number, jws: samr.seal(examplePayload(FOOD_LICENSE, SAMR, number)) };
      await probe.produce('licenses.submit', [toMessage(submission)]);
      let seen: Readiness | undefined;
      await until('readiness to report the stuck consumer', async () => (seen = await readiness()).status === 503, 60_000);
      expect(seen?.checks).toMatchObject({ database: { status: 'up' }, bus: { status: 'up' }, consumer: { status: 'down' } });
    } finally {
      release();
      await holding;
    }
    await until('ready again', async () => (await readiness()).status === 200, 60_000);
    await until(
      'the licence stored',
      async () => (await f.db.sql`select 1 from licenses where number = 'JY39999999999201'`).length === 1,
      60_000,
    );
    // /metrics says which instance handled it.
    const metrics = await (await fetch(`${f.hub.url}/metrics`)).text();
    expect(metrics).toMatch(/^zz_licence_submissions_handled\{hub_instance="hub-ready-1"\} 1$/m);
  });
});
