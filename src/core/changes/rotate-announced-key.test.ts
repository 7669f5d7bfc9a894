import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.js';
import { KeyRings, rotateAnnouncedKey } from './rotate-announced-key.js';

describe('rotateAnnouncedKey', () => {
  const admin = { actor: 'token:admin', role: 'security-admin' as const, department: undefined };
  const at = new Date('2026-12-07T12:00:00Z');

  it.each([
    ['receipts', KeyRings.receipts, { kid: 'new-kid' }, 'receipt-keys', 'receipt-key.rotate', 'new-kid'],
    ['licence rows', KeyRings.licenceRows, { kid: 'row-kid' }, 'row-mac-keys', 'license-row-key.rotate', 'row-kid'],
    ['exchange bodies', KeyRings.exchangeBodies, { keyId: 'body-key' }, 'body-keys', 'data.body-key.rotate', 'body-key'],
  ] as const)(
    '%s: rotates, tells every instance, then records who rotated to which key',
    async (_, ring, rotated, topic, action, target) => {
      const entries: AuditEntry[] = [];
      const notices: string[] = [];
      const answer = await rotateAnnouncedKey(
        ring,
        {
          keys: { rotate: async () => rotated },
          audit: { record: async (e) => void entries.push(e) },
          changes: { notify: async (t) => void notices.push(t) },
          now: () => at,
        },
        admin,
      );
      expect(answer).toEqual(rotated);
      expect(notices).toEqual([topic]);
      expect(entries).toEqual([expect.objectContaining({ action, actor: 'token:admin', target, result: 'ok', at })]);
    },
  );

  it('tells no one and records nothing when the rotation failed', async () => {
    const entries: AuditEntry[] = [];
    const notices: string[] = [];
    const failing = { rotate: async (): Promise<{ kid: string }> => Promise.reject(new Error('store locked')) };
    await expect(
      rotateAnnouncedKey(
        KeyRings.receipts,
        {
          keys: failing,
          audit: { record: async (e) => void entries.push(e) },
          changes: { notify: async (t) => void notices.push(t) },
          now: () => at,
        },
        admin,
      ),
    ).rejects.toThrow('store locked');
    expect([entries, notices]).toEqual([[], []]);
  });
});
