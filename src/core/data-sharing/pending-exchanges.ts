/**
 * @module core/data-sharing/pending-exchanges
 * Requests routed to a provider and not yet answered, by exchange id, each with its deadline. The
 * hub instance that routed a request is the one that answers it: it holds the HTTP caller, and it
 * knows the grant's fields without a lookup. An answer for an id it does not hold belongs to
 * another instance (or came after the deadline) and is ignored.
 */
import type { ProviderResponseMessage } from './exchange-messages.js';

export interface PendingExchanges {
  /** Resolves with the provider's answer, or with `undefined` when the deadline passes first. */
  wait(exchangeId: string, timeoutMs: number): Promise<ProviderResponseMessage | undefined>;
  /** The provider answered: the waiter is resumed; false when nobody here waits for it. */
  settle(answer: ProviderResponseMessage, responder: string): boolean;
  /** Who must answer `exchangeId` (the provider's credit code), if it is pending here. */
  expectedResponder(exchangeId: string): string | undefined;
  register(exchangeId: string, provider: string): void;
  readonly size: number;
}

interface Waiter {
  provider: string;
  resolve?: ((answer: ProviderResponseMessage | undefined) => void) | undefined;
  timer?: NodeJS.Timeout | undefined;
  early?: ProviderResponseMessage | undefined;
}

export function createPendingExchanges(): PendingExchanges {
  const waiters = new Map<string, Waiter>();
  return {
    register(exchangeId, provider) {
      waiters.set(exchangeId, { provider });
    },
    wait(exchangeId, timeoutMs) {
      const waiter = waiters.get(exchangeId);
      if (!waiter) throw new TypeError(`exchange ${exchangeId} was not registered`);
      if (waiter.early) {
        waiters.delete(exchangeId);
        return Promise.resolve(waiter.early);
      }
      return new Promise((resolve) => {
        waiter.resolve = resolve;
        waiter.timer = setTimeout(() => {
          waiters.delete(exchangeId);
          resolve(undefined);
        }, timeoutMs);
      });
    },
    settle(answer, responder) {
      const waiter = waiters.get(answer.exchangeId);
      if (!waiter || waiter.provider !== responder) return false;
      if (!waiter.resolve) {
        waiter.early = answer; // answered before the router began waiting (a fast in-process provider)
        return true;
      }
      clearTimeout(waiter.timer);
      waiters.delete(answer.exchangeId);
      waiter.resolve(answer);
      return true;
    },
    expectedResponder: (exchangeId) => waiters.get(exchangeId)?.provider,
    get size() {
      return waiters.size;
    },
  };
}
