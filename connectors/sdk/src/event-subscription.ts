/**
 * @module event-subscription
 * Lifecycle events from `licenses.events` (licence issued, status changed, …; `schemas/events/`)
 * read by a consumer group, so a department system runs one or many instances and each event is
 * handled by one of them. The offset is committed only after the handler returns: a crash means the
 * event comes again (at least once), so handlers dedupe by `eventId`.
 */
import type { LicenseEvent } from './payloads/license-event.js';
import { createKafka, topicName, type KafkaSettings } from './kafka-client.js';

export interface EventContext {
  key: string | undefined;
  partition: number;
  offset: string;
}

export type EventHandler = (event: LicenseEvent, context: EventContext) => Promise<void> | void;

export interface SubscribeOptions {
  /** Consumer group: instances of one system share it. */
  groupId: string;
  /** A new group starts at the oldest retained event instead of the newest (default false). */
  fromBeginning?: boolean;
}

export interface Subscription {
  stop(): Promise<void>;
}

export async function subscribeToEvents(settings: KafkaSettings, options: SubscribeOptions, handler: EventHandler): Promise<Subscription> {
  const consumer = createKafka(settings).consumer({ groupId: options.groupId, allowAutoTopicCreation: false });
  await consumer.connect();
  try {
    await consumer.subscribe({ topic: topicName(settings, 'licenses.events'), fromBeginning: options.fromBeginning ?? false });
    await consumer.run({
      eachMessage: async ({ message, partition }) => {
        if (!message.value) return;
        const event = JSON.parse(message.value.toString('utf8')) as LicenseEvent;
        await handler(event, { key: message.key?.toString(), partition, offset: message.offset });
      },
    });
  } catch (error) {
    await consumer.disconnect();
    throw error;
  }
  return { stop: () => consumer.disconnect() };
}
