import { describe, expect, it } from 'vitest';
import { FIXTURE_PASSPHRASE } from '../../../test/fixtures/pki.js';
import type { ReceiptClaims } from '../../core/ports/receipt-signer.js';
import { InMemoryCaMaterialStore } from '../ca/in-memory-ca-material-store.js';
import { openReceiptKeyRing } from './receipt-key-ring.js';

const claims: ReceiptClaims = { jti: 'r-1', sub: 'licence', result: 'valid', checks: {}, caseNo: 'C-1', actor: 'clerk', iat: 1 };

describe('receipt key ring', () => {
  it('rotates to a new key, keeps the old receipts verifying, and another instance loads the same keys', async () => {
    const store = new InMemoryCaMaterialStore();
    const withStore = <T>(work: (s: InMemoryCaMaterialStore) => Promise<T>) => work(store);
    const ring = await openReceiptKeyRing({ withStore, passphrase: FIXTURE_PASSPHRASE, issuer: 'https://hub.test' });
    const before = await ring.sign(claims);
    const oldKid = (ring.jwks().keys[0] as { kid: string }).kid;

    const { kid } = await ring.rotate();
    expect(kid).not.toBe(oldKid);
    expect(ring.jwks().keys.map((k) => k.kid)).toEqual([kid, oldKid]);
    expect(await ring.verify(before)).toMatchObject({ valid: true, kid: oldKid });
    expect(await ring.verify(await ring.sign(claims))).toMatchObject({ valid: true, kid });

    const restarted = await openReceiptKeyRing({ withStore, passphrase: FIXTURE_PASSPHRASE, issuer: 'https://hub.test' });
    expect(restarted.jwks().keys.map((k) => k.kid)).toEqual([kid, oldKid]);
  });
});
