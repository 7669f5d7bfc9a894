/**
 * @module core/cases/milestone-submission-handler
 * The consumer of `cases.milestones`: department case systems report milestones the way they
 * publish licences — a compact JWS sealed by the department's seal (`typ: zz-case-milestone+jws`),
 * keyed by the department's credit code, with a `message-id` header. The seal names the department
 * that acts; the message key must agree; the milestone then goes through the same use case as over
 * HTTP (scope, state checks, audit). Redeliveries are recognised by the message id. What can never
 * be applied (bad seal, bad contract, wrong department, a milestone that does not fit the case) is
 * dead-lettered with its error code; a database failure fails the batch for a retry.
 */
import type { Principal } from '../auth/principal.js';
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import { HubError, MalformedMessageError, ValidationError } from '../errors.js';
import type { CaseMilestone } from '../payloads/case-milestone.js';
import type { BatchHandler, InboundMessage } from '../ports/message-bus.js';
import type { SealVerifier } from '../ports/seal-verifier.js';
import { MilestoneDuplicateError } from './case-errors.js';
import type { MilestoneInput } from './case-service.js';

export const MILESTONE_JWS_TYPE = 'zz-case-milestone+jws';
const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;

export interface MilestoneSubmissionDeps {
  seals: SealVerifier;
  contracts: Pick<ContractRegistry, 'validate'>;
  milestone(caller: Principal, caseNo: string, input: MilestoneInput): Promise<unknown>;
  now(): Date;
}

export function createMilestoneSubmissionHandler(deps: MilestoneSubmissionDeps): BatchHandler {
  async function apply(message: InboundMessage): Promise<void> {
    const messageId = message.headers['message-id'];
    if (!messageId || !MESSAGE_ID.test(messageId)) throw new MalformedMessageError('a milestone needs a message-id header');
    const verified = await deps.seals.verify(message.value.toString('utf8').trim(), { typ: MILESTONE_JWS_TYPE, at: deps.now() });
    const department = verified.seal.uscc;
    if (message.key !== department) throw new MalformedMessageError(`the message key is not the sealing department ${department}`);
    const errors = deps.contracts.validate(ContractIds.caseMilestone, verified.payload);
    if (errors.length > 0) throw new ValidationError('the milestone does not match its contract', { errors });
    const { caseNo, occurredAt: _at, ...milestone } = verified.payload as unknown as CaseMilestone;
    const caller: Principal = { actor: `system:${department}`, role: 'system', department };
    await deps.milestone(caller, caseNo, { ...milestone, messageId });
  }

  return async (messages) => {
    const results: (Error | undefined)[] = [];
    for (const message of messages) {
      try {
        await apply(message);
        results.push(undefined);
      } catch (error) {
        if (error instanceof MilestoneDuplicateError) results.push(undefined);
        else if (error instanceof HubError && !error.retriable) results.push(error);
        else throw error;
      }
    }
    return results;
  };
}
