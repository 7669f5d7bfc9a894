/**
 * @module core/ports/personal-id-hasher
 * Personal ID numbers (居民身份证号 and other personal identifiers) never reach the audit log or
 * the logs in clear (DESIGN §4). Use cases put `keyedHash(id)` in an audit entry's details instead
 * (`details.holderIdHash`); an auditor who holds an ID number asks `GET /v1/audit?holderId=…` and
 * the hub hashes it the same way. A keyed hash, not a plain one: the space of ID numbers is small
 * enough to hash exhaustively, so only the hub's secret key makes the value unguessable.
 */
export interface PersonalIdHasher {
  /**
   * HMAC-SHA-256 under the hub's audit key, as 64 lower-case hex characters. The value is trimmed and
   * upper-cased first, so `…002x` and `…002X` hash alike.
   */
  keyedHash(value: string): string;
  /**
   * HMAC-SHA-256 of the exact text (no trimming, no case folding), in a domain of its own so it can
   * never equal a `keyedHash`: the digest of a message body that may hold ID numbers (the data
   * exchange's message log), which must change with any change of the body.
   */
  keyedDigest(text: string): string;
}
