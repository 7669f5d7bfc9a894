/**
 * @module produce-coalescer
 * (The hub has the same module, `src/kafka/produce-coalescer.ts`: the SDK stands alone.)
 * Many callers' sends as one produce request. kafkajs makes every `send` its own acknowledged
 * request, and the idempotent producer keeps one request in flight: under a busy exchange the
 * callers queued behind each other, one broker round trip each, and every request cost both ends a
 * round of socket writes. Here the callers that arrive while a request is on the wire wait for it
 * and then leave together, up to `maxBytes`: nothing is added when the bus is idle, and batches
 * grow with load. Order is kept — entries leave in the order they came, one request at a time.
 *
 * A combined request the broker refuses for what it carries (`refusesContent`: too large,
 * invalid) is tried again one caller at a time, so the refusal reaches its own caller and the others
 * are not failed with it. Any other failure (the broker away) fails every caller of that request at
 * once: trying them one by one would only multiply the wait.
 */
import type { Message } from 'kafkajs';

export interface TopicMessages {
  topic: string;
  messages: Message[];
}

interface Entry {
  batch: TopicMessages;
  bytes: number;
  resolve: () => void;
  reject: (error: unknown) => void;
}

const sizeOf = (messages: readonly Message[]): number => messages.reduce((sum, m) => sum + byteLength(m.value) + byteLength(m.key) + 64, 0);
const byteLength = (part: Message['value'] | Message['key']): number =>
  part == null ? 0 : typeof part === 'string' ? Buffer.byteLength(part) : part.length;

/**
 * `sendBatch` sends one produce request (kafkajs `producer.sendBatch`); the returned function sends
 * one caller's messages and resolves once they are acknowledged.
 */
export function createProduceCoalescer(
  sendBatch: (topicMessages: TopicMessages[]) => Promise<void>,
  options: { refusesContent(error: unknown): boolean; maxBytes?: number },
): (batch: TopicMessages) => Promise<void> {
  const maxBytes = options.maxBytes ?? 512 * 1024;
  let queue: Entry[] = [];
  let draining = false;

  const settle = async (entries: readonly Entry[]): Promise<void> => {
    try {
      await sendBatch(merge(entries));
      for (const entry of entries) entry.resolve();
    } catch (error) {
      if (entries.length === 1 || !options.refusesContent(error)) return void entries.forEach((entry) => entry.reject(error));
      for (const entry of entries) await settle([entry]);
    }
  };

  const drain = async (): Promise<void> => {
    draining = true;
    while (queue.length > 0) {
      let bytes = 0;
      let count = 0;
      while (count < queue.length && (count === 0 || bytes + (queue[count] as Entry).bytes <= maxBytes)) {
        bytes += (queue[count] as Entry).bytes;
        count += 1;
      }
      const taken = queue.slice(0, count);
      queue = queue.slice(count);
      await settle(taken);
    }
    draining = false;
  };

  return (batch) =>
    new Promise<void>((resolve, reject) => {
      queue.push({ batch, bytes: sizeOf(batch.messages), resolve, reject });
      // A microtask later, so callers of the same tick already leave together.
      if (!draining) {
        draining = true;
        queueMicrotask(() => void drain());
      }
    });
}

/** Entries for the same topic become one entry, in arrival order. */
function merge(entries: readonly Entry[]): TopicMessages[] {
  const byTopic = new Map<string, Message[]>();
  for (const { batch } of entries) {
    const messages = byTopic.get(batch.topic);
    if (messages) messages.push(...batch.messages);
    else byTopic.set(batch.topic, [...batch.messages]);
  }
  return [...byTopic].map(([topic, messages]) => ({ topic, messages }));
}
