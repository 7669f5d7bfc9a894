/**
 * @module kafka/in-memory-bus
 * The in-process `MessageBus` of the embedded default (no `KAFKA_BROKERS`) and of unit tests. It
 * behaves like the Kafka adapter where callers could tell the difference: partitioned logs with the
 * key choosing the partition (per-key order), consumer groups with committed offsets (each group
 * gets each message once across its members, partitions assigned round-robin), delivery on a later
 * macrotask (never inside the publisher's stack), the shared delivery policy and dead-letter topic,
 * and no auto-creation. Memory is bounded: a topic keeps at most `maxMessagesPerTopic`; the oldest
 * messages every group has consumed make room, and when none has, publish fails retriably
 * (back-pressure) instead of silently dropping unconsumed messages.
 */
import { createConsumerProgress, type ConsumerProgress } from '../core/bus/consumer-progress.js';
import type { DeadLetterSealer } from '../core/bus/dead-letter-sealer.js';
import { createDeliveryPolicy, type DeliveryPolicy, type RetryBackoff } from '../core/bus/delivery-policy.js';
import { DependencyUnavailableError, ShuttingDownError } from '../core/errors.js';
import { silentLogger, type Logger } from '../core/ports/logger.js';
import type {
  BatchHandler,
  Headers,
  InboundMessage,
  MessageBus,
  OutgoingMessage,
  SubscribeOptions,
  Subscription,
  TopicSpec,
} from '../core/ports/message-bus.js';
import { Topics } from '../core/topics.js';

export interface InMemoryBusOptions {
  /** Retention bound per topic. Default 100,000. */
  maxMessagesPerTopic?: number;
  /** Most messages handed to a handler at once. Default 100. */
  maxBatchSize?: number;
  retry?: RetryBackoff;
  logger?: Logger;
  /** Seals the original into each dead letter (required: no bus writes a dead letter in clear). */
  deadLetters: DeadLetterSealer;
}

interface Stored {
  offset: number;
  /** Publication order across the topic's partitions, to evict the oldest first. */
  seq: number;
  key: string | null;
  value: Buffer;
  headers: Headers;
  timestamp: number;
}

interface Partition {
  entries: Stored[];
  /** Index in `entries` of the oldest retained message (evicted ones before it await compaction). */
  head: number;
  /** Offset the next message gets. */
  end: number;
}

interface Member {
  handleBatch: BatchHandler;
  controller: AbortController;
  progress: ConsumerProgress;
  assigned: number[];
  /** Set when work may be available; cleared when the member looks for it. */
  dirty: boolean;
  wake?: () => void;
  lastServed: number;
}

interface Group {
  committed: number[];
  members: Member[];
  /** Partitions with a batch in flight: a reassigned partition waits until its batch is done. */
  busy: Set<number>;
}

interface Topic {
  name: string;
  partitions: Partition[];
  retained: number;
  groups: Map<string, Group>;
  nextSeq: number;
  roundRobin: number;
}

export class InMemoryBus implements MessageBus {
  private readonly topics = new Map<string, Topic>();
  private readonly subscriptions = new Set<Subscription>();
  private readonly maxMessages: number;
  private readonly maxBatchSize: number;
  private readonly policy: DeliveryPolicy;
  private closed = false;

  constructor(options: InMemoryBusOptions) {
    this.maxMessages = options.maxMessagesPerTopic ?? 100_000;
    this.maxBatchSize = options.maxBatchSize ?? 100;
    if (!(this.maxMessages >= 1) || !(this.maxBatchSize >= 1)) {
      throw new TypeError('maxMessagesPerTopic and maxBatchSize must be at least 1');
    }
    this.policy = createDeliveryPolicy({ logger: options.logger ?? silentLogger, retry: options.retry, deadLetters: options.deadLetters });
  }

