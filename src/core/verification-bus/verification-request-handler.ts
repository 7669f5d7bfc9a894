/**
 * @module core/verification-bus/verification-request-handler
 * Verification over Kafka, for department systems that prefer the bus: a request on
 * `verifications.requests` — the body of `POST /v1/verifications` or of `POST
 * /v1/verifications/batch` (the contract messages/verification-request), a `message-id` header and
 * the system's access token in `authorization` — is answered under the same id with the very answer
 * and receipt the HTTP route gives (the same functions do both): one licence with its receipt, or up
 * to 100 with one Merkle batch receipt. Answers go to the asking department's own
 * `verifications.<department>.results`, so no department reads another's. Requests of a Kafka batch
 * are verified concurrently; each department's answers are published together.
 */
import type { Principal } from '../auth/principal.js';
import type { FieldError } from '../errors.js';
import { HubError, MalformedMessageError, ValidationError } from '../errors.js';
import type { Logger } from '../ports/logger.js';
import type { BatchHandler, InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import type { BatchItem } from '../verification/verification-batch.js';
import type { Purpose, VerificationRequest } from '../verification/verification.js';

export type VerificationResultMessage =
  { messageId: string; ok: true; answer: unknown } | { messageId: string; ok: false; error: { code: string; detail: string } };

export interface VerificationRequestHandlerDeps {
  authenticate(message: InboundMessage): Promise<Principal>;
  /** Problems of a value against the contract messages/verification-request (empty when valid). */
  validate(value: unknown): FieldError[];
  /** The verification of `POST /v1/verifications`, received from the wiring. */
  verify(caller: Principal, request: VerificationRequest): Promise<unknown>;
  /** The verification of `POST /v1/verifications/batch`. */
  verifyBatch(caller: Principal, items: readonly BatchItem[], purpose: Purpose): Promise<unknown>;
  /** Publishes a caller's answers on its department's results topic (the shared one without). */
  publish(department: string | undefined, messages: readonly OutgoingMessage[]): Promise<void>;
  logger: Logger;
}

const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;
const VERIFIERS = new Set(['system', 'clerk', 'dept-admin']);

type Asked = { items: BatchItem[]; purpose: Purpose } | VerificationRequest;

export function createVerificationRequestHandler(deps: VerificationRequestHandlerDeps): BatchHandler {
  function parse(message: InboundMessage): Asked {
    let value: unknown;
    try {
      value = JSON.parse(message.value.toString('utf8'));
    } catch {
      throw new ValidationError('the verification request is not JSON');
    }
    const problems = deps.validate(value);
    if (problems.length > 0)
      throw new ValidationError('the request does not match the verification request contract', { errors: problems });
    return value as Asked;
  }

  async function answer(message: InboundMessage): Promise<{ department: string | undefined; out: OutgoingMessage } | Error> {
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
      const asked = parse(message);
      const result = 'items' in asked ? await deps.verifyBatch(caller, asked.items, asked.purpose) : await deps.verify(caller, asked);
      body = { messageId, ok: true, answer: result };
    } catch (error) {
      if (!(error instanceof HubError)) deps.logger.error({ err: error, messageId }, 'a verification over Kafka failed unexpectedly');
      body = {
        messageId,
        ok: false,
        error: error instanceof HubError ? { code: error.code, detail: error.detail } : { code: 'ERR_INTERNAL', detail: 'internal error' },
      };
    }
    const out = { key: caller.department ?? caller.actor, value: JSON.stringify(body), headers: { 'message-id': messageId } };
    return { department: caller.department, out };
  }

  return async (messages) => {
    const outcomes = await Promise.all(messages.map(answer));
    const byDepartment = new Map<string | undefined, OutgoingMessage[]>();
    for (const o of outcomes) {
      if (o instanceof Error) continue;
      byDepartment.set(o.department, [...(byDepartment.get(o.department) ?? []), o.out]);
    }
    await Promise.all([...byDepartment].map(([department, out]) => deps.publish(department, out)));
    // Unauthenticated or without an id: nobody to answer, so dead-lettered with the code.
    return outcomes.map((o) => (o instanceof Error ? o : undefined));
  };
}
