/**
 * @module kafka-client
 * The one place the SDK builds kafkajs clients, so every connector talks to the broker the same
 * way: the config's brokers and client id, kafkajs's own logging silenced (the SDK reports what
 * matters through its errors), topics named with the hub's prefix.
 */
import { Kafka, logLevel } from 'kafkajs';

export interface KafkaSettings {
  brokers: string[];
  topicPrefix: string;
  clientId: string;
}

export function createKafka(settings: KafkaSettings): Kafka {
  return new Kafka({ clientId: settings.clientId, brokers: settings.brokers, logLevel: logLevel.NOTHING });
}

export function topicName(settings: Pick<KafkaSettings, 'topicPrefix'>, logical: string): string {
  return `${settings.topicPrefix}${logical}`;
}
