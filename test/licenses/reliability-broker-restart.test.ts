/**
 * The broker stopped and started again while a department streams licences to `licenses.submit`:
 * on a broker of this file's own (the shared one must stay up for other files). The department
 * resends what the broker did not acknowledge; the hub's consumer, producer and outbox relay must
 * recover by themselves. In the end every licence is stored once, every message answered, and every
 * licence announced by exactly one `license.issued` event.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startKafka, type KafkaService } from '../services/kafka.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { FOOD_LICENSE } from './license-payloads.js';
import { createStreamingProducer, foodLicenses, SAMR } from './reliability-submissions.js';
import { HUB_GROUP, TOPICS, waitUntilConsuming } from './reliability-hubs.js';
import { NO_VIOLATIONS, readLedger, violations, waitForOutcomes } from './reliability-ledger.js';
import { timeBudget, until } from '../support/until.js';

const N = 600;
/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 300_000;

describe('licence submission while the broker stops and restarts', () => {
  let kafka: KafkaService | undefined;
  let probe: KafkaProbe | undefined;
  let fixture: HubFixture | undefined;
  let samr: EnrolledDepartment;

  beforeAll(async () => {
    kafka = await startKafka();
    probe = await createKafkaProbe(TOPICS, kafka.brokers);
    fixture = await startHubFixture({ KAFKA_BROKERS: kafka.brokers, KAFKA_TOPIC_PREFIX: probe.prefix, KAFKA_GROUP_ID: HUB_GROUP });
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await waitUntilReady(fixture.hub.url);
    await waitUntilConsuming(probe);
  });

  afterAll(async () => {
    await probe?.close();
    await fixture?.stop();
    await kafka?.destroy();
  });

  it(
    'stores every licence once, answers every message and announces every licence once',
    { timeout: TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const broker = kafka as KafkaService;
      const p = probe as KafkaProbe;
      const f = fixture as HubFixture;
      const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
      const submissions = foodLicenses([samr], 1, N, 'restart');
      const started = Date.now();
      // Streaming; the second half waits for the restart, so the outage cuts the stream on any machine.
      const producer = createStreamingProducer(p, submissions, {
        batch: 10,
        pauseMs: 100,
        holdAt: N / 2,
      });
      const readiness = async () =>
        ((await (await fetch(`${f.hub.url}/readyz`)).json()) as { checks?: Record<string, { status: string }> }).checks ?? {};

      await until('a third of the stream sent', () => producer.sent >= N / 3, budget.remaining());
      const stopped = Date.now();
      await broker.stop();
      const sentBeforeOutage = producer.sent;
      const storedBeforeOutage = (await f.db.sql<{ n: number }[]>`select count(*)::int as n from licenses`)[0]?.n;
      // Down until the hub's consumer has given up on the broker (its client retries spent, out of its
      // group): consumer, producer and relay must then recover, not merely wait.
      await until(
        'the hub to report its consumer out of its group',
        async () => (await readiness()).consumer?.status === 'down',
        budget.remaining(),
      );
      await broker.start();
      producer.release();
      const restarted = Date.now();
      const sentAtRestart = producer.sent;
      await producer.done;

      // The probe's consumer starts only now, from the beginning: it sees everything, and it is the
      // hub's recovery under test, not the probe's. The hub's consumer rejoins its group only once the
      // coordinator has expired the member that died in the outage (its session timeout).
      await waitForOutcomes(f, p, submissions, budget.remaining());
      const caughtUp = Date.now();
      const ledger = await readLedger(f, p, submissions);
      const report =
        `${ledger.report}; outage at ${sentBeforeOutage} sent / ${storedBeforeOutage} stored, ${sentAtRestart} sent at restart, ` +
        `longest send ${producer.longestSendMs} ms, ${producer.retries} resends; ` +
        `broker down ${restarted - stopped} ms, all answered and announced ${caughtUp - restarted} ms after restart, ${caughtUp - started} ms in all`;
      process.stderr.write(`[reliability: broker restart] ${report}\n`);
      await annotate(report);

      expect(violations(ledger)).toEqual(NO_VIOLATIONS);
      // The outage really cut the stream: part of it was sent and stored before, the rest sent only
      // after the restart.
      expect(storedBeforeOutage).toBeGreaterThan(0);
      expect(sentAtRestart).toBeLessThan(N);
      // The relay deletes what it published in the transaction that published it: the outbox empties.
      await until(
        'an empty outbox',
        async () => (await f.db.sql<{ n: number }[]>`select count(*)::int as n from outbox`)[0]?.n === 0,
        budget.remaining(),
      );
    },
  );
});
