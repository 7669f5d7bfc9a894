/**
 * @module core/data-sharing/exchange-bus-handlers
 * The exchange's two consumers. `data.requests`: each message carries the consumer system's access
 * token in its `authorization` header (Kafka itself authenticates nobody) and a `message-id`; the
 * request goes through the same pipeline as HTTP and its answer — data or coded error — goes to
 * `data.<consumer>.responses` under the same id. Requests are not awaited by the batch, so one slow
 * provider never holds a partition. `data.responses`: providers' answers, equally authenticated,
 * resume the request waiting on this instance; an answer from anyone but the service's provider
 * is ignored.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { HubError, MalformedMessageError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { BatchHandler, InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import type { DataExchange } from './data-exchange.js';
import {
  consumerResponsesTopic,
  ExchangeHeaders,
  type ConsumerResponseMessage,
  type DataRequestMessage,
  readProviderAnswer,
} from './exchange-messages.js';
import type { PendingExchanges } from './pending-exchanges.js';

const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;

/** The principal of a message's `authorization: Bearer …` header. */
export async function authenticateMessage(authenticator: Authenticator, message: InboundMessage): Promise<Principal> {
  const header = message.headers[ExchangeHeaders.authorization] ?? '';
  const token = /^Bearer (\S+)$/.exec(header)?.[1];
  if (!token || !authenticator.accepts(token)) throw new MalformedMessageError('the message carries no bearer token');
  return authenticator.authenticate(token);
}

export interface DataRequestHandlerDeps {
  authenticator: Authenticator;
  exchange: DataExchange;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  logger: Logger;
}

export function createDataRequestHandler(deps: DataRequestHandlerDeps): BatchHandler {
  const answer = (department: string, body: ConsumerResponseMessage) =>
    deps
      .publish(consumerResponsesTopic(department), [
        { key: body.requestId, value: JSON.stringify(body), headers: { [ExchangeHeaders.messageId]: body.requestId } },
      ])
      .catch((error: unknown) => deps.logger.error({ err: error, requestId: body.requestId }, 'a data answer could not be published'));

  async function handle(message: InboundMessage): Promise<void> {
    const requestId = message.headers[ExchangeHeaders.messageId] ?? '';
    const caller = await authenticateMessage(deps.authenticator, message);
    if (!MESSAGE_ID.test(requestId) || caller.department === undefined) {
      throw new MalformedMessageError('a data request needs a message-id header of 1–128 visible ASCII characters');
    }
    const department = caller.department;
    let request: DataRequestMessage;
    try {
      request = JSON.parse(message.value.toString('utf8')) as DataRequestMessage;
      if (typeof request?.service !== 'string') throw new TypeError('no service');
    } catch {
      void answer(department, {
        requestId,
        ok: false,
        error: { code: 'ERR_MALFORMED_MESSAGE', detail: 'the request is not JSON naming a service' },
      });
      return;
    }
    void deps.exchange.request(caller, { service: request.service, params: request.params, purpose: request.purpose ?? {} }, 'kafka').then(
      (done) => answer(department, { requestId, exchangeId: done.exchangeId, ok: true, service: done.service, data: done.data }),
      (error: unknown) => {
        const known = error instanceof HubError;
        if (!known) deps.logger.error({ err: error, requestId }, 'a data request failed unexpectedly');
        return answer(department, {
          requestId,
          ok: false,
          error: known ? { code: error.code, detail: error.detail } : { code: 'ERR_INTERNAL', detail: 'internal error' },
        });
      },
    );
  }

  return async (messages) =>
    Promise.all(
      messages.map((m) =>
        handle(m).then(
          () => undefined,
          // Unauthenticated or without an id: nobody to answer, so it is dead-lettered with its code.
          (error: unknown) => (error instanceof HubError ? error : new MalformedMessageError('unreadable data request', { cause: error })),
        ),
      ),
    );
}

export interface DataResponseHandlerDeps {
  authenticator: Authenticator;
  pending: PendingExchanges;
  logger: Logger;
}

export function createDataResponseHandler(deps: DataResponseHandlerDeps): BatchHandler {
  return async (messages) => {
    for (const message of messages) {
      const exchangeId = message.headers[ExchangeHeaders.messageId];
      // Most answers on a shared topic belong to other hub instances: skip those before any work.
      if (exchangeId === undefined || deps.pending.expectedResponder(exchangeId) === undefined) continue;
      try {
        const responder = await authenticateMessage(deps.authenticator, message);
        // An unreadable body from the provider still settles the exchange: the router reports it
        // to the consumer as a malformed answer instead of letting it time out.
        const body = readProviderAnswer(message.value.toString('utf8'), exchangeId);
        if (!deps.pending.settle(body, responder.department ?? '')) {
          deps.logger.warn(
            { exchangeId, responder: responder.department },
            'an answer from a department that is not the provider was ignored',
          );
        }
      } catch (error) {
        deps.logger.warn({ err: error, exchangeId }, 'an unreadable or unauthenticated provider answer was ignored');
      }
    }
  };
}
