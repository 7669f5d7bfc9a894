/**
 * Reads `licenses.results` during the benchmark: for every message id `m-<index>` the broker
 * timestamp of its first answer (the hub's relay publishes it after the batch committed), whether
 * it was accepted, the licence id, or the refusal code. Redelivered answers are counted once.
 */
import { randomBytes } from 'node:crypto';
import type { Kafka } from 'kafkajs';

export interface ResultsCollector {
  answeredIn(from: number, to: number): number;
  acceptedIn(from: number, to: number): number;
  refusalCodes(from: number, to: number): Record<string, number>;
  /** Answers per second between the 10th and 90th percentile of answer times: the steady state. */
  sustainedRate(from: number, to: number): number;
  /** Produce → answer, ms, for every answered index in range. */
  latencies(from: number, to: number, producedAt: Float64Array): number[];
  /** Licence id → message index, for accepted messages. */
  licenseIndex: Map<string, number>;
  /** Resolves once `done` holds; rejects when no answer arrived for `stallMs`. */
  waitFor(done: (results: ResultsCollector) => boolean, stallMs: number): Promise<void>;
  stop(): Promise<void>;
}

export async function collectResults(kafka: Kafka, topic: string, total: number): Promise<ResultsCollector> {
  const answeredAt = new Float64Array(total);
  const accepted = new Uint8Array(total);
  const refusals = new Map<number, string>();
  const licenseIndex = new Map<string, number>();
  let lastAnswer = Date.now();
  const consumer = kafka.consumer({ groupId: `zz-bench-results-${randomBytes(3).toString('hex')}`, allowAutoTopicCreation: false });
  await consumer.connect();
  await consumer.subscribe({ topic, fromBeginning: true });
  await consumer.run({
    partitionsConsumedConcurrently: 6,
    eachBatch: async ({ batch }) => {
      for (const message of batch.messages) {
        const index = Number(message.headers?.['message-id']?.toString().slice(2));
        if (!Number.isInteger(index) || index < 0 || index >= total || answeredAt[index] !== 0) continue;
        answeredAt[index] = Number(message.timestamp);
        const body = JSON.parse(message.value?.toString('utf8') ?? '{}') as { ok: boolean; licenseId?: string; error?: { code: string } };
        if (body.ok) {
          accepted[index] = 1;
          licenseIndex.set(body.licenseId as string, index);
        } else {
          refusals.set(index, body.error?.code ?? 'unknown');
        }
        lastAnswer = Date.now();
      }
    },
  });

  const answeredTimes = (from: number, to: number) =>
    Array.from(answeredAt.subarray(from, to))
      .filter((t) => t !== 0)
      .sort((a, b) => a - b);
  const collector: ResultsCollector = {
    answeredIn: (from, to) => answeredAt.subarray(from, to).reduce((n, t) => (t === 0 ? n : n + 1), 0),
    acceptedIn: (from, to) => accepted.subarray(from, to).reduce((n, a) => n + a, 0),
    refusalCodes(from, to) {
      const codes: Record<string, number> = {};
      for (const [index, code] of refusals) if (index >= from && index < to) codes[code] = (codes[code] ?? 0) + 1;
      return codes;
    },
    sustainedRate(from, to) {
      const times = answeredTimes(from, to);
      const low = Math.floor(times.length * 0.1);
      const high = Math.floor(times.length * 0.9);
      const span = ((times[high] as number) - (times[low] as number)) / 1000;
      return span > 0 ? (high - low) / span : Number.NaN;
    },
    latencies(from, to, producedAt) {
      const out: number[] = [];
      for (let i = from; i < to; i++) if (answeredAt[i] !== 0) out.push((answeredAt[i] as number) - (producedAt[i] as number));
      return out;
    },
    licenseIndex,
    async waitFor(done, stallMs) {
      lastAnswer = Date.now();
      while (!done(collector)) {
        if (Date.now() - lastAnswer > stallMs) throw new Error(`no answer on ${topic} for ${stallMs / 1000} s`);
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    },
    stop: () => consumer.disconnect(),
  };
  return collector;
}
