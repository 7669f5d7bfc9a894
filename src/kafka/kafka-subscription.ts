/**
 * @module kafka/kafka-subscription
 * One `MessageBus` subscription on Kafka: a kafkajs consumer in a group, fed batch by batch through
 * the shared delivery policy, and kept alive across crashes.
 *
 * Offsets: `eachBatchAutoResolve` is off and only messages the policy reports finished are resolved,
 * in order; kafkajs fetches again from the last resolved offset, so anything unfinished when a batch
 * ends (stop, rebalance) is redelivered, never skipped. They are committed after every batch, or with
 * `commitIntervalMs` at most that often (interval-commits.ts).
 *
 * Crashes: kafkajs restarts a crashed consumer on its own only for some errors, and a consumer it
 * does not restart just stays dead. We tell it never to restart (`restartOnFailure` → false, so
 * every CRASH event has `restart: false`) and recreate the consumer ourselves with the shared backoff (core/retry): one
 * recovery path, the one the broker-restart test exercises.
 */
import type { Consumer, EachBatchPayload, IHeaders, Kafka, KafkaMessage } from 'kafkajs';
import { createConsumerProgress } from '../core/bus/consumer-progress.js';
import type { DeliveryPolicy } from '../core/bus/delivery-policy.js';
import { startGroupAtEnd } from './group-start.js';
import { createIntervalCommits } from './interval-commits.js';
import { isMembershipChurn } from './kafka-log.js';
import type { Logger } from '../core/ports/logger.js';
import type { BatchHandler, Headers, InboundMessage, OutgoingMessage, Subscription } from '../core/ports/message-bus.js';
import { retry } from '../core/retry/retry.js';

export interface KafkaSubscriptionOptions {
  kafka: Kafka;
  /** Broker-side (prefixed) names. */
  topic: string;
  groupId: string;
  /** The name handlers see in `InboundMessage.topic`. */
  logicalTopic: string;
  fromBeginning: boolean;
  handleBatch: BatchHandler;
  policy: DeliveryPolicy;
  deadLetter(message: OutgoingMessage): Promise<void>;
  logger: Logger;
  sessionTimeoutMs: number;
  heartbeatIntervalMs: number;
  maxWaitTimeMs: number;
  /** Partitions whose batches run at once; each still sees its batches one at a time, in order. */
  partitionsConsumedConcurrently: number;
  /** Commit at most this often instead of after every batch (interval-commits.ts). */
  commitIntervalMs?: number | undefined;
}

const RESTART_BASE_MS = 500;
const RESTART_MAX_MS = 5_000;

