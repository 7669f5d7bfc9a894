/**
 * @module core/bus/dead-letter-errors
 * Why a dead letter handed to `POST /v1/dead-letters/open` does not open. Two codes only: a copy
 * that is not a sealed dead letter at all, and one that is but does not open here — altered,
 * moved to other headers, or sealed under a key this hub does not hold. Telling those apart
 * further would tell a prober which part to change.
 */
import { HubError } from '../errors.js';

/** Not a sealed dead letter: a required header is missing or malformed, or the value is empty. */
export class DeadLetterMalformedError extends HubError {
  static override code = 'ERR_DEAD_LETTER_MALFORMED';
}

/** A sealed dead letter that does not open: altered, its headers changed, or another hub's key. */
export class DeadLetterUnopenableError extends HubError {
  static override code = 'ERR_DEAD_LETTER_UNOPENABLE';
}
