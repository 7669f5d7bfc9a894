/**
 * Several hubs on one database consume `licenses.submit` in one consumer group, and the group
 * rebalances twice while licences flow: a third hub joins, then one of the first two stops and
 * leaves. Partitions move between hubs mid-stream with batches in flight; the result must still be
 * each licence stored once, each message answered, each licence announced by one event.
 */
import { AssignerProtocol, Kafka, logLevel, type Admin } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Logger } from '../../src/core/ports/logger.js';
import type { RunningHub } from '../../src/main.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { FOOD_LICENSE } from './license-payloads.js';
import { createStreamingProducer, FOOD_ISSUERS, foodLicenses } from './reliability-submissions.js';
import { errorLogger } from './reliability-loggers.js';
import { HUB_GROUP, sharedPassphraseFile, startAnotherHub, TOPICS } from './reliability-hubs.js';
import { NO_VIOLATIONS, readLedger, violations, waitForOutcomes } from './reliability-ledger.js';
import { timeBudget, until } from '../support/until.js';

const N = 1_200;
const PARTITIONS = [0, 1, 2, 3, 4, 5];
/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 300_000;

describe('licence submission through a consumer group that rebalances mid-stream', () => {
  let probe: KafkaProbe | undefined;
  let admin: Admin | undefined;
  let fixture: HubFixture | undefined;
  const hubs: RunningHub[] = [];
  let issuers: EnrolledDepartment[];
  let env: Record<string, string>;

  beforeAll(async () => {
    probe = await createKafkaProbe(TOPICS);
    admin = new Kafka({ clientId: 'rebalance-observer', brokers: [probe.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    env = {
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: HUB_GROUP,
      ZZ_CA_PASSPHRASE_FILE: sharedPassphraseFile(),
    };
    fixture = await startHubFixture({ ...env, KAFKA_CLIENT_ID: 'hub-a' });
    issuers = [];
    for (const issuer of FOOD_ISSUERS) issuers.push(await enrolDepartment(fixture, { ...issuer, licenseTypes: [FOOD_LICENSE] }));
    await waitUntilReady(fixture.hub.url);
  });

  afterAll(async () => {
    await Promise.all(hubs.map((hub) => hub.stop('test done')));
    await admin?.disconnect();
    await probe?.close();
    await fixture?.stop();
  });

  /** Partitions of licenses.submit per hub (consumer client id), once the group is stable. */
  async function assignment(): Promise<Record<string, number[]> | undefined> {
    const p = probe as KafkaProbe;
    const { groups } = await (admin as Admin).describeGroups([p.prefix + HUB_GROUP]);
    const group = groups[0];
    if (group?.state !== 'Stable') return undefined;
    const byHub: Record<string, number[]> = {};
    for (const member of group.members) {
      const decoded = AssignerProtocol.MemberAssignment.decode(member.memberAssignment);
      byHub[member.clientId] = [...(byHub[member.clientId] ?? []), ...(decoded?.assignment[`${p.prefix}licenses.submit`] ?? [])].sort();
    }
    return byHub;
  }

  /** Waits until exactly `clientIds` share all partitions, each holding some. */
  async function groupSettlesOn(clientIds: string[], timeoutMs: number): Promise<Record<string, number[]>> {
    let settled: Record<string, number[]> | undefined;
    await until(
      `the group to settle on ${clientIds.join(', ')}`,
      async () => {
        const current = await assignment();
        const complete =
          current !== undefined &&
          Object.keys(current).sort().join() === [...clientIds].sort().join() &&
          Object.values(current).every((partitions) => partitions.length > 0) &&
          Object.values(current).flat().sort().join() === PARTITIONS.join();
        if (complete) settled = current;
        return complete;
      },
      timeoutMs,
    );
    return settled as Record<string, number[]>;
  }

  it(
    'stores every licence once, answers every message and announces every licence once',
    { timeout: TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const p = probe as KafkaProbe;
      const f = fixture as HubFixture;
      const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
      const stored = async () => (await f.db.sql<{ n: number }[]>`select count(*)::int as n from licenses`)[0]?.n ?? 0;
      // Ordinary rebalances are no error: the joining and the leaving hub log none.
      const logsB = errorLogger();
      const logsC = errorLogger();
      // Readiness within the budget, not startAnotherHub's own bound.
      const another = async (hubEnv: Record<string, string>, logger: Logger) => {
        const hub = await startAnotherHub(f, hubEnv, logger, { ready: false });
        hubs.push(hub);
        await waitUntilReady(hub.url, budget.remaining());
        return hub;
      };
      const hubB = await another({ ...env, KAFKA_CLIENT_ID: 'hub-b', ZZ_INSTANCE_ID: 'hub-b' }, logsB.logger);
      const before = await groupSettlesOn(['hub-a', 'hub-b'], budget.remaining());

      const submissions = foodLicenses(issuers, 2, N, 'rebalance');
      const started = Date.now();
      // Streaming in small batches; the last sixth waits until both rebalances are over, so they happen
      // while licences are still arriving however slow the machine is.
      const producer = createStreamingProducer(p, submissions, {
        batch: 20,
        pauseMs: 300,
        holdAt: (N * 5) / 6,
      });

      await until('a sixth of the stream sent', () => producer.sent >= N / 6, budget.remaining());
      await another({ ...env, KAFKA_CLIENT_ID: 'hub-c', ZZ_INSTANCE_ID: 'hub-c' }, logsC.logger);
      const withC = await groupSettlesOn(['hub-a', 'hub-b', 'hub-c'], budget.remaining());
      const atJoin = { sent: producer.sent, stored: await stored() };

      await hubB.stop('leaving the group mid-stream');
      hubs.splice(hubs.indexOf(hubB), 1);
      const atLeave = { sent: producer.sent, stored: await stored() };
      const after = await groupSettlesOn(['hub-a', 'hub-c'], budget.remaining());
      const settledAfterLeave = { sent: producer.sent, stored: await stored() };
      producer.release();

      await producer.done;
      await waitForOutcomes(f, p, submissions, budget.remaining());
      const finished = Date.now();
      const ledger = await readLedger(f, p, submissions);
      const report =
        `${ledger.report}; partitions ${JSON.stringify(before)} → ${JSON.stringify(withC)} ` +
        `(settled at ${atJoin.sent} sent / ${atJoin.stored} stored) → hub-b left at ${atLeave.sent} sent / ${atLeave.stored} stored → ` +
        `${JSON.stringify(after)} (settled at ${settledAfterLeave.sent} sent / ${settledAfterLeave.stored} stored); ${finished - started} ms in all`;
      process.stderr.write(`[reliability: rebalance] ${report}\n`);
      await annotate(report);

      expect(violations(ledger)).toEqual(NO_VIOLATIONS);
      // Both rebalances happened with licences still arriving, and after work had begun.
      expect(atJoin.stored).toBeGreaterThan(0);
      expect(settledAfterLeave.sent).toBeLessThan(N);
      expect([...logsB.errors, ...logsC.errors]).toEqual([]);
    },
  );
});
