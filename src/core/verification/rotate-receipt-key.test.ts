import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.js';
import { rotateReceiptKey } from './rotate-receipt-key.js';

describe('rotateReceiptKey', () => {
  const admin = { actor: 'token:admin', role: 'security-admin' as const, department: undefined };
  const at = new Date('2026-12-07T12:00:00Z');

  it('rotates, tells every instance, then records who rotated to which key', async () => {
    const entries: AuditEntry[] = [];
    const notices: string[] = [];
    const answer = await rotateReceiptKey(
      {
        keys: { rotate: async () => ({ kid: 'new-kid' }) },
        audit: { record: async (e) => void entries.push(e) },
        changes: { notify: async (topic) => void notices.push(topic) },
        now: () => at,
      },
      admin,
    );
    expect(answer).toEqual({ kid: 'new-kid' });
    expect(notices).toEqual(['receipt-keys']);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'receipt-key.rotate', actor: 'token:admin', target: 'new-kid', result: 'ok', at }),
    ]);
  });

  it('records nothing when the rotation failed', async () => {
    const entries: AuditEntry[] = [];
    const failing = { rotate: async () => Promise.reject(new Error('store locked')) };
    await expect(
      rotateReceiptKey(
        { keys: failing, audit: { record: async (e) => void entries.push(e) }, changes: { notify: async () => {} }, now: () => at },
        admin,
      ),
    ).rejects.toThrow('store locked');
    expect(entries).toEqual([]);
  });
});
