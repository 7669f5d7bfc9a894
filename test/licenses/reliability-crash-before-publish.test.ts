/**
 * A hub process killed (SIGKILL) after a licence committed and before its event reached the broker:
 * the event waits in the outbox and the next hub on the same database publishes it, the very event
 * that was committed (same eventId), once. To hold the hub between commit and publish for real, the
 * broker (this file's own) is down while the licence is published over HTTP — the HTTP answer never
 * waits on the broker — and the hub is killed while its relay is failing to publish.
 */
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunningHub } from '../../src/main.js';
import { startKafka, type KafkaService } from '../services/kafka.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { builtMain, spawnBuilt, waitForLog, type HubProcess } from '../support/hub-process.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';
import { HUB_GROUP, sharedPassphraseFile, startAnotherHub, TOPICS } from './reliability-hubs.js';
import { SAMR } from './reliability-submissions.js';
import { timeBudget, until } from '../support/until.js';

/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

describe('a hub killed between commit and publish', () => {
  let kafka: KafkaService | undefined;
  let probe: KafkaProbe | undefined;
  let fixture: HubFixture | undefined;
  let crashing: HubProcess | undefined;
  let successor: RunningHub | undefined;
  let samr: EnrolledDepartment;
  let env: Record<string, string>;

  beforeAll(async () => {
    kafka = await startKafka();
    probe = await createKafkaProbe(TOPICS, kafka.brokers);
    env = {
      KAFKA_BROKERS: kafka.brokers,
      KAFKA_TOPIC_PREFIX: probe.prefix,
      KAFKA_GROUP_ID: HUB_GROUP,
      ZZ_CA_PASSPHRASE_FILE: sharedPassphraseFile(),
    };
    fixture = await startHubFixture(env);
    samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
    await waitUntilReady(fixture.hub.url);
    // The fixture's hub only enrols the department: stopped (its outbox drained), it cannot be the
    // one that publishes the event under test.
    await fixture.hub.stop('enrolment done');
  });

  afterAll(async () => {
    crashing?.child.kill('SIGKILL');
    await crashing?.exited;
    await successor?.stop('test done');
    await probe?.close();
    await fixture?.stop();
    await kafka?.destroy();
  });

  it(
    'publishes the committed event after a restart, once, with the eventId it was committed with',
    { timeout: TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
      const broker = kafka as KafkaService;
      const p = probe as KafkaProbe;
      const f = fixture as HubFixture;
      const hub = spawnBuilt(builtMain, [], {
        DATABASE_URL: f.db.url,
        ZZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zz-hub-')),
        PORT: '0',
        ZZ_DEMO: 'false',
        ...env,
      });
      crashing = hub;
      const [, url] = await waitForLog(hub, /"url":"(http:\/\/127\.0\.0\.1:\d+)"/, budget.remaining());
      await waitUntilReady(url as string, budget.remaining());

      await broker.stop();
      const jws = samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY34313220000001'));
      const response = await fetch(`${url}/v1/licenses`, {
        method: 'POST',
        headers: { authorization: `Bearer ${samr.systemToken}`, 'content-type': 'application/jose' },
        body: jws,
      });
      expect(response.status).toBe(201);
      const { id } = (await response.json()) as { id: string };
      const owed = () => f.db.sql<{ eventId: string; type: string }[]>`
      select headers->>'event-id' as "eventId", headers->>'event-type' as type from outbox where topic = 'licenses.events' and key = ${id}`;
      const committed = await owed();
      expect(committed).toEqual([{ eventId: expect.stringMatching(/^[0-9a-f-]{36}$/), type: 'license.issued' }]);

      // The relay has tried to publish and failed: the hub is now between commit and publish.
      await waitForLog(hub, /outbox relay round failed/, budget.remaining());
      const killed = Date.now();
      hub.child.kill('SIGKILL');
      expect(await hub.exited).toBeNull();
      expect(hub.child.signalCode).toBe('SIGKILL');
      expect(await owed()).toEqual(committed);

      await broker.start();
      successor = await startAnotherHub(f, env, undefined, { ready: false });
      await waitUntilReady(successor.url, budget.remaining());
      const events = await p.waitFor('licenses.events', (all) => all.some((e) => e.key === id), budget.remaining());
      const published = Date.now();
      await until('an empty outbox', async () => (await owed()).length === 0, budget.remaining());

      const forLicense = events
        .filter((e) => e.key === id)
        .map((e) => JSON.parse(e.value) as { eventId: string; type: string; licenseId: string });
      const report = `event ${committed[0]?.eventId} committed, hub killed, published by the next hub ${published - killed} ms after the kill (${forLicense.length} deliveries)`;
      process.stderr.write(`[reliability: crash before publish] ${report}\n`);
      await annotate(report);
      expect(forLicense[0]).toMatchObject({ eventId: committed[0]?.eventId, type: 'license.issued', licenseId: id });
      expect(new Set(forLicense.map((e) => e.eventId))).toEqual(new Set([committed[0]?.eventId]));
      expect((await f.db.sql<{ n: number }[]>`select count(*)::int as n from licenses where id = ${id}`)[0]?.n).toBe(1);
    },
  );
});
