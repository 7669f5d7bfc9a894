/**
 * A dead letter holds no personal ID number in clear. A 残疾人证's number is the holder's 居民身份证号
 * plus two digits; a careless connector that sends the payload unsealed, or a forged one, on
 * `licenses.submit` gets it dead-lettered — and whoever reads the `dlq` topic must find neither the
 * number nor the ID in the copy (not in the value, its base64 or base64url reading, the key or any
 * header). A security admin opens the copy through the hub, the opening audited; nobody else can.
 */
import { describe, expect, it } from 'vitest';
import type { OpenedDeadLetter } from '../../src/core/bus/dead-letter-opener.js';
import { examplePayload } from '../licenses/license-payloads.js';
import { useSubmissionHub } from '../licenses/reliability-hubs.js';
import { openedText, openThroughHub } from '../support/dead-letters.js';
import { enrolDepartment } from '../support/department-fixture.js';
import { CDPF, DISABILITY } from '../support/disability-licence.js';
import type { CollectedMessage } from '../support/kafka-probe.js';
import { expectProblem } from '../support/problem-body.js';

/** Every reading of `text` a curious reader of the topic would try. */
const readings = (text: string) => [
  text,
  Buffer.from(text, 'base64').toString('latin1'),
  Buffer.from(text, 'base64url').toString('latin1'),
];

describe('a dead-lettered 残疾人证 submission', () => {
  const hub = useSubmissionHub();

  it('holds no ID digits in clear, opens for a security admin only, and the opening is audited', async () => {
    const { probe: p, fixture: f } = hub();
    const cdpf = await enrolDepartment(f, { ...CDPF, licenseTypes: [DISABILITY] });
    const payload = examplePayload(DISABILITY, CDPF);
    const number = payload.number as string;
    const id = (payload.holder as { id: string }).id;
    expect(number.startsWith(id)).toBe(true);
    const first17 = id.slice(0, 17);

    // Unsealed JSON (the ID in clear) and a sealed licence whose payload was swapped after sealing.
    const unsealed = JSON.stringify(payload);
    const other = `${id}${number.endsWith('99') ? '98' : '99'}`;
    const [header, , signature] = cdpf.seal(examplePayload(DISABILITY, CDPF, other)).split('.');
    const forged = `${header}.${Buffer.from(unsealed).toString('base64url')}.${signature}`;
    await p.produce('licenses.submit', [
      { key: CDPF.uscc, value: unsealed, headers: { 'message-id': 'dl-unsealed', 'x-holder': id } },
      { key: CDPF.uscc, value: forged, headers: { 'message-id': 'dl-forged' } },
    ]);
    const letters = await p.waitFor(
      'dlq',
      (all) => ['dl-unsealed', 'dl-forged'].every((m) => all.some((l) => l.headers['message-id'] === m)),
      60_000,
    );
    const letter = (messageId: string) => letters.find((l) => l.headers['message-id'] === messageId) as CollectedMessage;
    expect(letter('dl-unsealed').headers['error-code']).toBe('ERR_JWS_MALFORMED');
    expect(letter('dl-forged').headers['error-code']).toBe('ERR_JWS_SIGNATURE_INVALID');

    for (const each of [letter('dl-unsealed'), letter('dl-forged')]) {
      const clear = [each.key ?? '', ...Object.keys(each.headers), ...Object.values(each.headers), each.value];
      for (const text of clear.flatMap(readings)) {
        expect(text).not.toContain(number);
        expect(text).not.toContain(first17);
      }
    }

    // Every other role is refused, before anything is opened or audited.
    for (const role of ['auditor', 'clerk', 'dept-admin', 'system'] as const) {
      const token = await f.mintToken(role, role === 'auditor' ? undefined : CDPF.uscc);
      const refused = await f.call(
        'POST',
        '/v1/dead-letters/open',
        { headers: letter('dl-unsealed').headers, value: letter('dl-unsealed').value },
        token,
      );
      expect(refused.status).toBe(403);
      expect(((await refused.json()) as { code: string }).code).toBe('ERR_FORBIDDEN');
    }

    // The security admin gets the originals back.
    const opened: OpenedDeadLetter = await openThroughHub(f, letter('dl-unsealed'));
    expect(opened).toMatchObject({
      sourceTopic: `${p.prefix}licenses.submit`,
      sourceOffset: letter('dl-unsealed').headers['source-offset'],
      errorCode: 'ERR_JWS_MALFORMED',
      truncated: false,
      key: CDPF.uscc,
      headers: { 'message-id': 'dl-unsealed', 'x-holder': id },
      value: unsealed,
    });
    expect(openedText(await openThroughHub(f, letter('dl-forged')))).toBe(forged);

    // Each opening is in the audit log, by source position and keyed digest — never the content.
    const auditor = await f.mintToken('auditor');
    const entries = (await (await f.call('GET', '/v1/audit?action=dead-letter.open&limit=50', undefined, auditor)).json()) as {
      items: { action: string; role: string; target: string; result: string; details: Record<string, unknown> }[];
    };
    const unsealedLetter = letter('dl-unsealed').headers;
    expect(entries.items).toContainEqual(
      expect.objectContaining({
        action: 'dead-letter.open',
        role: 'security-admin',
        result: 'ok',
        target: `${unsealedLetter['source-topic']}/${unsealedLetter['source-partition']}@${unsealedLetter['source-offset']}`,
        details: expect.objectContaining({ originalDigest: unsealedLetter['original-digest'], errorCode: 'ERR_JWS_MALFORMED' }),
      }),
    );
    expect(entries.items.filter((e) => e.action === 'dead-letter.open')).toHaveLength(2);
    expect(JSON.stringify(entries)).not.toContain(first17);

    // A copy whose bound headers were changed does not open; one without them is not a dead letter.
    await expectProblem(
      await f.call('POST', '/v1/dead-letters/open', {
        headers: { ...unsealedLetter, 'source-offset': String(Number(unsealedLetter['source-offset']) + 1) },
        value: letter('dl-unsealed').value,
      }),
      { status: 422, title: 'Unprocessable Content', code: 'ERR_DEAD_LETTER_UNOPENABLE', instance: '/v1/dead-letters/open' },
    );
    await expectProblem(
      await f.call('POST', '/v1/dead-letters/open', { headers: { 'error-code': 'ERR_JWS_MALFORMED' }, value: unsealed }),
      { status: 422, title: 'Unprocessable Content', code: 'ERR_DEAD_LETTER_MALFORMED', instance: '/v1/dead-letters/open' },
    );
    const refusals = (await (await f.call('GET', '/v1/audit?action=dead-letter.open.refused&limit=50', undefined, auditor)).json()) as {
      items: { result: string }[];
    };
    expect(refusals.items.map((e) => e.result).sort()).toEqual(['ERR_DEAD_LETTER_MALFORMED', 'ERR_DEAD_LETTER_UNOPENABLE']);
  });
});
