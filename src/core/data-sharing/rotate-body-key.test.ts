import { describe, expect, it } from 'vitest';
import type { AuditEntry } from '../audit/audit-entry.js';
import { rotateBodyKey } from './rotate-body-key.js';

describe('rotateBodyKey', () => {
  const admin = { actor: 'token:admin', role: 'security-admin' as const, department: undefined };
  const at = new Date('2026-12-07T12:00:00Z');

  it('rotates, tells every instance, then records who rotated to which key', async () => {
    const entries: AuditEntry[] = [];
    const notices: string[] = [];
    const answer = await rotateBodyKey(
      {
        keys: { rotate: async () => ({ keyId: 'body-new' }) },
        audit: { record: async (e) => void entries.push(e) },
        changes: { notify: async (topic) => void notices.push(topic) },
        now: () => at,
      },
      admin,
    );
    expect(answer).toEqual({ keyId: 'body-new' });
    expect(notices).toEqual(['body-keys']);
    expect(entries).toEqual([
      expect.objectContaining({ action: 'data.body-key.rotate', actor: 'token:admin', target: 'body-new', result: 'ok', at }),
    ]);
  });

  it('tells nobody and records nothing when the rotation failed', async () => {
    const entries: AuditEntry[] = [];
    const notices: string[] = [];
    const failing = { rotate: async () => Promise.reject(new Error('store locked')) };
    await expect(
      rotateBodyKey(
        {
          keys: failing,
          audit: { record: async (e) => void entries.push(e) },
          changes: { notify: async (topic) => void notices.push(topic) },
          now: () => at,
        },
        admin,
      ),
    ).rejects.toThrow('store locked');
    expect([entries, notices]).toEqual([[], []]);
  });
});
