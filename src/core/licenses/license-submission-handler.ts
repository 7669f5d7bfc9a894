/**
 * @module core/licenses/license-submission-handler
 * The consumer of `licenses.submit`: each message is a compact JWS keyed by the issuer's credit code
 * with a `message-id` header. A polled batch goes through `publishLicenses` as one transaction that
 * also writes one answer per message to `licenses.results` (through the outbox, so the answer exists
 * exactly when the effect does). Messages that cannot be parsed or whose seal does not verify are
 * additionally dead-lettered; business refusals (schema, rights, conflicts) are answered only.
 * Every department's connector reads `licenses.results`, so an answer names the licence as events do:
 * by identifier, or for a type whose number embeds a personal ID number by its keyed reference (the
 * submitter correlates by message-id, and knows the identifier of what it sealed).
 * A failure of the database or any unexpected error fails the batch, which is then redelivered —
 * harmless, because publication is idempotent.
 */
import { ContractIds } from '../contracts/contract-ids.js';
import type { ContractRegistry } from '../contracts/contract-registry.js';
import type { LicenseSubmitResult } from '../payloads/license-submit-result.js';
import { DependencyUnavailableError, HubError } from '../errors.js';
import type { OutboxMessage } from '../ports/license-repository.js';
import type { BatchHandler, InboundMessage } from '../ports/message-bus.js';
import { Topics } from '../topics.js';
import type { LicenseSubmitHeaders } from '../payloads/license-submit-headers.js';
import { SubmissionHeaderError } from './license-errors.js';
import { describeFailure, type Announce, type PublishOutcome, type Submission } from './publish-licenses.js';

export const MESSAGE_ID_HEADER: keyof LicenseSubmitHeaders = 'message-id';
const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;

/** Codes meaning "this message can never be read or trusted": dead-letter it as well as answering. */
function isUnverifiable(error: unknown): boolean {
  return error instanceof HubError && /^ERR_(JWS|CERT|CRL|SUBMISSION)_/.test(error.code);
}

export interface SubmissionHandlerDeps {
  publish(submissions: readonly Submission[], announce: Announce): Promise<PublishOutcome[]>;
  contracts: ContractRegistry;
}

export function createLicenseSubmissionHandler(deps: SubmissionHandlerDeps): BatchHandler {
  return async (messages) => {
    const ids = messages.map((m) => m.headers[MESSAGE_ID_HEADER]);
    const readable = messages.flatMap((m, i) => (MESSAGE_ID.test(ids[i] ?? '') ? [{ index: i, message: m }] : []));
    const outcomes: (PublishOutcome | undefined)[] = messages.map((_, i) =>
      readable.some((r) => r.index === i)
        ? undefined
        : {
            ok: false,
            error: new SubmissionHeaderError(`a submission needs a ${MESSAGE_ID_HEADER} header of 1–128 visible ASCII characters`),
          },
    );

    // One answer per readable message, in the order of the submissions.
    const announce: Announce = (published) =>
      published.map((outcome, n) => {
        const { index, message } = readable[n] as { index: number; message: InboundMessage };
        outcomes[index] = outcome;
        return result(deps.contracts, message, ids[index] as string, outcome);
      });
    const published = await deps
      .publish(
        readable.map(({ message }) => ({ jws: message.value.toString('utf8'), key: message.key })),
        announce,
      )
      .catch((error: unknown) => {
        // The database (or something unforeseen) failed: never dead-letter for that, retry the batch.
        throw error instanceof HubError
          ? error
          : new DependencyUnavailableError('the batch could not be stored; it will be redelivered', { cause: error });
      });
    const unexpected = published.find((o) => !o.ok && !(o.error instanceof HubError));
    if (unexpected && !unexpected.ok) {
      throw new DependencyUnavailableError('the batch could not be processed; it will be redelivered', { cause: unexpected.error });
    }
    return outcomes.map((o) => (o && !o.ok && isUnverifiable(o.error) ? (o.error as Error) : undefined));
  };
}

function result(contracts: ContractRegistry, message: InboundMessage, messageId: string, outcome: PublishOutcome): OutboxMessage {
  const body: LicenseSubmitResult = outcome.ok
    ? { messageId, ok: true, licenseId: outcome.license.publicId }
    : { messageId, ok: false, error: describeFailure(outcome.error) };
  const errors = contracts.validate(ContractIds.licenseSubmitResult, body);
  if (errors.length > 0) throw new TypeError(`submission result breaks its contract: ${JSON.stringify(errors)}`);
  return {
    topic: Topics.licenseResults,
    message: {
      key: message.key ?? (outcome.ok ? outcome.license.issuer : null),
      value: JSON.stringify(body),
      headers: { [MESSAGE_ID_HEADER]: messageId },
    },
  };
}
