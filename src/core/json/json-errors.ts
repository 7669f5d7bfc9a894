/**
 * @module core/json/json-errors
 * Input refused by the strict parse (core/json/strict-json) or the text check (core/json/safe-text)
 * at the HTTP edge. Sealed payloads report the same faults with their own `ERR_JWS_*` codes.
 */
import { HubError } from '../errors.js';

/** A JSON body names the same member twice in one object. */
export class DuplicateMemberError extends HubError {
  static override code = 'ERR_JSON_DUPLICATE_MEMBER';
}

/** A body, path or query parameter holds NUL or a lone UTF-16 surrogate. */
export class UnsafeTextError extends HubError {
  static override code = 'ERR_UNSAFE_TEXT';
}
