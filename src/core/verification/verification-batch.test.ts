import { describe, expect, it } from 'vitest';
import type { ReceiptClaims } from '../ports/receipt-signer.js';
import type { CheckedVerification, VerificationRequest } from './verification.js';
import { createVerificationBatch } from './verification-batch.js';
import { VerificationRateLimitedError } from './verification-errors.js';

describe('createVerificationBatch: refused items', () => {
  const caller = { actor: 'user:clerk', role: 'clerk' as const, department: '11431322MB1E48273Y' };
  const purpose = { caseNo: 'XH2026120700042' };
  const checked: string[] = [];
  const signed: ReceiptClaims[][] = [];
  const batch = createVerificationBatch({
    async check(_caller, request: VerificationRequest): Promise<CheckedVerification> {
      checked.push(request.licenseId ?? '');
      if (request.licenseId === 'refused') throw new VerificationRateLimitedError('too many verifications; slow down');
      const claims = {
        jti: request.licenseId ?? '',
        sub: request.licenseId ?? '',
        result: 'valid',
        checks: {},
        ...purpose,
        actor: caller.actor,
        iat: 1,
      };
      return { answer: { result: 'valid', checks: {}, checkedAt: '2026-12-07T08:00:00.000Z' }, claims: claims as ReceiptClaims };
    },
    receipts: {
      signBatch: async (_context, items) => {
        signed.push([...items]);
        return { receipt: 'root', items: items.map((c, index) => ({ claims: c.sub, index, proof: [] })) };
      },
    },
    now: () => new Date('2026-12-07T08:00:00Z'),
  });
  const items = [{ licenseId: 'a' }, { licenseId: 'refused' }, { licenseId: 'b' }];

  it('answers a refused item with its code in place and signs the others', async () => {
    signed.length = 0;
    const answer = await batch(caller, items, purpose);
    expect(answer.items[1]).toEqual({ error: { code: 'ERR_VERIFICATION_RATE_LIMITED', detail: 'too many verifications; slow down' } });
    expect(signed.map((s) => s.map((c) => c.sub))).toEqual([['a', 'b']]);
  });

  it('fails the whole batch with the refusal, signing nothing, when asked to', async () => {
    signed.length = 0;
    checked.length = 0;
    await expect(batch(caller, items, purpose, { refusals: 'throw' })).rejects.toBeInstanceOf(VerificationRateLimitedError);
    expect(checked).toEqual(['a', 'refused', 'b']);
    expect(signed).toEqual([]);
  });
});
