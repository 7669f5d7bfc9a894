/**
 * @module core/bus/dead-letter-sealer
 * What a dead letter carries. The dead-letter topic is read by whoever runs the brokers, and a
 * message the hub could not take may hold anything its sender put in it — a 残疾人证 payload holds
 * the holder's 居民身份证号, a data request a bearer token. So the copy carries nothing of the
 * original in clear: the original key, headers and value (or their first 64 KiB, when the bus
 * refused the full copy for good) are sealed with the hub's body sealer (AES-256-GCM under a hub
 * key named by `sealed-key-id`), and the clear headers say only what the hub itself knows: the
 * reason, where the message came from (topic, partition, offset), its size and a keyed digest of
 * its value (the audit's secret HMAC key: a plain hash of something that may hold an ID number is
 * guessable). Every clear header but the public detail is the sealing's additional data, so a
 * copy whose headers were changed, or whose sealed value was moved to another letter, does not
 * open. `message-id` stays in clear when it is a plain transport id: the submitter correlates by
 * it, as `licenses.results` already answers by it. The public detail of the error should name no
 * personal data, but a detail may quote a message key: in clear every run of 15 or more digits in it
 * is masked (an ID number, a 残疾人证 number), and the detail as written is sealed with the rest.
 *
 * The keys are loaded with the audit, after the bus is made; until they are, a dead letter fails
 * retriably and waits — it is never written in clear.
 */
import { Buffer } from 'node:buffer';
import { DependencyUnavailableError, HubError } from '../errors.js';
import type { BodySealer } from '../ports/body-sealer.js';
import type { InboundMessage, OutgoingMessage } from '../ports/message-bus.js';
import type { PersonalIdHasher } from '../ports/personal-id-hasher.js';
import { DeadLetterHeaders } from '../topics.js';

export interface DeadLetterKeys {
  sealer: BodySealer;
  digests: Pick<PersonalIdHasher, 'keyedDigest'>;
}

/** The sealed value of a dead letter: the original message as its topic had it (or cut short). */
export interface DeadLetterEnvelope {
  /** The error's public detail, unmasked. */
  errorDetail: string;
  key: string | null;
  headers: Record<string, string>;
  /** The value as text, when it is valid UTF-8 … */
  value?: string;
  /** … otherwise as base64. */
  valueBase64?: string;
}

export interface DeadLetterSealer {
  /** Hands over the hub's keys (once the audit has loaded them); dead letters wait until then. */
  useKeys(keys: DeadLetterKeys): void;
  /** The dead letter of `message`; `truncated` keeps only the first `TRUNCATED_VALUE_BYTES`. */
  seal(message: InboundMessage, error: unknown, sourceTopic: string, options?: { truncated?: boolean }): OutgoingMessage;
}

/** Longest `error-detail` header in UTF-8 bytes; also the cap of each header of a truncated letter. */
export const MAX_ERROR_DETAIL_BYTES = 1024;
/** Bytes of the original value a truncated dead letter keeps: enough to see what it was. */
export const TRUNCATED_VALUE_BYTES = 64 * 1024;
/** Original headers a truncated dead letter keeps at most. */
const TRUNCATED_MAX_HEADERS = 32;
const GENERIC_DETAIL = 'internal error while processing the message';
/** A transport id (the submission handler's rule): kept in clear for correlation. */
const MESSAGE_ID = /^[\x21-\x7e]{1,128}$/;

/** The clear headers the sealing is bound to, in a fixed order. */
const BOUND_HEADERS = [
  DeadLetterHeaders.sourceTopic,
  DeadLetterHeaders.sourcePartition,
  DeadLetterHeaders.sourceOffset,
  DeadLetterHeaders.errorCode,
  DeadLetterHeaders.truncated,
  DeadLetterHeaders.originalSize,
  DeadLetterHeaders.originalDigest,
] as const;

/** The additional data of a dead letter's sealing, from its clear headers (absent ones as empty). */
export function deadLetterContext(headers: Readonly<Record<string, string | undefined>>): string {
  return ['zz-dead-letter', ...BOUND_HEADERS.map((name) => headers[name] ?? '')].join('\0');
}

