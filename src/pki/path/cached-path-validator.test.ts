import { beforeAll, describe, expect, it, vi } from 'vitest';
import { createPathValidator } from './cached-path-validator.js';
import { makeCrl, makePki } from '../../../test/fixtures/pki.js';
import type * as x509 from '../x509.js';

let pki: Awaited<ReturnType<typeof makePki>>;

beforeAll(async () => {
  pki = await makePki();
});

function setup(crls: () => x509.X509Crl[] = () => [pki.crl]) {
  let now = new Date();
  const provider = vi.fn(crls);
  const validator = createPathValidator({
    trustAnchors: [pki.root.certificate],
    crls: provider,
    requireRevocationCheck: true,
    clock: () => now,
  });
  const request = { leaf: pki.seal.certificate.toString('base64'), intermediates: [pki.issuing.certificate], purpose: 'seal' as const };
  return { validator, provider, request, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

describe('createPathValidator', () => {
  it('caches a validated chain by leaf thumbprint and purpose', async () => {
    const { validator, provider, request } = setup();
    const first = await validator.validate(request);
    const second = await validator.validate({ ...request, leaf: pki.seal.certificate.toString('pem') });
    expect(second).toBe(first);
    expect(provider).toHaveBeenCalledTimes(1);
    await validator.validate({ ...request, purpose: 'any' });
    expect(provider).toHaveBeenCalledTimes(2);
    expect(validator.size).toBe(2);
  });

  it('shares one computation between concurrent callers', async () => {
    const { validator, provider, request } = setup();
    const results = await Promise.all([validator.validate(request), validator.validate(request), validator.validate(request)]);
    expect(new Set(results).size).toBe(1);
    expect(provider).toHaveBeenCalledTimes(1);
  });

  it('never answers from the cache past the CRL’s nextUpdate', async () => {
    const { validator, provider, request, advance } = setup();
    await validator.validate(request);
    advance((pki.crl.nextUpdate as Date).getTime() - Date.now() + 1000);
    await expect(validator.validate(request)).rejects.toMatchObject({ code: 'ERR_CRL_STALE' });
    expect(provider).toHaveBeenCalledTimes(2);
  });

  it('does not cache failures', async () => {
    const { validator, provider, request } = setup();
    await expect(validator.validate({ ...request, purpose: 'system' })).rejects.toMatchObject({
      code: 'ERR_CERT_EXTENDED_KEY_USAGE',
    });
    await expect(validator.validate({ ...request, purpose: 'system' })).rejects.toThrow();
    expect(provider).toHaveBeenCalledTimes(2);
    expect(validator.size).toBe(0);
  });

  it('invalidate(serial) and clear() drop cached chains so a revocation takes effect at once', async () => {
    let crl = pki.crl;
    const { validator, request } = setup(() => [crl]);
    await validator.validate(request);
    await validator.validate({ leaf: pki.system.certificate, intermediates: [pki.issuing.certificate], purpose: 'system' });
    expect(validator.size).toBe(2);

    crl = await makeCrl(pki.issuing, [{ serial: pki.seal.certificate.serialNumber, revokedAt: new Date(), reason: 'superseded' }], {
      thisUpdate: new Date(Date.now() - 1000),
    });
    validator.invalidate(pki.seal.certificate.serialNumber.toUpperCase());
    expect(validator.size).toBe(1);
    await expect(validator.validate(request)).rejects.toMatchObject({ code: 'ERR_CERT_REVOKED', extra: { reason: 'superseded' } });

    validator.invalidate(pki.issuing.certificate.serialNumber);
    expect(validator.size).toBe(0);
    await validator.validate({ leaf: pki.system.certificate, intermediates: [pki.issuing.certificate], purpose: 'system' });
    validator.clear();
    expect(validator.size).toBe(0);
  });

  it('does not cache a result computed across an invalidation', async () => {
    const { validator, request } = setup();
    const pending = validator.validate(request);
    validator.clear();
    await pending;
    expect(validator.size).toBe(0);
  });

  it('refuses garbage leaves with a code', async () => {
    const { validator } = setup();
    await expect(validator.validate({ leaf: '%%%', purpose: 'seal' })).rejects.toMatchObject({ code: 'ERR_CERT_MALFORMED' });
  });
});
