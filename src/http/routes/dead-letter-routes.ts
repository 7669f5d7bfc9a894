/**
 * @module http/routes/dead-letter-routes
 * `POST /v1/dead-letters/open`: a security admin opens one dead letter — the copy as read from the
 * `dlq` topic, its headers and its sealed value — and gets the original message back. The opening
 * is audited before the answer (core/bus/dead-letter-opener). Reading the topic stays with the
 * broker's own tools: the hub never needs read access to its dead letters to open one.
 */
import type { DeadLetterCopy, DeadLetterOpener } from '../../core/bus/dead-letter-opener.js';
import type { RouteRegistry } from '../route.js';

/** A full dead letter is up to the broker's message limit (1 MiB by default), then JSON-wrapped. */
const MAX_BODY_BYTES = 4 * 1024 * 1024;

/** For `createApp({ largeBodies })`: a dead letter may exceed the ordinary body limit. */
export const deadLetterBodyLimits = [{ method: 'POST', path: '/v1/dead-letters/open', maxBytes: MAX_BODY_BYTES }] as const;

const HEADERS = { type: 'object', additionalProperties: { type: 'string', maxLength: 4096 }, maxProperties: 64 };

export function registerDeadLetterRoutes(routes: RouteRegistry, deps: { deadLetters: DeadLetterOpener }): void {
  routes.add<{ body: DeadLetterCopy }>(
    {
      operationId: 'openDeadLetter',
      method: 'POST',
      path: '/v1/dead-letters/open',
      summary: 'Open one dead letter: the original message it seals (security admins; the opening is audited)',
      description:
        'The body is the dead letter as read from the `dlq` topic: its headers and its value (the sealed text). ' +
        'The headers it is bound to (source topic, partition, offset, error code, truncated, size, digest) must be ' +
        'passed unchanged. The answer is the original key, headers and value (`value` when it is UTF-8 text, ' +
        'else `valueBase64`), cut short when the letter is `truncated`.',
      tags: ['operations'],
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['headers', 'value'],
          properties: {
            headers: { ...HEADERS, description: "The dead letter's Kafka headers" },
            value: { type: 'string', maxLength: MAX_BODY_BYTES, description: "The dead letter's value (sealed text)" },
          },
        },
      },
      responses: {
        200: {
          description: 'The original message; the opening is in the audit log',
          schema: {
            type: 'object',
            required: [
              'sourceTopic',
              'sourcePartition',
              'sourceOffset',
              'errorCode',
              'errorDetail',
              'truncated',
              'originalSize',
              'key',
              'headers',
            ],
            properties: {
              sourceTopic: { type: 'string' },
              sourcePartition: { type: 'integer' },
              sourceOffset: { type: 'string', pattern: '^[0-9]+$' },
              errorCode: { type: 'string' },
              errorDetail: { type: 'string', description: 'the public detail as written (the header masks long digit runs)' },
              truncated: { type: 'boolean' },
              originalSize: { type: 'integer' },
              key: { type: ['string', 'null'] },
              headers: HEADERS,
              value: { type: 'string', description: 'the original value, when it is UTF-8 text' },
              valueBase64: { type: 'string', description: 'the original value otherwise' },
            },
          },
        },
        422: {
          description:
            'ERR_DEAD_LETTER_MALFORMED: not a sealed dead letter (a header missing or malformed); ' +
            'ERR_DEAD_LETTER_UNOPENABLE: altered, its headers changed, or sealed under a key this hub does not hold',
        },
      },
    },
    async ({ c, caller, body }) => c.json(await deps.deadLetters.open(caller, body)),
  );
}
