/**
 * One message must not stop ingest. A value just under the broker's 1 MiB limit is refused by the hub
 * as malformed; its dead-letter copy (the same bytes sealed, plus the DLQ headers) is over that limit,
 * which the broker refuses for good. The hub dead-letters a truncated copy naming the original's size
 * and keyed digest, and the next licence on the same partition is stored within seconds.
 */
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from '../licenses/license-payloads.js';
import { SAMR, toMessage } from '../licenses/reliability-submissions.js';
import { useSubmissionHub } from '../licenses/reliability-hubs.js';
import { waitForOutcomes } from '../licenses/reliability-ledger.js';
import { openThroughHub } from '../support/dead-letters.js';

describe('an oversized poison message on licenses.submit', () => {
  const hub = useSubmissionHub();

  it('goes to the DLQ truncated, and the next licence on the partition is stored within seconds', async () => {
    const { probe: p, fixture: f, samr } = hub();
    // 1,048,000 bytes of garbage and a 400-byte header: a record batch of about 1,048,526 bytes, just
    // under the broker's 1,048,588 (message.max.bytes); the dead-letter headers (~120 bytes) take it over.
    const garbage = randomBytes(524_000).toString('hex');
    const id = 'oversized-poison';
    const headers = { 'message-id': id, 'x-pad': 'p'.repeat(400) };
    await p.produce('licenses.submit', [{ key: SAMR.uscc, value: garbage, headers }]);
    const number = 'JY39999999999101';
    const next = { messageId: 'after-oversized', key: SAMR.uscc, number, jws: samr.seal(examplePayload(FOOD_LICENSE, SAMR, number)) };
    await p.produce('licenses.submit', [toMessage(next)]);

    // Without the truncated copy the dead-letter write is retried forever and this never happens.
    const started = Date.now();
    await waitForOutcomes(f, p, [next], 60_000);
    const stored = await f.db.sql`select id from licenses where number = ${number}`;
    expect(stored).toHaveLength(1);
    process.stderr.write(`[oversized dead letter] next licence answered ${Date.now() - started} ms after it was produced\n`);

    const [letter] = await p.waitFor('dlq', (letters) => letters.length >= 1, 30_000);
    if (!letter) throw new Error('no dead letter');
    expect(letter.headers).toEqual({
      'message-id': id,
      'error-code': 'ERR_JWS_MALFORMED',
      'error-detail': expect.any(String),
      'source-topic': `${p.prefix}licenses.submit`,
      'source-partition': expect.stringMatching(/^[0-9]+$/),
      'source-offset': expect.stringMatching(/^[0-9]+$/),
      truncated: 'true',
      'original-size': '1048000',
      'original-digest': expect.stringMatching(/^[0-9a-f]{64}$/),
      'sealed-key-id': expect.any(String),
    });
    // The sealed copy opens to the first 64 KiB of the value and the original headers.
    const opened = await openThroughHub(f, letter);
    expect(opened).toMatchObject({ truncated: true, originalSize: 1_048_000, key: SAMR.uscc, headers });
    expect(opened.value).toBe(garbage.slice(0, 64 * 1024));
  });
});
