/**
 * @module core/changes/in-memory-change-notifier
 * The change notifier of a single instance (the embedded default and unit tests): a notice reaches
 * this process's subscribers only, which is every instance there is.
 */
import type { ChangeNotifier, ChangeTopic } from '../ports/change-notifier.js';

export function createInMemoryChangeNotifier(): ChangeNotifier & { deliver(topic: ChangeTopic): void } {
  const handlers = new Map<ChangeTopic, Array<() => void>>();
  const deliver = (topic: ChangeTopic) => {
    for (const handler of handlers.get(topic) ?? []) handler();
  };
  return {
    deliver,
    async notify(topic) {
      deliver(topic);
    },
    subscribe(topic, handler) {
      handlers.set(topic, [...(handlers.get(topic) ?? []), handler]);
    },
    async close() {
      handlers.clear();
    },
  };
}
