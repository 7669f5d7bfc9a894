/**
 * @module core/data-sharing/department-topics
 * Each department has its own request and answer topics (`data.<provider>.requests`,
 * `data.<consumer>.responses`). They are created explicitly — never auto-created — on first use by
 * this instance; another instance may have made them already, which `ensureTopics` allows.
 */
import type { MessageBus, OutgoingMessage } from '../ports/message-bus.js';
import { departmentTopic } from '../topics.js';
import { consumerResponsesTopic, providerRequestsTopic } from './exchange-messages.js';

export interface DepartmentTopics {
  /** Both topics of a department that joins the exchange (provider or consumer). */
  ensureDepartment(uscc: string): Promise<void>;
  /** Publish to a department topic, creating it first if this instance has not yet. */
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
}

export function createDepartmentTopics(bus: Pick<MessageBus, 'ensureTopics' | 'publish'>): DepartmentTopics {
  const ensured = new Set<string>();
  const ensure = async (topic: string) => {
    if (ensured.has(topic)) return;
    await bus.ensureTopics([departmentTopic(topic)]);
    ensured.add(topic);
  };
  return {
    async ensureDepartment(uscc) {
      await ensure(providerRequestsTopic(uscc));
      await ensure(consumerResponsesTopic(uscc));
    },
    async publish(topic, messages) {
      await ensure(topic);
      await bus.publish(topic, messages);
    },
  };
}
