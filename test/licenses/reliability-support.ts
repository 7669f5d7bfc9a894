/**
 * Shared instruments of the licence reliability tests: a department producer that retries until
 * the broker accepts, a second hub on the fixture's database, and the ledger that checks the three
 * end-to-end promises — each licence stored once, each message answered, each licence announced by
 * exactly one `license.issued` event (at-least-once may repeat that event, never mint a second one).
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Kafka, logLevel } from 'kafkajs';
import { afterAll, beforeAll } from 'vitest';
import { loadConfig } from '../../src/config/config.js';
import { silentLogger, type Logger } from '../../src/core/ports/logger.js';
import { startHub, type RunningHub } from '../../src/main.js';
import { enrolDepartment, type EnrolledDepartment } from '../support/department-fixture.js';
import { startHubFixture, type HubFixture } from '../support/hub-fixture.js';
import { createKafkaProbe, type KafkaProbe } from '../support/kafka-probe.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';

export const SAMR = { uscc: '114313220061234566', name: '新化县市场监督管理局' };
/**
 * The bureau and five branch offices issuing food licences. Submissions are keyed by the issuer's
 * credit code, so one issuer is one partition; these six codes land on the six partitions of
 * `licenses.submit` (murmur2, as kafkajs and the Java client hash keys), so every consumer in a
 * group has work.
 */
export const FOOD_ISSUERS = [
  SAMR,
  { uscc: '11431322006156789G', name: '新化县市场监督管理局上梅分局' },
  { uscc: '11431322006134567Y', name: '新化县市场监督管理局洋溪分局' },
  { uscc: '11431322006379009T', name: '新化县市场监督管理局炉观分局' },
  { uscc: '114313220061901226', name: '新化县市场监督管理局游家分局' },
  { uscc: '11431322006167900N', name: '新化县市场监督管理局桑梓分局' },
] as const;
export const TOPICS = ['licenses.results', 'licenses.events', 'dlq'];
/** KAFKA_GROUP_ID of the hubs under test. */
export const HUB_GROUP = 'hub';

export interface Submission {
  messageId: string;
  /** The issuer's credit code, the message key. */
  key: string;
  number: string;
  jws: string;
}

/**
 * `count` distinct food licences, issued in turn by `issuers`; `series` (1–3) keeps the numbers of
 * different tests apart.
 */
export function foodLicenses(issuers: readonly EnrolledDepartment[], series: 1 | 2 | 3, count: number, tag: string): Submission[] {
  return Array.from({ length: count }, (_, i) => {
    const issuer = issuers[i % issuers.length] as EnrolledDepartment;
    const number = `JY${series}431322${String(i).padStart(7, '0')}`;
    const payload = examplePayload(FOOD_LICENSE, { uscc: issuer.uscc, name: issuer.name }, number);
    return { messageId: `${tag}-${i}`, key: issuer.uscc, number, jws: issuer.seal(payload) };
  });
}

/** What a connector puts on `licenses.submit` for a submission. */
export function toMessage(s: Submission) {
  return { key: s.key, value: s.jws, headers: { 'message-id': s.messageId } };
}

export async function until(what: string, done: () => boolean | Promise<boolean>, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await done())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(100);
  }
}

export async function waitUntilReady(url: string, timeoutMs = 60_000): Promise<void> {
  // The hub creates its topics and subscribes in the background; readiness covers the bus and its consumer.
  await until(`${url}/readyz`, async () => (await fetch(`${url}/readyz`).catch(() => undefined))?.status === 200, timeoutMs);
}

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
      60_000,
    );
  } finally {
    await admin.disconnect();
  }
}

/** What a hub consuming `licenses.submit` leaves when nothing went wrong: `violations(ledger)` of a sound run. */
export const NO_VIOLATIONS = {
  storedTwice: [],
  notStored: [],
  unanswered: [],
  refused: [],
  inconsistentAnswers: [],
  unannounced: [],
  announcedTwice: [],
} as const;

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

/**
 * Produces submissions in batches the way a department's connector would: a batch the broker does
 * not acknowledge is sent again until it is, so the topic may hold duplicates (same message id and
 * JWS) — exactly what the hub must absorb.
 */
