/**
 * What the licence reliability tests submit: the bureau and its branch offices issuing food
 * licences (one issuer per partition of `licenses.submit`), their sealed submissions, and a producer
 * that retries a batch until the broker accepts it, as a department's connector would.
 */
import { setTimeout as sleep } from 'node:timers/promises';
import type { EnrolledDepartment } from '../support/department-fixture.js';
import type { KafkaProbe } from '../support/kafka-probe.js';
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
