/**
 * @module logging/request-context
 * The request a piece of work belongs to — its id and, once authenticated, its principal — kept in
 * an AsyncLocalStorage by the HTTP app, so the audit appender and the wiring can name it without
 * every use case passing it down. Outside a request (Kafka batches, timers) there is none.
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import type { Principal } from '../core/auth/principal.js';

export interface RequestContext {
  readonly requestId: string;
  /** Read lazily: authentication happens after the context is opened. */
  readonly principal: Principal | undefined;
  /** The client's address (behind a trusted proxy, from X-Forwarded-For), resolved when first read. */
  readonly clientAddress?: string | undefined;
}

const storage = new AsyncLocalStorage<RequestContext>();

export function runInRequestContext<T>(context: RequestContext, work: () => T): T {
  return storage.run(context, work);
}

export function currentRequestContext(): RequestContext | undefined {
  return storage.getStore();
}

export function currentRequestId(): string | undefined {
  return storage.getStore()?.requestId;
}

export function currentClientAddress(): string | undefined {
  return storage.getStore()?.clientAddress;
}