  async ensureTopics(specs: readonly TopicSpec[]): Promise<void> {
    for (const spec of specs) {
      if (this.topics.has(spec.name)) continue;
      if (!Number.isInteger(spec.partitions) || spec.partitions < 1) {
        throw new TypeError(`topic ${spec.name}: partitions must be a positive integer`);
      }
      const partitions = Array.from({ length: spec.partitions }, () => ({ entries: [], head: 0, end: 0 }));
      this.topics.set(spec.name, { name: spec.name, partitions, retained: 0, groups: new Map(), nextSeq: 0, roundRobin: 0 });
    }
  }

  async publish(topicName: string, messages: readonly OutgoingMessage[]): Promise<void> {
    const topic = this.requireTopic(topicName);
    if (messages.length > this.maxMessages) {
      throw new TypeError(`a batch of ${messages.length} exceeds the retention of ${this.maxMessages} for ${topicName}`);
    }
    for (let excess = topic.retained + messages.length - this.maxMessages; excess > 0; excess -= 1) {
      if (!evictOldestConsumed(topic)) {
        throw new DependencyUnavailableError(`topic ${topicName} is full of messages not yet consumed by every group`);
      }
    }
    const timestamp = Date.now();
    for (const message of messages) {
      const partition = topic.partitions[choosePartition(topic, message.key)] as Partition;
      partition.entries.push({
        offset: partition.end++,
        seq: topic.nextSeq++,
        key: message.key,
        // Copies: a publisher reusing its buffer must not rewrite history.
        value: typeof message.value === 'string' ? Buffer.from(message.value, 'utf8') : Buffer.from(message.value),
        headers: { ...message.headers },
        timestamp,
      });
    }
    topic.retained += messages.length;
    for (const group of topic.groups.values()) group.members.forEach(wake);
  }

