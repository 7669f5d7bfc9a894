/**
 * One polled batch of `licenses.submit` mixing new licences, refusals and duplicates: every message
 * gets its own answer, the accepted licences are written by one transaction, each is announced once,
 * and the audit chain holds exactly one entry per licence created (and one per seal refusal), in the
 * order of the submissions.
 */
import { describe, expect, it } from 'vitest';
import { examplePayload, FOOD_LICENSE } from './license-payloads.js';
import { useSubmissionHub } from './reliability-hubs.js';
import { SAMR } from './reliability-submissions.js';

describe('a mixed batch on licenses.submit', () => {
  const hub = useSubmissionHub();

  const answers = (messageId: string) =>
    hub()
      .probe.seen('licenses.results')
      .filter((m) => m.headers['message-id'] === messageId)
      .map((m) => JSON.parse(m.value) as { messageId: string; ok: boolean; licenseId?: string; error?: { code: string } });

  it('answers each message, stores each new licence once in one transaction, and audits in submission order', async () => {
    const { samr, probe, fixture } = hub();
    const food = (number: string) => examplePayload(FOOD_LICENSE, SAMR, number);
    const stored = samr.seal(food('JY24313220009000'));
    // Stored before the batch: resubmitting it inside the batch must answer, not create.
    await probe.produce('licenses.submit', [{ key: SAMR.uscc, value: stored, headers: { 'message-id': 'b-before' } }]);
    await probe.waitFor('licenses.results', () => answers('b-before').length === 1);
    const [storedAnswer] = answers('b-before');

    const a = samr.seal(food('JY24313220009001'));
    const b = samr.seal(food('JY24313220009002'));
    const d = samr.seal(food('JY24313220009004'));
    const invalid = food('JY24313220009003');
    delete invalid.validUntil;
    const conflicting = food('JY24313220009002');
    conflicting.validUntil = '2099-12-31';
    const [header, , signature] = samr.seal(food('JY24313220009005')).split('.');
    const forged = `${header}.${Buffer.from(JSON.stringify(food('JY24313220009006'))).toString('base64url')}.${signature}`;
    const batch: [string, string][] = [
      ['b-a', a],
      ['b-invalid', samr.seal(invalid)],
      ['b-b', b],
      ['b-a-again', a], // the same licence under another message id
      ['b-forged', forged],
      ['b-conflict', samr.seal(conflicting)], // B's identifier with other content
      ['b-stored', stored],
      ['b-d', d],
      ['b-a', a], // the same message redelivered
    ];
    // One produce request, one key: one record batch on one partition, polled as one batch.
    await probe.produce(
      'licenses.submit',
      batch.map(([messageId, value]) => ({ key: SAMR.uscc, value, headers: { 'message-id': messageId } })),
    );
    await probe.waitFor('licenses.results', () => answers('b-a').length === 2 && answers('b-d').length === 1, 60_000);

    const [first, second] = answers('b-a');
    expect(first).toMatchObject({ ok: true, licenseId: expect.stringContaining('.JY24313220009001.001.') });
    expect(second).toEqual(first);
    expect(answers('b-a-again')).toEqual([{ ...first, messageId: 'b-a-again' }]);
    const [answerB] = answers('b-b');
    expect(answerB).toMatchObject({ ok: true, licenseId: expect.stringContaining('.JY24313220009002.001.') });
    const [answerD] = answers('b-d');
    expect(answerD).toMatchObject({ ok: true, licenseId: expect.stringContaining('.JY24313220009004.001.') });
    expect(answers('b-stored')).toEqual([{ ...storedAnswer, messageId: 'b-stored' }]);
    expect(answers('b-invalid')).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'ERR_VALIDATION' }) }),
    ]);
    expect(answers('b-forged')).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'ERR_JWS_SIGNATURE_INVALID' }) }),
    ]);
    expect(answers('b-conflict')).toEqual([
      expect.objectContaining({ ok: false, error: expect.objectContaining({ code: 'ERR_LICENSE_CONFLICT' }) }),
    ]);

    const created = [first?.licenseId, answerB?.licenseId, answerD?.licenseId] as string[];
    const rows = await fixture.db.sql<{ id: string; created_at: Date }[]>`
      select id, created_at from licenses where number like 'JY2431322000900%' order by number`;
    expect(rows.map((r) => r.id)).toEqual([storedAnswer?.licenseId, ...created]);
    // created_at is stamped once per insert: the three new licences were written by one insert, in one transaction.
    expect(new Set(rows.slice(1).map((r) => r.created_at.toISOString())).size).toBe(1);

    // Each licence announced once (at-least-once may repeat an event, never mint a second one).
    await probe.waitFor('licenses.events', (all) => created.every((id) => all.some((e) => e.key === id)));
    for (const id of [...created, storedAnswer?.licenseId]) {
      const events = probe.seen('licenses.events').filter((e) => e.key === id);
      expect(new Set(events.map((e) => (JSON.parse(e.value) as { eventId: string }).eventId)).size).toBe(1);
    }

    // One entry per licence created and one for the forged seal, consecutive in the chain and in submission order.
    const audited = await fixture.db.sql<{ seq: number; action: string; target: string | null; result: string }[]>`
      select seq::int as seq, action, target, result from audit_log
      where action in ('license.publish', 'license.publish.refused')
        and seq > (select seq from audit_log where action = 'license.publish' and target = ${storedAnswer?.licenseId ?? ''})
      order by chain_id, seq`;
    expect(audited.map(({ action, target, result }) => ({ action, target, result }))).toEqual([
      { action: 'license.publish', target: created[0], result: 'ok' },
      { action: 'license.publish', target: created[1], result: 'ok' },
      { action: 'license.publish.refused', target: null, result: 'ERR_JWS_SIGNATURE_INVALID' },
      { action: 'license.publish', target: created[2], result: 'ok' },
    ]);
    const seqs = audited.map((e) => e.seq);
    expect(seqs).toEqual(seqs.map((_, i) => (seqs[0] as number) + i));
    const auditor = await fixture.mintToken('auditor');
    const verified = (await (await fixture.call('GET', '/v1/audit/verify', undefined, auditor)).json()) as { ok: boolean };
    expect(verified.ok).toBe(true);
  });
});
