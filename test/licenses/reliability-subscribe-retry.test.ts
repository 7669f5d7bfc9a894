/**
 * A hub whose subscription to `licenses.submit` fails when it starts must keep trying, not serve on
 * without ever consuming (its readiness covers the broker, not the subscription, so nothing else
 * would notice). The failure is made real and deterministic: a foreign consumer holds the hubs'
 * group with a partition assignor the hub does not speak, so the broker refuses the hub's join
 * (INCONSISTENT_GROUP_PROTOCOL); once it leaves, the hub must join and take submissions.
 */
import { AssignerProtocol, Kafka, logLevel, type Consumer, type PartitionAssigner } from 'kafkajs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/main.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { FOOD_LICENSE } from './license-payloads.js';
import { foodLicenses, SAMR, toMessage } from './reliability-submissions.js';
import { HUB_GROUP, sharedPassphraseFile, startAnotherHub, TOPICS } from './reliability-hubs.js';
import { recordingLogger } from './reliability-loggers.js';
import { timeBudget, until } from '../support/until.js';
import { waitForOutcomes } from './reliability-ledger.js';

const foreignAssigner: PartitionAssigner = () => ({
  name: 'ForeignAssigner',
  version: 0,
  assign: async () => [],
  protocol: ({ topics }) => ({
    name: 'ForeignAssigner',
    metadata: AssignerProtocol.MemberMetadata.encode({ version: 0, topics, userData: Buffer.alloc(0) }),
  }),
});

/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

describe('a hub whose subscription fails at start', () => {
  let probe: KafkaProbe | undefined;
  let fixture: HubFixture | undefined;
  let squatter: Consumer | undefined;
  let hub: RunningHub | undefined;
  let samr: EnrolledDepartment;
  let env: Record<string, string>;

  beforeAll(async () => {
    probe = await createKafkaProbe(TOPICS);
    env = {
      KAFKA_BROKERS: probe.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: HUB_GROUP,
      ZZ_CA_PASSPHRASE_FILE: sharedPassphraseFile(),
    };
    fixture = await startHubFixture(env);
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await waitUntilReady(fixture.hub.url);
    // The fixture's hub creates the topics and enrols; gone, it leaves the group to the squatter.
    await fixture.hub.stop('enrolment done');
  });

  afterAll(async () => {
    await squatter?.disconnect();
    await hub?.stop('test done');
    await probe?.close();
    await fixture?.stop();
  });

  it('keeps trying to subscribe and takes submissions once it can', { timeout: TEST_TIMEOUT_MS }, async ({ annotate }) => {
    const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
    const p = probe as KafkaProbe;
    const f = fixture as HubFixture;
    const consumer = new Kafka({ clientId: 'squatter', brokers: [p.brokers], logLevel: logLevel.NOTHING }).consumer({
      groupId: p.prefix + HUB_GROUP,
      partitionAssigners: [foreignAssigner],
    });
    squatter = consumer;
    await consumer.connect();
    await consumer.subscribe({ topic: `${p.prefix}licenses.submit` });
    await consumer.run({ eachMessage: async () => {} });
    // run() returns before the join completes: the hub must find the group already held.
    const admin = new Kafka({ clientId: 'squatter-watch', brokers: [p.brokers], logLevel: logLevel.NOTHING }).admin();
    await admin.connect();
    try {
      await until(
        'the squatter to hold the group',
        async () => {
          const { groups } = await admin.describeGroups([p.prefix + HUB_GROUP]);
          return groups[0]?.state === 'Stable' && groups[0].protocol === 'ForeignAssigner';
        },
        budget.remaining(),
      );
    } finally {
      await admin.disconnect();
    }

    const { logger, messages } = recordingLogger();
    // Not ready while its consumer is kept out of the group: readiness covers the subscription.
    hub = await startAnotherHub(f, env, logger, { ready: false });
    await until(
      'the hub to report its failed subscription',
      () => messages.some((m) => m.startsWith('could not subscribe to licence submissions')),
      budget.remaining(),
    );
    const refusedAt = Date.now();
    expect((await fetch(`${hub.url}/readyz`)).status).toBe(503);
    await consumer.disconnect();
    await waitUntilReady(hub.url, budget.remaining());

    const submissions = foodLicenses([samr], 1, 3, 'late');
    await p.produce('licenses.submit', submissions.map(toMessage));
    await waitForOutcomes(f, p, submissions, budget.remaining());
    const report = `subscription refused, then ${submissions.length} submissions answered ${Date.now() - refusedAt} ms after the group was free`;
    process.stderr.write(`[reliability: subscribe retry] ${report}\n`);
    await annotate(report);
    const stored = await f.db.sql`select id from licenses where number in ${f.db.sql(submissions.map((s) => s.number))}`;
    expect(stored).toHaveLength(submissions.length);
  });
});
