/**
 * @module core/verification-bus/verification-result-topics
 * Each department's `verifications.<uscc>.results` topic exists before its systems first subscribe:
 * made for every department when the hub starts and again whenever a department is registered
 * (creating a topic that exists is allowed, so every instance may do it). Topics are never
 * auto-created; an answer for a department this instance has not yet seen creates its topic first.
 */
import type { Department } from '../departments/department.js';
import type { Logger } from '../ports/logger.js';
import type { MessageBus, OutgoingMessage } from '../ports/message-bus.js';
import { departmentTopic, ExchangeTopics, verificationResultsTopic } from '../topics.js';

export interface VerificationResultTopicsDeps {
  bus: Pick<MessageBus, 'ensureTopics' | 'publish'>;
  listDepartments(): Promise<readonly Pick<Department, 'uscc'>[]>;
  logger: Logger;
}

export interface VerificationResultTopics {
  /** Creates the topic of every department not yet seen by this instance. */
  ensureAll(): Promise<void>;
  /** Publishes a caller's answers: its department's topic, or the shared one without a department. */
  publish(department: string | undefined, messages: readonly OutgoingMessage[]): Promise<void>;
}

export function createVerificationResultTopics(deps: VerificationResultTopicsDeps): VerificationResultTopics {
  const ensured = new Set<string>();
  const ensure = async (topics: readonly string[]) => {
    const missing = topics.filter((topic) => !ensured.has(topic));
    if (missing.length === 0) return;
    await deps.bus.ensureTopics(missing.map(departmentTopic));
    for (const topic of missing) ensured.add(topic);
  };
  return {
    async ensureAll() {
      const departments = await deps.listDepartments();
      await ensure(departments.map((d) => verificationResultsTopic(d.uscc)));
      deps.logger.debug({ departments: departments.length }, 'verification result topics ensured');
    },
    async publish(department, messages) {
      if (messages.length === 0) return;
      if (department === undefined) return deps.bus.publish(ExchangeTopics.verificationResults, messages);
      const topic = verificationResultsTopic(department);
      await ensure([topic]);
      await deps.bus.publish(topic, messages);
    },
  };
}
