import { beforeAll, describe, expect, it } from 'vitest';
import { makeCa } from '../../../test/fixtures/pki.js';
import type { CertificateIssuer } from '../ca/sign-certificate.js';
import { createCrl } from '../ca/crl.js';
import { createRevocationCache } from './revocation-cache.js';
import type { SealStatus } from './seal-at-issuance.js';

let ca: CertificateIssuer;
beforeAll(async () => {
  ca = await makeCa({ name: 'Revocation Cache CA' });
});

const crlOf = async (serials: string[], crlNumber: number) =>
  new Uint8Array(
    (await createCrl({ issuer: ca, crlNumber, entries: serials.map((serial) => ({ serial, revokedAt: new Date() })) })).rawData,
  );

describe('revocation cache', () => {
  it('knows the serials of the newest CRL only', async () => {
    const cache = createRevocationCache({ lookup: async () => undefined });
    expect(cache.isOnCrl('0a01')).toBe(false);
    cache.onNewCrl(await crlOf(['0a01', '0a02'], 1));
    expect([cache.isOnCrl('0a01'), cache.isOnCrl('0a02'), cache.isOnCrl('0a03')]).toEqual([true, true, false]);
    cache.onNewCrl(await crlOf(['0a03'], 2));
    expect([cache.isOnCrl('0a01'), cache.isOnCrl('0a03')]).toEqual([false, true]);
  });

  it('reads a seal status once per CRL and afresh after a new one', async () => {
    let current: SealStatus = { status: 'valid' };
    let lookups = 0;
    const cache = createRevocationCache({
      lookup: async () => {
        lookups += 1;
        return current;
      },
    });
    expect(await cache.sealStatus('0b01')).toEqual({ status: 'valid' });
    expect(await cache.sealStatus('0b01')).toEqual({ status: 'valid' });
    expect(lookups).toBe(1);
    current = { status: 'revoked', revocationReason: 'keyCompromise' };
    cache.onNewCrl(await crlOf(['0b01'], 3));
    expect(await cache.sealStatus('0b01')).toEqual(current);
    expect(lookups).toBe(2);
  });

  it('does not keep a failed lookup, and stays bounded', async () => {
    let fail = true;
    let lookups = 0;
    const cache = createRevocationCache({
      maxEntries: 2,
      lookup: async (serial) => {
        lookups += 1;
        if (fail) throw new Error('database down');
        return { status: serial === '0c01' ? 'suspended' : 'valid' };
      },
    });
    expect(await cache.sealStatus('0c01')).toBeUndefined();
    fail = false;
    expect(await cache.sealStatus('0c01')).toEqual({ status: 'suspended' });
    await cache.sealStatus('0c02');
    await cache.sealStatus('0c03'); // full: emptied, then holds 0c03 only
    const before = lookups;
    await cache.sealStatus('0c01');
    expect(lookups).toBe(before + 1);
  });
});
