/**
 * The ledger of the licence reliability tests: it checks the three end-to-end promises — each
 * licence stored once, each message answered, each licence announced by exactly one
 * `license.issued` event (at-least-once may repeat that event, never mint a second one) — and,
 * when the flow stalls, says where it stands.
 */
import { Kafka, logLevel } from 'kafkajs';
import type { HubFixture } from '../support/hub-fixture.js';
import type { KafkaProbe } from '../support/kafka-probe.js';
import { HUB_GROUP } from './reliability-hubs.js';
import type { Submission } from './reliability-submissions.js';

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
