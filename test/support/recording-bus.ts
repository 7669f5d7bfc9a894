/**
 * A MessageBus that records what is published and can be told to fail, for testing producers of
 * messages (the outbox relay) in isolation. The bus adapters themselves are tested by the shared
 * contract suite against the in-memory and the real Kafka implementation.
 */
import { MessageRefusedError } from '../../src/core/errors.js';
import type { MessageBus, OutgoingMessage } from '../../src/core/ports/message-bus.js';

export interface RecordingBus extends MessageBus {
  readonly published: { topic: string; message: OutgoingMessage }[];
  failNext(times: number): void;
  /** Refuse for good (as a broker refuses a message over its size limit) every produce call holding such a message. */
  refuseWhen(refuse: (message: OutgoingMessage) => boolean): void;
}

export function createRecordingBus(): RecordingBus {
  const published: { topic: string; message: OutgoingMessage }[] = [];
  let failures = 0;
  let refuse: (message: OutgoingMessage) => boolean = () => false;
  return {
    published,
    failNext(times) {
      failures = times;
    },
    refuseWhen(predicate) {
      refuse = predicate;
    },
    async ensureTopics() {},
    async publish(topic, messages) {
      // Yield like a network call would, so concurrent writers interleave for real.
      await new Promise((resolve) => setImmediate(resolve));
      if (failures > 0) {
        failures -= 1;
        throw new Error('broker unavailable');
      }
      if (messages.some(refuse)) throw new MessageRefusedError('the broker refused it (MESSAGE_TOO_LARGE)');
      for (const message of messages) published.push({ topic, message });
    },
    async subscribe() {
      throw new Error('not used');
    },
    async check() {},
    async close() {},
  };
}
