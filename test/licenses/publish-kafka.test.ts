import { describe, expect, it } from 'vitest';
import { openedText, openThroughHub } from '../support/dead-letters.js';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';
import { SAMR } from './reliability-submissions.js';
import { useSubmissionHub } from './reliability-hubs.js';

describe('licence submission over the real Kafka broker', () => {
  const hub = useSubmissionHub();

  const submit = (messageId: string, value: string, key: string | null = SAMR.uscc) =>
    hub().probe.produce('licenses.submit', [{ key, value, headers: { 'message-id': messageId } }]);

  const resultOf = async (messageId: string) =>
    JSON.parse(
      (
        (await hub().probe.waitFor('licenses.results', (all) => all.some((m) => m.headers['message-id'] === messageId))).find(
          (m) => m.headers['message-id'] === messageId,
        ) as { value: string }
      ).value,
    );

  it('stores a sealed licence, answers on licenses.results and announces it on licenses.events', async () => {
    await submit('m-1', hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001001')));
    const result = await resultOf('m-1');
    expect(result).toMatchObject({ messageId: 'm-1', ok: true, licenseId: expect.stringContaining('.JY24313220001001.001.') });
    const events = await hub().probe.waitFor('licenses.events', (all) => all.some((e) => e.key === result.licenseId));
    const event = JSON.parse((events.find((e) => e.key === result.licenseId) as { value: string }).value);
    expect(event).toMatchObject({
      type: 'license.issued',
      licenseId: result.licenseId,
      version: 1,
      status: 'valid',
      issuer: SAMR,
      typeCode: FOOD_LICENSE,
    });
    expect(event.eventId).toMatch(/^[0-9a-f-]{36}$/);
    const stored = await hub().fixture.call('GET', `/v1/licenses/${result.licenseId}`, undefined, hub().samr.systemToken);
    expect(stored.status).toBe(200);
  });

  it('redelivery answers again but creates no second licence and no second event', async () => {
    const jws = hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001002'));
    await submit('m-2', jws);
    const first = await resultOf('m-2');
    await submit('m-2', jws);
    await hub().probe.waitFor('licenses.results', (all) => all.filter((m) => m.headers['message-id'] === 'm-2').length === 2);
    const answers = hub()
      .probe.seen('licenses.results')
      .filter((m) => m.headers['message-id'] === 'm-2')
      .map((m) => JSON.parse(m.value));
    expect(answers).toEqual([first, first]);
    // A later licence's event proves the stream moved on without a duplicate for m-2.
    await submit('m-3', hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001003')));
    const third = await resultOf('m-3');
    await hub().probe.waitFor('licenses.events', (all) => all.some((e) => e.key === third.licenseId));
    expect(
      hub()
        .probe.seen('licenses.events')
        .filter((e) => e.key === first.licenseId),
    ).toHaveLength(1);
    const [row] = await hub().fixture.db.sql<{ n: number }[]>`select count(*)::int as n from licenses where id = ${first.licenseId}`;
    expect(row?.n).toBe(1);
  });

  it('dead-letters unparseable and unverifiable messages with their headers, answers business refusals, and keeps going', async () => {
    await submit('m-poison', 'this is not a JWS');
    const forgedParts = hub()
      .samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001004'))
      .split('.');
    await submit('m-forged', `${forgedParts[0]}.${Buffer.from('{"typeCode":"x"}').toString('base64url')}.${forgedParts[2]}`);
    const noRight = examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001005');
    delete noRight.validUntil;
    await submit('m-invalid', hub().samr.seal(noRight));
    await hub().probe.produce('licenses.submit', [{ key: SAMR.uscc, value: 'no message id' }]);
    await submit('m-after', hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001006')));

    const dlq = await hub().probe.waitFor('dlq', (all) => all.length >= 3);
    // The letters seal their originals: find each by what it opens to.
    const opened = await Promise.all(dlq.map(async (m) => ({ letter: m, value: openedText(await openThroughHub(hub().fixture, m)) })));
    const byValue = (v: string) => opened.find((o) => o.value === v)?.letter;
    expect(byValue('this is not a JWS')?.headers).toMatchObject({
      'error-code': 'ERR_JWS_MALFORMED',
      'source-topic': `${hub().probe.prefix}licenses.submit`,
      'message-id': 'm-poison',
    });
    expect(byValue('no message id')?.headers['error-code']).toBe('ERR_SUBMISSION_HEADER');
    expect(dlq.some((m) => m.headers['error-code'] === 'ERR_JWS_SIGNATURE_INVALID')).toBe(true);
    expect(await resultOf('m-poison')).toMatchObject({ ok: false, error: { code: 'ERR_JWS_MALFORMED' } });
    expect(await resultOf('m-invalid')).toMatchObject({ ok: false, error: { code: 'ERR_VALIDATION' } });
    expect(dlq.some((m) => m.headers['message-id'] === 'm-invalid')).toBe(false);
    expect(await resultOf('m-after')).toMatchObject({ ok: true });
  });

  it('refuses a message whose key names another department than the seal', async () => {
    await submit('m-key', hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001007')), '91350100M000100Y43');
    const named = await resultOf('m-key');
    expect(named).toMatchObject({ ok: false, error: { code: 'ERR_ISSUER_MISMATCH' } });
    expect(JSON.stringify(named)).toContain('91350100M000100Y43');
    // Keyed by a holder's 居民身份证号 by mistake: the answer, read by every department, does not repeat it.
    const idNumber = '431322199203150030';
    await submit('m-id-key', hub().samr.seal(examplePayload(FOOD_LICENSE, SAMR, 'JY24313220001008')), idNumber);
    const answered = await resultOf('m-id-key');
    expect(answered).toMatchObject({ ok: false, error: { code: 'ERR_ISSUER_MISMATCH' } });
    expect(JSON.stringify(answered)).not.toContain(idNumber.slice(0, 17));
  });
});