export function createStreamingProducer(
  probe: KafkaProbe,
  submissions: readonly Submission[],
  /** `holdAt`: stop sending at that count until `release()`, so what a test does meanwhile happens mid-stream on any machine. */
  options: { batch: number; pauseMs: number; holdAt?: number },
) {
  let release: () => void = () => {};
  const released = new Promise<void>((resolve) => (release = resolve));
  let sent = 0;
  let retries = 0;
  let longestSendMs = 0;
  const done = (async () => {
    for (let i = 0; i < submissions.length; i += options.batch) {
      if (options.holdAt !== undefined && sent >= options.holdAt) await released;
      const batch = submissions.slice(i, i + options.batch).map(toMessage);
      const since = Date.now();
      for (;;) {
        try {
          await probe.produce('licenses.submit', batch);
          break;
        } catch (error) {
          // An outage in these tests lasts seconds; a minute of refusals is a broken setup.
          if (Date.now() - since > 60_000) throw error;
          retries += 1;
          await sleep(250);
        }
      }
      longestSendMs = Math.max(longestSendMs, Date.now() - since);
      sent += batch.length;
      await sleep(options.pauseMs);
    }
  })();
  return {
    done,
    release,
    get sent() {
      return sent;
    },
    /** Sends the client gave up on and this producer made again (the client also retries within a send). */
    get retries() {
      return retries;
    },
    /** From first attempt to acknowledgement, the slowest batch: an outage shows here. */
    get longestSendMs() {
      return longestSendMs;
    },
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

/** A test's time budget: each bounded wait gets what is left, so bounds never add up past the test timeout. */
export function timeBudget(totalMs: number) {
  const end = Date.now() + totalMs;
  return { remaining: () => Math.max(1_000, end - Date.now()) };
}

/** A logger keeping what a hub reports at `error`, with its fields: errors nobody should see in normal operation. */
export function errorLogger(): { logger: Logger; errors: { msg: string; fields: object }[] } {
  const errors: { msg: string; fields: object }[] = [];
  const logger: Logger = {
    debug: () => {},
    info: () => {},
    warn: () => {},
    error: (fields, msg) => void errors.push({ msg: msg ?? '', fields }),
    child: () => logger,
  };
  return { logger, errors };
}

/** A logger keeping the warnings and errors a hub reports, to wait on what it is going through. */
export function recordingLogger(): { logger: Logger; messages: string[] } {
  const messages: string[] = [];
  const note = (_fields: object, msg?: string) => void (msg !== undefined && messages.push(msg));
  const logger: Logger = { debug: () => {}, info: () => {}, warn: note, error: note, child: () => logger };
  return { logger, messages };
}

/** A passphrase file every hub of one test shares, so each of them can open the one CA. */
export function sharedPassphraseFile(): string {
  const file = path.join(mkdtempSync(path.join(tmpdir(), 'zz-passphrase-')), 'ca.passphrase');
  writeFileSync(file, `${randomBytes(32).toString('base64url')}\n`, { mode: 0o600 });
  return file;
}

export interface Ledger {
  /** Licence numbers stored more than once. */
  storedTwice: string[];
  notStored: string[];
  /** Message ids without any answer on licenses.results. */
  unanswered: string[];
  /** Message ids answered with a refusal. */
  refused: string[];
  /** Message ids whose answers name different licences, or a licence that is not stored. */
  inconsistentAnswers: string[];
  /** Stored licences without a `license.issued` event. */
  unannounced: string[];
  /** Stored licences announced by two *different* `license.issued` events. */
  announcedTwice: string[];
  /** Repeated deliveries of one and the same event (allowed: at-least-once). */
  repeatedEventDeliveries: number;
  repeatedResults: number;
  report: string;
}

interface Result {
  messageId: string;
  ok: boolean;
  licenseId?: string;
}

interface IssuedEvent {
  eventId: string;
  type: string;
  licenseId: string;
}

/** Answers on licenses.results, by message id. */
export function answersById(probe: KafkaProbe): Map<string, Result[]> {
  const byId = new Map<string, Result[]>();
  for (const m of probe.seen('licenses.results')) {
    const result = JSON.parse(m.value) as Result;
    byId.set(result.messageId, [...(byId.get(result.messageId) ?? []), result]);
  }
  return byId;
}

function issuedEvents(probe: KafkaProbe): IssuedEvent[] {
  return probe
    .seen('licenses.events')
    .map((m) => JSON.parse(m.value) as IssuedEvent)
    .filter((e) => e.type === 'license.issued');
}

/**
 * Waits until every submission is answered and every answered licence announced. A timeout says
 * where the flow stands — stored, still in the outbox, seen by the probe, and the hubs' group state —
 * so a failure tells a stalled consumer from a stalled relay.
 */
export async function waitForOutcomes(
  fixture: HubFixture,
  probe: KafkaProbe,
  submissions: readonly Submission[],
  timeoutMs: number,
): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  try {
    await probe.waitFor(
      'licenses.results',
      () => {
        const answers = answersById(probe);
        return submissions.every((s) => answers.has(s.messageId));
      },
      timeoutMs,
    );
    const licenseIds = new Set([...answersById(probe).values()].flatMap((rs) => rs.flatMap((r) => (r.licenseId ? [r.licenseId] : []))));
    await probe.waitFor(
      'licenses.events',
      () => {
        const announced = new Set(issuedEvents(probe).map((e) => e.licenseId));
        return [...licenseIds].every((id) => announced.has(id));
      },
      Math.max(1_000, deadline - Date.now()),
    );
  } catch (error) {
    const [row] = await fixture.db.sql<{ stored: number; pending: number }[]>`
      select (select count(*)::int from licenses) as stored, (select count(*)::int from outbox) as pending`;
    const admin = new Kafka({ clientId: 'reliability-diagnosis', brokers: [probe.brokers], logLevel: logLevel.NOTHING }).admin();
    const group = await admin
      .connect()
      .then(() => admin.describeGroups([probe.prefix + HUB_GROUP]))
      .then(
        ({ groups }) => `${groups[0]?.state} with ${groups[0]?.members.length} members`,
        (e: unknown) => `unknown (${String(e)})`,
      )
      .finally(() => admin.disconnect());
    const seen = `${probe.seen('licenses.results').length} results and ${probe.seen('licenses.events').length} events seen`;
    throw new Error(
      `${(error as Error).message}; ${row?.stored} licences stored, ${row?.pending} outbox rows pending, ${seen}, hub group ${group}`,
      { cause: error },
    );
  }
}

export async function readLedger(fixture: HubFixture, probe: KafkaProbe, submissions: readonly Submission[]): Promise<Ledger> {
  const numbers = submissions.map((s) => s.number);
  const stored = await fixture.db.sql<{ number: string; n: number }[]>`
    select number, count(*)::int as n from licenses where number in ${fixture.db.sql(numbers)} group by number`;
  const storedCount = new Map(stored.map((r) => [r.number, r.n]));
  const ids = await fixture.db.sql<{ id: string }[]>`select id from licenses where number in ${fixture.db.sql(numbers)}`;

  const answers = answersById(probe);
  const answerList = submissions.map((s) => answers.get(s.messageId) ?? []);

  const eventIdsByLicense = new Map<string, Set<string>>();
  const deliveriesByEventId = new Map<string, number>();
  const ours = new Set(ids.map((r) => r.id));
  const events = issuedEvents(probe).filter((e) => ours.has(e.licenseId));
  for (const e of events) {
    eventIdsByLicense.set(e.licenseId, (eventIdsByLicense.get(e.licenseId) ?? new Set()).add(e.eventId));
    deliveriesByEventId.set(e.eventId, (deliveriesByEventId.get(e.eventId) ?? 0) + 1);
  }
  const repeatedEventDeliveries = [...deliveriesByEventId.values()].reduce((sum, n) => sum + n - 1, 0);
  const repeatedResults = answerList.reduce((sum, rs) => sum + Math.max(0, rs.length - 1), 0);

  return {
    storedTwice: numbers.filter((n) => (storedCount.get(n) ?? 0) > 1),
    notStored: numbers.filter((n) => !storedCount.has(n)),
    unanswered: submissions.filter((_, i) => answerList[i]?.length === 0).map((s) => s.messageId),
    refused: submissions.filter((_, i) => answerList[i]?.some((r) => !r.ok)).map((s) => s.messageId),
    inconsistentAnswers: submissions
      .filter(
        (_, i) =>
          new Set(answerList[i]?.map((r) => r.licenseId)).size > 1 ||
          answerList[i]?.some((r) => r.licenseId !== undefined && !ours.has(r.licenseId)),
      )
      .map((s) => s.messageId),
    unannounced: ids.map((r) => r.id).filter((id) => !eventIdsByLicense.has(id)),
    announcedTwice: [...eventIdsByLicense].filter(([, eventIds]) => eventIds.size > 1).map(([id]) => id),
    repeatedEventDeliveries,
    repeatedResults,
    report:
      `${submissions.length} licences, ${ids.length} stored; ${answerList.reduce((s, rs) => s + rs.length, 0)} results ` +
      `(${repeatedResults} repeated); ${events.length} issued events (${repeatedEventDeliveries} repeated deliveries of one eventId)`,
  };
}

/** The ledger's verdicts that must all be empty for "stored once, answered, announced once". */
export function violations(ledger: Ledger) {
  const { storedTwice, notStored, unanswered, refused, inconsistentAnswers, unannounced, announcedTwice } = ledger;
  return { storedTwice, notStored, unanswered, refused, inconsistentAnswers, unannounced, announcedTwice };
}