/** Resolves once the consumer has joined its group; rejects with the kafkajs error otherwise. */
export async function startKafkaSubscription(opts: KafkaSubscriptionOptions): Promise<Subscription> {
  const logger = opts.logger.child({ topic: opts.topic, groupId: opts.groupId });
  const stopper = new AbortController();
  let consumer: Consumer | undefined;
  let recovering: Promise<void> | undefined;
  let stopping: Promise<void> | undefined;
  const progress = createConsumerProgress();
  const commits =
    opts.commitIntervalMs === undefined
      ? undefined
      : createIntervalCommits({
          intervalMs: opts.commitIntervalMs,
          commit: async (offsets) => consumer?.commitOffsets(offsets.map((o) => ({ topic: opts.topic, ...o }))),
          onError: (error) => logger.warn({ err: error }, 'committing offsets failed; they are redelivered'),
        });

  const eachBatch = async (payload: EachBatchPayload): Promise<void> => {
    const { batch } = payload;
    progress.batchStarted(batch.partition);
    try {
      await opts.policy.deliver({
        messages: batch.messages.map((m) => toInbound(opts.logicalTopic, batch.partition, m)),
        handleBatch: opts.handleBatch,
        sourceTopic: batch.topic,
        deadLetter: opts.deadLetter,
        onFinished: (m) => {
          payload.resolveOffset(m.offset);
          commits?.finished(batch.partition, m.offset);
          progress.finished(batch.partition);
        },
        signal: stopper.signal,
        isActive: () => payload.isRunning() && !payload.isStale(),
        heartbeat: payload.heartbeat,
        heartbeatIntervalMs: opts.heartbeatIntervalMs,
      });
      if (!commits) await payload.commitOffsetsIfNecessary();
      // Stopping: commit now, while this member may still.
      else if (stopper.signal.aborted) await commits.flush();
    } finally {
      progress.batchEnded(batch.partition);
    }
  };

  const launch = async (): Promise<Consumer> => {
    const candidate = opts.kafka.consumer({
      groupId: opts.groupId,
      allowAutoTopicCreation: false,
      sessionTimeout: opts.sessionTimeoutMs,
      heartbeatInterval: opts.heartbeatIntervalMs,
      maxWaitTimeInMs: opts.maxWaitTimeMs,
      retry: { restartOnFailure: async () => false },
    });
    let joined = false;
    let startupError: unknown;
    commits?.reset();
    candidate.on(candidate.events.GROUP_JOIN, () => commits?.reset());
    candidate.on(candidate.events.CRASH, ({ payload }) => {
      // kafkajs reports a failed start through CRASH, not through run(): launch() rethrows it.
      if (!joined) {
        startupError = payload.error;
        return;
      }
      // Thrown out of the group by a rebalance is churn, not a fault: warn (kafka-log.ts says why).
      const log = isMembershipChurn((payload.error as Error | undefined)?.message) ? logger.warn : logger.error;
      log.call(logger, { err: payload.error, restart: payload.restart }, 'Kafka consumer crashed; recreating it');
      if (consumer === candidate) recover();
    });
    try {
      if (!opts.fromBeginning) await startGroupAtEnd(opts.kafka, opts.groupId, opts.topic);
      await candidate.connect();
      await candidate.subscribe({ topic: opts.topic, fromBeginning: opts.fromBeginning });
      await candidate.run({
        autoCommit: commits === undefined,
        eachBatchAutoResolve: false,
        eachBatch,
        partitionsConsumedConcurrently: opts.partitionsConsumedConcurrently,
      });
      if (startupError !== undefined) throw startupError;
      joined = true;
      return candidate;
    } catch (error) {
      await candidate.disconnect().catch(() => {});
      throw error;
    }
  };

  const recover = (): void => {
    consumer = undefined;
    progress.setJoined(false);
    recovering ??= (async () => {
      await retry(
        async (attempt) => {
          consumer = await launch();
          progress.setJoined(true);
          logger.warn({ attempt }, 'Kafka consumer recreated');
        },
        {
          baseMs: RESTART_BASE_MS,
          maxMs: RESTART_MAX_MS,
          delayFirst: true,
          signal: stopper.signal,
          onFailure: (error, attempt, retryInMs) =>
            logger.warn({ err: error, attempt, retryInMs }, 'recreating the Kafka consumer failed; retrying'),
        },
      );
      recovering = undefined;
    })();
  };

  consumer = await launch();
  progress.setJoined(true);
  return {
    health: () => progress.health(),
    stop: () =>
      (stopping ??= (async () => {
        stopper.abort();
        progress.setJoined(false);
        await recovering;
        await commits?.flush().catch((error: unknown) => logger.warn({ err: error }, 'committing offsets at stop failed'));
        // disconnect() = stop (the batch in hand ends, resolved offsets are committed), leave, close.
        await consumer?.disconnect().catch((error: unknown) => {
          logger.warn({ err: error }, 'Kafka consumer did not disconnect cleanly');
        });
        consumer = undefined;
      })()),
  };
}

function toInbound(topic: string, partition: number, m: KafkaMessage): InboundMessage {
  return {
    topic,
    partition,
    offset: m.offset,
    key: m.key === null ? null : m.key.toString('utf8'),
    value: m.value ?? Buffer.alloc(0),
    headers: toHeaders(m.headers),
    timestamp: Number(m.timestamp),
  };
}

/** Kafka allows repeated header names; like Java's `lastHeader`, the last value wins. */
function toHeaders(headers: IHeaders | undefined): Headers {
  const out: Headers = {};
  for (const [name, value] of Object.entries(headers ?? {})) {
    const last = Array.isArray(value) ? value[value.length - 1] : value;
    if (last !== undefined) out[name] = last.toString();
  }
  return out;
}
