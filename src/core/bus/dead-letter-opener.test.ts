import { describe, expect, it } from 'vitest';
import { testDeadLetterKeys } from '../../../test/fixtures/dead-letter-keys.js';
import type { AuditEntry } from '../audit/audit-entry.js';
import type { Principal } from '../auth/principal.js';
import { ForbiddenError, MalformedMessageError } from '../errors.js';
import type { OutgoingMessage } from '../ports/message-bus.js';
import { DeadLetterMalformedError, DeadLetterUnopenableError } from './dead-letter-errors.js';
import { createDeadLetterOpener } from './dead-letter-opener.js';
import { createDeadLetterSealer } from './dead-letter-sealer.js';

const admin: Principal = { actor: 'user:admin', role: 'security-admin', department: undefined };
const VALUE = '{"number":"11010519491231002X41"}';

function setup(opts: { record?: (entry: AuditEntry) => Promise<void> } = {}) {
  const keys = testDeadLetterKeys();
  const entries: AuditEntry[] = [];
  const opener = createDeadLetterOpener({
    keys,
    record: opts.record ?? (async (entry) => void entries.push(entry)),
    now: () => new Date('2026-03-01T08:00:00Z'),
  });
  const letter = createDeadLetterSealer(keys).seal(
    {
      topic: 't',
      partition: 1,
      offset: '77',
      key: 'k',
      value: Buffer.from(VALUE),
      headers: { 'message-id': 'm-1', Authorization: 'Bearer system-token' },
      timestamp: 0,
    },
    new MalformedMessageError('bad'),
    'zz.licenses.submit',
  ) as Required<OutgoingMessage> & { value: string };
  const copy = { headers: { ...letter.headers }, value: letter.value };
  return { opener, entries, copy, keys };
}

describe('dead-letter opener', () => {
  it('opens for a security admin and audits the opening, by position and digest, before answering', async () => {
    const { opener, entries, copy } = setup();
    const opened = await opener.open(admin, copy);
    expect(opened.value).toBe(VALUE);
    // The credential among the original headers is not handed out.
    expect(opened.headers).toEqual({ 'message-id': 'm-1', Authorization: '[redacted]' });
    expect(entries).toHaveLength(1);
    expect(entries[0]).toMatchObject({
      action: 'dead-letter.open',
      actor: 'user:admin',
      role: 'security-admin',
      target: 'zz.licenses.submit/1@77',
      result: 'ok',
      details: {
        errorCode: 'ERR_MALFORMED_MESSAGE',
        originalSize: VALUE.length,
        truncated: false,
        originalDigest: copy.headers['original-digest'],
      },
    });
    expect(JSON.stringify(entries)).not.toContain('11010519491231002X');
  });

  it('returns nothing when the opening cannot be audited', async () => {
    const { opener, copy } = setup({ record: async () => Promise.reject(new Error('audit down')) });
    await expect(opener.open(admin, copy)).rejects.toThrow('audit down');
  });

  it.each(['auditor', 'clerk', 'dept-admin', 'system'] as const)('refuses a %s', async (role) => {
    const { opener, entries, copy } = setup();
    await expect(opener.open({ actor: 'x', role, department: undefined }, copy)).rejects.toBeInstanceOf(ForbiddenError);
    expect(entries).toEqual([]);
  });

  it('refuses, with a code and an audited refusal, a copy whose value or bound headers were changed', async () => {
    const { opener, entries, copy } = setup();
    const altered = [
      { ...copy, value: copy.value.slice(0, -4) + (copy.value.endsWith('AAAA') ? 'BBBB' : 'AAAA') },
      { ...copy, headers: { ...copy.headers, 'source-offset': '78' } },
      { ...copy, headers: { ...copy.headers, 'error-code': 'ERR_OTHER' } },
      { ...copy, headers: { ...copy.headers, truncated: 'true' } },
      { ...copy, headers: { ...copy.headers, 'sealed-key-id': 'body-0000000000000000' } },
    ];
    for (const each of altered) await expect(opener.open(admin, each)).rejects.toBeInstanceOf(DeadLetterUnopenableError);
    expect(entries.map((e) => [e.action, e.result])).toEqual(altered.map(() => ['dead-letter.open.refused', 'ERR_DEAD_LETTER_UNOPENABLE']));
  });

  it('refuses a copy sealed by another hub', async () => {
    const { copy } = setup();
    const other = setup();
    await expect(other.opener.open(admin, copy)).rejects.toBeInstanceOf(DeadLetterUnopenableError);
  });

  it('refuses as malformed a copy without the sealed headers (e.g. an old clear copy)', async () => {
    const { opener, entries, copy } = setup();
    const { 'original-digest': _, ...withoutDigest } = copy.headers;
    await expect(opener.open(admin, { ...copy, headers: withoutDigest })).rejects.toBeInstanceOf(DeadLetterMalformedError);
    await expect(opener.open(admin, { ...copy, value: '' })).rejects.toBeInstanceOf(DeadLetterMalformedError);
    await expect(opener.open(admin, { headers: { 'error-code': 'ERR_JWS_MALFORMED' }, value: VALUE })).rejects.toThrow(/original-digest/);
    expect(entries.map((e) => e.result)).toEqual(['ERR_DEAD_LETTER_MALFORMED', 'ERR_DEAD_LETTER_MALFORMED', 'ERR_DEAD_LETTER_MALFORMED']);
  });
});
