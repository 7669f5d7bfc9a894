/**
 * @module answer-listener
 * The hub answers a department's requests on the department's own topic — data answers on
 * `data.<uscc>.responses`, verification results on `verifications.<uscc>.results` — under the
 * request's `message-id`. One consumer per topic and client, in a group of its own whose offsets are
 * set to the topic's end before it joins: no answer produced after `start()` slips past it, none
 * from before is replayed. Each call registers its id before sending and gets the answer's value.
 */
import { randomUUID } from 'node:crypto';
import type { Consumer, Kafka } from 'kafkajs';
import { HubUnavailableError } from './errors.js';
import { startGroupAtEnd } from './group-start.js';
import { runWithIntervalCommits, type IntervalCommits } from './interval-commits.js';

/** Answers are read by a group of this client's own: committing after every batch would only double the requests. */
const COMMIT_INTERVAL_MS = 1_000;

export interface AnswerListener {
  /** Joins once; later calls wait for the same join. */
  start(): Promise<void>;
  /** Waits for the answer to `id` (its value as text); rejects with HubUnavailableError after `timeoutMs`. */
  expect(id: string, timeoutMs: number, timeoutMessage: string): Promise<string>;
  /** Withdraws a waiter whose request could not be sent. */
  forget(id: string): void;
  close(): Promise<void>;
}

interface Waiter {
  resolve(value: string): void;
  reject(error: Error): void;
  timer: NodeJS.Timeout;
}

export function createAnswerListener(client: () => Kafka, topic: string, groupPrefix: string): AnswerListener {
  const waiters = new Map<string, Waiter>();
  let joined: Promise<{ consumer: Consumer; commits: Pick<IntervalCommits, 'flush'> }> | undefined;

  const join = async () => {
    const groupId = `${groupPrefix}.${randomUUID()}`;
    await startGroupAtEnd(client(), groupId, topic);
    const consumer = client().consumer({ groupId, allowAutoTopicCreation: false, maxWaitTimeInMs: 100 });
    await consumer.connect();
    await consumer.subscribe({ topic }).catch(async (error: unknown) => Promise.reject(await consumer.disconnect().then(() => error)));
    // A batch at a time (resuming waiters needs no per-message await), committed once a second.
    const commits = await runWithIntervalCommits(consumer, topic, {
      intervalMs: COMMIT_INTERVAL_MS,
      eachBatch: async (batch) => {
        for (const message of batch.messages) {
          const id = message.headers?.['message-id']?.toString();
          const waiter = id === undefined ? undefined : waiters.get(id);
          if (!waiter || !message.value) continue;
          waiters.delete(id as string);
          clearTimeout(waiter.timer);
          waiter.resolve(message.value.toString('utf8'));
        }
      },
    });
    return { consumer, commits };
  };

  return {
    async start() {
      joined ??= retryFreshTopic(join).catch((error: unknown) => {
        joined = undefined; // the next call tries again
        throw error;
      });
      await joined;
    },
    expect(id, timeoutMs, timeoutMessage) {
      const answer = new Promise<string>((resolve, reject) => {
        const timer = setTimeout(() => {
          waiters.delete(id);
          reject(new HubUnavailableError(timeoutMessage));
        }, timeoutMs);
        waiters.set(id, { resolve, reject, timer });
      });
      // The answer may come before the send resolves: mark it handled so an early failure is not "unhandled".
      answer.catch(() => undefined);
      return answer;
    },
    forget(id) {
      const waiter = waiters.get(id);
      waiters.delete(id);
      if (waiter) clearTimeout(waiter.timer);
    },
    async close() {
      for (const [id, waiter] of waiters) {
        clearTimeout(waiter.timer);
        waiter.reject(new HubUnavailableError(`the client closed before request ${id} was answered`));
      }
      waiters.clear();
      const running = await joined?.catch(() => undefined);
      await running?.commits.flush().catch(() => undefined);
      await running?.consumer.disconnect();
    },
  };
}

/**
 * A department's topics are made by the hub moments before a system first uses them, and a KRaft
 * broker may still answer UNKNOWN_TOPIC_OR_PARTITION for a second (kafkajs does not retry that).
 */
export async function retryFreshTopic<T>(start: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await start();
    } catch (error) {
      const type = (error as { type?: string; cause?: { type?: string } }).type ?? (error as { cause?: { type?: string } }).cause?.type;
      if (attempt >= 8 || type !== 'UNKNOWN_TOPIC_OR_PARTITION') throw error;
      await new Promise((resolve) => setTimeout(resolve, 250 * attempt));
    }
  }
}
