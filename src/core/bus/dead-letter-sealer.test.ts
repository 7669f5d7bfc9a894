import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { openDeadLetter, testDeadLetterKeys } from '../../../test/fixtures/dead-letter-keys.js';
import { DependencyUnavailableError, MalformedMessageError } from '../errors.js';
import type { InboundMessage } from '../ports/message-bus.js';
import { createDeadLetterSealer, deadLetterDigest, TRUNCATED_VALUE_BYTES } from './dead-letter-sealer.js';

// A 残疾人证 number: the holder's 居民身份证号 (GB 11643 vector) plus two digits.
const ID = '11010519491231002X';
const NUMBER = `${ID}41`;

function message(value: string | Buffer, headers: Record<string, string> = { 'message-id': 'sub-1' }): InboundMessage {
  return {
    topic: 'zz.licenses.submit',
    partition: 4,
    offset: '1042',
    key: '13431322006125087X',
    value: Buffer.from(value),
    headers,
    timestamp: 0,
  };
}

/** Every form a careless reader might find the number in: the text, its base64 and base64url. */
function leaks(text: string): boolean {
  const forms = [text, Buffer.from(text, 'base64').toString('latin1'), Buffer.from(text, 'base64url').toString('latin1')];
  return forms.some((form) => form.includes(NUMBER) || form.includes(ID.slice(0, 17)));
}

describe('dead-letter sealer', () => {
  it('carries nothing of the original in clear, and the keyed digest is not the plain SHA-256', async () => {
    const keys = testDeadLetterKeys();
    const payload = JSON.stringify({ typeCode: '13100000400008460G001', number: NUMBER, holder: { idType: 'ID', id: ID, name: '张三' } });
    const original = message(payload, { 'message-id': 'sub-1', authorization: 'Bearer secret-token', 'x-holder': ID });
    const letter = createDeadLetterSealer(keys).seal(
      original,
      new MalformedMessageError('value is not a compact JWS'),
      'zz.licenses.submit',
    );

    const clear = JSON.stringify(letter.headers) + String(letter.key) + String(letter.value);
    expect(leaks(clear)).toBe(false);
    expect(leaks(String(letter.value))).toBe(false);
    expect(clear).not.toContain('secret-token');
    expect(letter.headers?.['original-digest']).toBe(deadLetterDigest(keys.digests, original.value));
    expect(letter.headers?.['original-digest']).not.toBe(createHash('sha256').update(original.value).digest('hex'));
    expect(Object.keys(letter.headers ?? {}).sort()).toEqual(
      [
        'error-code',
        'error-detail',
        'message-id',
        'original-digest',
        'original-size',
        'sealed-key-id',
        'source-offset',
        'source-partition',
        'source-topic',
      ].sort(),
    );

    const opened = await openDeadLetter(keys, letter);
    expect(opened).toEqual({
      sourceTopic: 'zz.licenses.submit',
      sourcePartition: 4,
      sourceOffset: '1042',
      errorCode: 'ERR_MALFORMED_MESSAGE',
      errorDetail: 'value is not a compact JWS',
      truncated: false,
      originalSize: Buffer.byteLength(payload),
      key: original.key,
      headers: { ...original.headers, authorization: '[redacted]' },
      value: payload,
    });
  });

  it('keeps message-id in clear only when it is a plain transport id', () => {
    const sealer = createDeadLetterSealer(testDeadLetterKeys());
    const error = new MalformedMessageError('bad');
    expect(sealer.seal(message('x', { 'message-id': ID + ' 张三' }), error, 't').headers?.['message-id']).toBeUndefined();
    expect(sealer.seal(message('x', { 'message-id': 'm'.repeat(129) }), error, 't').headers?.['message-id']).toBeUndefined();
    expect(sealer.seal(message('x', {}), error, 't').headers?.['message-id']).toBeUndefined();
    expect(sealer.seal(message('x', { 'message-id': 'abc-1' }), error, 't').headers?.['message-id']).toBe('abc-1');
  });

  it('seals the first 64 KiB of a truncated copy, naming the whole original by size and digest', async () => {
    const keys = testDeadLetterKeys();
    const big = Buffer.alloc(300_000, 0xfe);
    const letter = createDeadLetterSealer(keys).seal(message(big), new MalformedMessageError('bad'), 't', { truncated: true });
    expect(letter.headers).toMatchObject({
      truncated: 'true',
      'original-size': '300000',
      'original-digest': deadLetterDigest(keys.digests, big),
    });
    const opened = await openDeadLetter(keys, letter);
    expect(opened.truncated).toBe(true);
    expect(Buffer.from(opened.valueBase64 ?? '', 'base64')).toEqual(big.subarray(0, TRUNCATED_VALUE_BYTES));
  });

  it('masks digit runs that may be an ID number in the clear detail, and seals the detail as written', async () => {
    const keys = testDeadLetterKeys();
    const detail = `the message key ${NUMBER} is not the sealing department 91350100M000100Y43`;
    const letter = createDeadLetterSealer(keys).seal(message('x'), new MalformedMessageError(detail), 't');
    expect(letter.headers?.['error-detail']).toBe(`the message key ${'*'.repeat(20)} is not the sealing department 91350100M000100Y43`);
    expect((await openDeadLetter(keys, letter)).errorDetail).toBe(detail);
  });

  it('refuses retriably to make a dead letter before the keys are loaded', () => {
    const sealer = createDeadLetterSealer();
    expect(() => sealer.seal(message('x'), new MalformedMessageError('bad'), 't')).toThrow(DependencyUnavailableError);
  });
});