  async subscribe(options: SubscribeOptions): Promise<Subscription> {
    const topic = this.requireTopic(options.topic);
    let group = topic.groups.get(options.groupId);
    if (!group) {
      // Like Kafka's auto.offset.reset: only a group without committed offsets picks a start.
      const fromBeginning = options.fromBeginning ?? true;
      const committed = topic.partitions.map((p) => (fromBeginning ? startOffset(p) : p.end));
      group = { committed, members: [], busy: new Set() };
      topic.groups.set(options.groupId, group);
    }
    const member: Member = {
      handleBatch: options.handleBatch,
      controller: new AbortController(),
      progress: createConsumerProgress(),
      assigned: [],
      dirty: true,
      lastServed: -1,
    };
    group.members.push(member);
    member.progress.setJoined(true);
    rebalance(topic, group);
    const loop = this.consume(topic, group, member);
    let stopping: Promise<void> | undefined;
    const subscription: Subscription = {
      stop: () =>
        (stopping ??= (async () => {
          member.controller.abort();
          member.progress.setJoined(false);
          wake(member);
          await loop;
          group.members.splice(group.members.indexOf(member), 1);
          rebalance(topic, group);
          this.subscriptions.delete(subscription);
        })()),
      health: () => member.progress.health(),
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async check(): Promise<void> {
    if (this.closed) throw new DependencyUnavailableError('the in-process bus is closed');
  }

  async close(): Promise<void> {
    this.closed = true;
    await Promise.all([...this.subscriptions].map((s) => s.stop()));
  }

  private requireTopic(name: string): Topic {
    if (this.closed) throw new ShuttingDownError('the in-process bus is closed');
    const topic = this.topics.get(name);
    if (!topic) throw new TypeError(`unknown topic "${name}": create it with ensureTopics first`);
    return topic;
  }

  private async consume(topic: Topic, group: Group, member: Member): Promise<void> {
    const { signal } = member.controller;
    // Deliver on a later macrotask: a handler never runs inside subscribe()'s or publish()'s stack.
    await nextMacrotask();
    while (!signal.aborted) {
      const p = nextPartition(topic, group, member);
      if (p === undefined) {
        await new Promise<void>((resolve) => (member.dirty ? resolve() : (member.wake = resolve)));
        member.wake = undefined;
        await nextMacrotask();
        continue;
      }
      group.busy.add(p);
      member.progress.batchStarted(p);
      try {
        await this.policy.deliver({
          messages: readBatch(topic, p, group.committed[p] as number, this.maxBatchSize),
          handleBatch: member.handleBatch,
          sourceTopic: topic.name,
          deadLetter: (letter) => this.publish(Topics.deadLetter, [letter]),
          onFinished: (m) => {
            group.committed[p] = Number(m.offset) + 1;
            member.progress.finished(p);
          },
          signal,
        });
      } finally {
        member.progress.batchEnded(p);
        group.busy.delete(p);
        group.members.forEach(wake);
      }
    }
  }
}

export function createInMemoryBus(options: InMemoryBusOptions): MessageBus {
  return new InMemoryBus(options);
}

function nextMacrotask(): Promise<void> {
  return new Promise((resolve) => setImmediate(resolve));
}

function wake(member: Member): void {
  member.dirty = true;
  member.wake?.();
}

function startOffset(partition: Partition): number {
  return partition.entries[partition.head]?.offset ?? partition.end;
}

/** FNV-1a over the key's UTF-8 bytes: stable, so one key always lands on one partition. */
function choosePartition(topic: Topic, key: string | null): number {
  const count = topic.partitions.length;
  if (key === null) return topic.roundRobin++ % count;
  let hash = 0x811c9dc5;
  for (const byte of Buffer.from(key, 'utf8')) hash = Math.imul(hash ^ byte, 0x01000193) >>> 0;
  return hash % count;
}

/** Round-robin in join order, the way Kafka's RoundRobinAssigner spreads partitions. */
function rebalance(topic: Topic, group: Group): void {
  for (const member of group.members) member.assigned = [];
  topic.partitions.forEach((_, p) => group.members[p % group.members.length]?.assigned.push(p));
  group.members.forEach(wake);
}

/** An assigned, idle partition with unconsumed messages, rotating so no partition starves. */
function nextPartition(topic: Topic, group: Group, member: Member): number | undefined {
  member.dirty = false;
  const { assigned } = member;
  const start = assigned.indexOf(member.lastServed) + 1;
  for (let i = 0; i < assigned.length; i += 1) {
    const p = assigned[(start + i) % assigned.length] as number;
    const partition = topic.partitions[p] as Partition;
    if (!group.busy.has(p) && (group.committed[p] as number) < partition.end) {
      member.lastServed = p;
      return p;
    }
  }
  return undefined;
}

function readBatch(topic: Topic, p: number, from: number, max: number): InboundMessage[] {
  const partition = topic.partitions[p] as Partition;
  const first = partition.head + Math.max(0, from - startOffset(partition));
  return partition.entries.slice(first, first + max).map((m) => ({
    topic: topic.name,
    partition: p,
    offset: String(m.offset),
    key: m.key,
    // Each delivery gets its own copy: handlers of different groups must not see each other's edits.
    value: Buffer.from(m.value),
    headers: { ...m.headers },
    timestamp: m.timestamp,
  }));
}

/** Drops the oldest message every group has committed past; false when there is none. */
function evictOldestConsumed(topic: Topic): boolean {
  let victim: Partition | undefined;
  topic.partitions.forEach((partition, p) => {
    const head = partition.entries[partition.head];
    if (!head) return;
    for (const group of topic.groups.values()) if ((group.committed[p] as number) <= head.offset) return;
    if (!victim || head.seq < (victim.entries[victim.head] as Stored).seq) victim = partition;
  });
  if (!victim) return false;
  victim.head += 1;
  topic.retained -= 1;
  // Compact now and then so eviction stays O(1) amortised.
  if (victim.head > 1024 && victim.head * 2 > victim.entries.length) {
    victim.entries = victim.entries.slice(victim.head);
    victim.head = 0;
  }
  return true;
}
