/**
 * @module core/ports/message-bus
 * The exchange bus as the core sees it. Kafka implements it in production (`kafka/kafka-bus.ts`);
 * `kafka/in-memory-bus.ts` implements it for the embedded default and unit tests. Topic names here
 * are logical (`licenses.submit`); adapters add the configured prefix.
 *
 * Delivery is at-least-once: handlers must be idempotent. A handler signals a message it can never
 * process by throwing (or returning) a non-retriable error; the adapter then dead-letters that message
 * to `dlq` — the original sealed, the reason and source in headers (core/bus/dead-letter-sealer) — and
 * moves on. Retriable errors are retried with backoff and never dead-lettered.
 */

export type Headers = Record<string, string>;

export interface OutgoingMessage {
  /** Partitioning key: per-key order is preserved. */
  key: string | null;
  value: Uint8Array | string;
  headers?: Headers;
}

export interface InboundMessage {
  topic: string;
  partition: number;
  /** Broker offset as a decimal string (Kafka offsets exceed 2^53). */
  offset: string;
  key: string | null;
  value: Buffer;
  headers: Headers;
  /** Broker timestamp, ms since epoch. */
  timestamp: number;
}

/**
 * Processes a batch. Resolve with nothing when every message succeeded, or with a per-message
 * array where an `Error` marks that message as failed (non-retriable → dead-lettered; retriable →
 * the batch from that message is retried). Throwing rejects the whole batch (retriable → retry,
 * otherwise the adapter falls back to one-by-one delivery to isolate the poison message).
 */
export type BatchHandler = (messages: readonly InboundMessage[]) => Promise<void | ReadonlyArray<Error | undefined>>;

export interface SubscribeOptions {
  topic: string;
  groupId: string;
  handleBatch: BatchHandler;
  /** Start from the earliest offset when the group has no committed offset. Default true. */
  fromBeginning?: boolean;
  /**
   * Commit finished offsets at most this often instead of after every batch (Kafka): fewer broker
   * requests on a busy request/answer topic, at the price of up to this much redelivered after a
   * crash or rebalance — only for handlers that take a repeat in their stride.
   */
  commitIntervalMs?: number;
}

export interface SubscriptionHealth {
  /** A member of its consumer group (false while crashed, recreating itself, or stopped). */
  joined: boolean;
  /** How long a message in hand has gone unfinished (0 when idle): retried or blocked, not progressing. */
  stalledMs: number;
}

export interface Subscription {
  /** Stop consuming, finish the batch in hand, commit, leave the group. */
  stop(): Promise<void>;
  /** For readiness: is this subscription consuming? */
  health(): SubscriptionHealth;
}

export interface TopicSpec {
  name: string;
  partitions: number;
  /** e.g. `{ 'retention.ms': '604800000', 'cleanup.policy': 'delete' }` */
  config?: Record<string, string>;
}

export interface MessageBus {
  /** Create missing topics (never relies on broker auto-creation). Idempotent. */
  ensureTopics(topics: readonly TopicSpec[]): Promise<void>;
  /** Resolves once every message is durably acknowledged by the bus (Kafka: acks = all). */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  subscribe(options: SubscribeOptions): Promise<Subscription>;
  /** Throws `DependencyUnavailableError` when the bus cannot be reached. Used by /readyz. */
  check(): Promise<void>;
  /** Stop every subscription and disconnect. Idempotent. */
  close(): Promise<void>;
}