/** The keyed digest a dead letter names its original value by (over the value's base64: exact for any bytes). */
export function deadLetterDigest(digests: DeadLetterKeys['digests'], value: Uint8Array): string {
  return digests.keyedDigest(Buffer.from(value).toString('base64'));
}

export function createDeadLetterSealer(initial?: DeadLetterKeys): DeadLetterSealer {
  let keys = initial;
  return {
    useKeys(loaded) {
      keys = loaded;
    },
    seal(message, error, sourceTopic, options = {}) {
      if (!keys) throw new DependencyUnavailableError('the keys that seal dead letters are not loaded yet');
      const truncated = options.truncated === true;
      const messageId = message.headers[DeadLetterHeaders.messageId];
      const detail = error instanceof HubError ? error.detail : GENERIC_DETAIL;
      const headers: Record<string, string> = {
        ...(messageId !== undefined && MESSAGE_ID.test(messageId) ? { [DeadLetterHeaders.messageId]: messageId } : {}),
        [DeadLetterHeaders.errorCode]: error instanceof HubError ? error.code : 'ERR_INTERNAL',
        [DeadLetterHeaders.errorDetail]: truncateUtf8(maskDigitRuns(detail), MAX_ERROR_DETAIL_BYTES),
        [DeadLetterHeaders.sourceTopic]: sourceTopic,
        [DeadLetterHeaders.sourcePartition]: String(message.partition),
        [DeadLetterHeaders.sourceOffset]: message.offset,
        ...(truncated ? { [DeadLetterHeaders.truncated]: 'true' } : {}),
        [DeadLetterHeaders.originalSize]: String(message.value.length),
        [DeadLetterHeaders.originalDigest]: deadLetterDigest(keys.digests, message.value),
      };
      const original = truncated ? cutShort(message) : toEnvelope(message.key, message.headers, message.value);
      const envelope: DeadLetterEnvelope = { errorDetail: truncateUtf8(detail, MAX_ERROR_DETAIL_BYTES), ...original };
      const sealed = keys.sealer.seal(JSON.stringify(envelope), deadLetterContext(headers));
      return { key: null, value: sealed.sealed, headers: { ...headers, [DeadLetterHeaders.sealedKeyId]: sealed.keyId } };
    },
  };
}

type Original = Omit<DeadLetterEnvelope, 'errorDetail'>;

/** Masks digit runs long enough to be an ID number (17 digits + check) or to embed one. */
function maskDigitRuns(text: string): string {
  return text.replace(/[0-9]{15,}[0-9Xx]*/g, (run) => '*'.repeat(run.length));
}

function toEnvelope(key: string | null, headers: Record<string, string>, value: Buffer): Original {
  const text = value.toString('utf8');
  // Text when it round-trips (JWS, JSON: no base64 growth before the bus's size limit), else base64.
  return Buffer.from(text, 'utf8').equals(value) ? { key, headers, value: text } : { key, headers, valueBase64: value.toString('base64') };
}

/** The original cut short: the first `TRUNCATED_VALUE_BYTES` of the value, the key and headers capped. */
function cutShort(message: InboundMessage): Original {
  const headers = Object.entries(message.headers)
    .slice(0, TRUNCATED_MAX_HEADERS)
    .map(([name, value]) => [truncateUtf8(name, 256), truncateUtf8(value, MAX_ERROR_DETAIL_BYTES)]);
  return toEnvelope(
    message.key === null ? null : truncateUtf8(message.key, MAX_ERROR_DETAIL_BYTES),
    Object.fromEntries(headers),
    message.value.subarray(0, TRUNCATED_VALUE_BYTES),
  );
}

/** Cuts at a code-point boundary so the header stays valid UTF-8. */
function truncateUtf8(text: string, maxBytes: number): string {
  if (Buffer.byteLength(text) <= maxBytes) return text;
  const ellipsis = '…'; // 3 bytes
  let bytes = 0;
  let out = '';
  for (const char of text) {
    const size = Buffer.byteLength(char);
    if (bytes + size > maxBytes - 3) break;
    out += char;
    bytes += size;
  }
  return out + ellipsis;
}
