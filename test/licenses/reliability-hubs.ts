/**
 * The hubs of the licence reliability tests: one consuming `licenses.submit` on the shared broker
 * under its own topic prefix, further hubs on the same database (sharing the CA passphrase), waiting
 * until a hub is ready and consuming in its group.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger, type Logger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, waitUntilReady, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { until } from '../support/until.js';
import { FOOD_LICENSE } from './license-payloads.js';
import { SAMR } from './reliability-submissions.js';

export const TOPICS = ['licenses.results', 'licenses.events', 'dlq'];
/** KAFKA_GROUP_ID of the hubs under test. */
export const HUB_GROUP = 'hub';

/** Waits until the hub consumes in its group: readiness covers the broker, not the subscription. */
export async function waitUntilConsuming(probe: KafkaProbe): Promise<void> {
  const admin = new Kafka({ clientId: 'reliability-watch', brokers: [probe.brokers], logLevel: logLevel.NOTHING }).admin();
  await admin.connect();
  try {
    await until(
      'the hub in its consumer group',
      async () => {
        const { groups } = await admin.describeGroups([probe.prefix + HUB_GROUP]);
        return groups[0]?.state === 'Stable' && groups[0].members.length === 1;
      },
      120_000,
    );
  } finally {
    await admin.disconnect();
  }
}

export interface SubmissionHub {
  probe: KafkaProbe;
  fixture: HubFixture;
  /** The bureau, enrolled to issue food licences. */
  samr: EnrolledDepartment;
  stop(): Promise<void>;
}

/**
 * A hub consuming `licenses.submit` on the shared broker (its own topic prefix), the bureau enrolled
 * for food licences, and a probe on the hub's topics; resolves once /readyz says the hub consumes.
 */
export async function startSubmissionHub(env: Record<string, string> = {}): Promise<SubmissionHub> {
  const probe = await createKafkaProbe(TOPICS);
  const fixture = await startHubFixture({
    KAFKA_BROKERS: probe.brokers,
    KAFKA_TOPIC_PREFIX: probe.prefix,
    KAFKA_GROUP_ID: HUB_GROUP,
    ...env,
  });
  const samr = await enrolDepartment(fixture, { ...SAMR, licenseTypes: [FOOD_LICENSE] });
  await waitUntilReady(fixture.hub.url);
  return {
    probe,
    fixture,
    samr,
    async stop() {
      await probe.close();
      await fixture.stop();
    },
  };
}

/** Starts a submission hub before the calling `describe`'s tests and stops it after; call the result inside tests. */
export function useSubmissionHub(env: Record<string, string> = {}): () => SubmissionHub {
  let hub: SubmissionHub | undefined;
  beforeAll(async () => void (hub = await startSubmissionHub(env)));
  afterAll(async () => hub?.stop());
  return () => {
    if (!hub) throw new Error('the submission hub did not start');
    return hub;
  };
}

/** A further hub on the fixture's database (same CA passphrase), e.g. another consumer in the group. */
export async function startAnotherHub(
  fixture: HubFixture,
  env: Record<string, string>,
  logger: Logger = silentLogger,
  /** Wait for `/readyz`; off when the test holds the hub's consumer out of its group on purpose. */
  { ready = true }: { ready?: boolean } = {},
): Promise<RunningHub> {
  const hub = await startHub(
    loadConfig({
      DATABASE_URL: fixture.db.url,
      ZZ_DATA_DIR: mkdtempSync(path.join(tmpdir(), 'zz-hub-')),
      PORT: '0',
      ZZ_DEMO: 'false',
      ...env,
    }),
    logger,
  );
  if (ready) await waitUntilReady(hub.url);
  return hub;
}

/** A passphrase file every hub of one test shares, so each of them can open the one CA. */
export function sharedPassphraseFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zz-passphrase-')), 'ca.passphrase');
  writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return file;
}
