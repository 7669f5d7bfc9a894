/**
 * Poison in the middle of a large batch: 200 submissions from one issuer (one partition) produced
 * in one send, so the hub fetches them as one batch, with three poison messages spread through it.
 * Only the three go to `dlq`; everything around them — before and after, in the same batch — is
 * stored, answered and announced, and the consumer goes on to the next message.
 */
import { describe, expect, it } from 'vitest';
import type { OpenedDeadLetter } from '../../src/core/bus/dead-letter-opener.js';
import { openedText, openThroughHub } from '../support/dead-letters.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';
import { answersById, NO_VIOLATIONS, readLedger, violations, waitForOutcomes } from './reliability-ledger.js';
import { foodLicenses, SAMR, toMessage, type Submission } from './reliability-submissions.js';
import { useSubmissionHub } from './reliability-hubs.js';
import { timeBudget } from '../support/until.js';

const N = 200;
/** One budget for every wait of the test, below its timeout: a loaded machine gets all of it. */
const TEST_TIMEOUT_MS = 240_000;

describe('poison messages in the middle of a large batch', () => {
  const hub = useSubmissionHub();

  it(
    'dead-letters exactly the poison, and stores, answers and announces everything else',
    { timeout: TEST_TIMEOUT_MS },
    async ({ annotate }) => {
      const budget = timeBudget(TEST_TIMEOUT_MS - 20_000);
      const { probe: p, fixture: f, samr } = hub();
      const all = foodLicenses([samr], 3, N, 'batch');
      const genuine = samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY39999999999001'));
      const [header, , signature] = genuine.split('.');
      const forgedNumber = 'JY39999999999002';
      const forged = `${header}.${Buffer.from(JSON.stringify(examplePayload(FOOD_LICENSE, SAMR, forgedNumber))).toString('base64url')}.${signature}`;
      const headerless = { key: SAMR.uscc, value: samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY39999999999003')) };
      const poison = new Map<number, { key: string; value: string; headers?: Record<string, string> }>([
        [40, { key: SAMR.uscc, value: 'this is not a JWS', headers: { 'message-id': 'poison-malformed' } }],
        [100, { key: SAMR.uscc, value: forged, headers: { 'message-id': 'poison-forged' } }],
        // Well sealed, but without a message id it can be neither answered nor deduplicated.
        [160, headerless],
      ]);
      const submissions = all.filter((_, i) => !poison.has(i));
      await p.produce(
        'licenses.submit',
        all.map((s, i) => poison.get(i) ?? toMessage(s)),
      );
      const nextNumber = 'JY39999999999004';
      const next: Submission = {
        messageId: 'after',
        key: SAMR.uscc,
        number: nextNumber,
        jws: samr.seal(examplePayload(FOOD_LICENSE, SAMR, nextNumber)),
      };
      await p.produce('licenses.submit', [toMessage(next)]);

      await waitForOutcomes(f, p, [...submissions, next], budget.remaining());
      const ledger = await readLedger(f, p, submissions);
      const dlq = await p.waitFor('dlq', (letters) => letters.length >= poison.size, budget.remaining());
      const answers = answersById(p);
      const report = `${ledger.report}; ${dlq.length} dead letters: ${dlq.map((m) => `${m.headers['message-id'] ?? '(no id)'} ${m.headers['error-code']}`).join(', ')}`;
      process.stderr.write(`[reliability: poison mid-batch] ${report}\n`);
      await annotate(report);

      expect(violations(ledger)).toEqual(NO_VIOLATIONS);
      expect(answers.get(next.messageId)).toEqual([expect.objectContaining({ ok: true })]);
      // Each poison message dead-lettered once, in the order of the batch, with its code and origin.
      const opened = await Promise.all(dlq.map((m) => openThroughHub(f, m)));
      expect(
        dlq.map((m, i) => ({
          id: m.headers['message-id'],
          code: m.headers['error-code'],
          source: m.headers['source-topic'],
          value: openedText(opened[i] as OpenedDeadLetter),
        })),
      ).toEqual([
        { id: 'poison-malformed', code: 'ERR_JWS_MALFORMED', source: `${p.prefix}licenses.submit`, value: 'this is not a JWS' },
        { id: 'poison-forged', code: 'ERR_JWS_SIGNATURE_INVALID', source: `${p.prefix}licenses.submit`, value: forged },
        { id: undefined, code: 'ERR_SUBMISSION_HEADER', source: `${p.prefix}licenses.submit`, value: headerless.value },
      ]);
      expect(answers.get('poison-malformed')).toEqual([
        expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'ERR_JWS_MALFORMED' }) }),
      ]);
      expect(answers.get('poison-forged')).toEqual([
        expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'ERR_JWS_SIGNATURE_INVALID' }) }),
      ]);
      // The licences around the poison were written by one transaction (one `now()`): one batch.
      const commits = await f.db
        .sql`select distinct created_at from licenses where number in ${f.db.sql(submissions.map((s) => s.number))}`;
      expect(commits).toHaveLength(1);
      const refusedStored = await f.db.sql`select id from licenses where number in ${f.db.sql([forgedNumber, 'JY39999999999003'])}`;
      expect(refusedStored).toHaveLength(0);
    },
  );
});
