/**
 * @module core/verification-bus/verification-request-handler
 * Verification over Kafka, for department systems that prefer the bus: a request on
 * `verifications.requests` — the body of `POST /v1/verifications`, a `message-id` header and the
 * system's access token in `authorization` — is answered on `verifications.results` under the same
 * id with the very answer and receipt the HTTP route gives (the same verify function does both).
 * Requests of a batch are verified concurrently; the batch's answers are published together.
 */
import type { Authenticator } from '../auth/authenticator.js';
import type { Principal } from '../auth/principal.js';
import { HubError, MalformedMessageError, ValidationError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { BatchHandler, InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import { ExchangeTopics } from '../topics.js';
import type { VerificationRequest } from '../verification/verification.js';

export type VerificationResultMessage =
  { messageId: string; ok: true; answer: unknown } | { messageId: string; ok: false; error: { code: string; detail: string } };

export interface VerificationRequestHandlerDeps {
  authenticate(message: InboundMessage): Promise<Principal>;
  /** The verification of `POST /v1/verifications`, received from the wiring. */
  verify(caller: Principal, request: VerificationRequest): Promise<unknown>;
  publish(topic: string, messages: readonly OutgoingMessage[]): Promise<void>;
  logger: Logger;
}

const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;
const VERIFIERS = new Set(['system', 'clerk', 'dept-admin']);

export function createVerificationRequestHandler(deps: VerificationRequestHandlerDeps): BatchHandler {
  async function answer(message: InboundMessage): Promise<OutgoingMessage | Error> {
    const messageId = message.headers['message-id'] ?? '';
    if (!MESSAGE_ID.test(messageId)) return new MalformedMessageError('a verification request needs a message-id header');
    let caller: Principal;
    try {
      caller = await deps.authenticate(message);
    } catch (error) {
      return error instanceof HubError ? error : new MalformedMessageError('unauthenticated verification request');
    }
    let body: VerificationResultMessage;
    try {
      if (!VERIFIERS.has(caller.role)) throw new ValidationError('this credential may not verify');
      body = { messageId, ok: true, answer: await deps.verify(caller, parse(message)) };
    } catch (error) {
      if (!(error instanceof HubError)) deps.logger.error({ err: error, messageId }, 'a verification over Kafka failed unexpectedly');
      body = {
        messageId,
        ok: false,
        error: error instanceof HubError ? { code: error.code, detail: error.detail } : { code: 'ERR_INTERNAL', detail: 'internal error' },
      };
    }
    return { key: caller.department ?? caller.actor, value: JSON.stringify(body), headers: { 'message-id': messageId } };
  }

  return async (messages) => {
    const outcomes = await Promise.all(messages.map(answer));
    await deps.publish(
      ExchangeTopics.verificationResults,
      outcomes.filter((o): o is OutgoingMessage => !(o instanceof Error)),
    );
    // Unauthenticated or without an id: nobody to answer, so dead-lettered with the code.
    return outcomes.map((o) => (o instanceof Error ? o : undefined));
  };
}

/** The body of `POST /v1/verifications`, checked as its route's schema would. */
function parse(message: InboundMessage): VerificationRequest {
  let value: unknown;
  try {
    value = JSON.parse(message.value.toString('utf8'));
  } catch {
    throw new ValidationError('the verification request is not JSON');
  }
  const request = value as Partial<VerificationRequest> | null;
  const text = (v: unknown) => typeof v === 'string' && v.length > 0 && v.length <= 200;
  const byId = text(request?.licenseId);
  const byNumber = text(request?.number) && text(request?.typeCode);
  if (!request || typeof request !== 'object' || (!byId && !byNumber)) {
    throw new ValidationError('name the licence: licenseId, or number and typeCode');
  }
  if (!text(request.purpose?.caseNo)) throw new ValidationError('a verification names its purpose: purpose.caseNo');
  const { licenseId, number, typeCode, holder, purpose } = request as VerificationRequest;
  return {
    ...(byId ? { licenseId } : { number, typeCode }),
    ...(holder && typeof holder === 'object' ? { holder: { id: holder.id, name: holder.name } } : {}),
    purpose: { caseNo: purpose.caseNo, ...(text(purpose.serviceItem) ? { serviceItem: purpose.serviceItem } : {}) },
  } as VerificationRequest;
}
