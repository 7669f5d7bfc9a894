import { createLocalJWKSet, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { FileSigner } from '../keys/file-signer.js';
import { createReceiptService } from './receipt-service.js';

const claims = {
  jti: '1b4e28ba-2fa1-11d2-883f-0016d3cca427',
  sub: '1.2.156.3005.2.11100000000013338W011.11430000006122244L.20230000403.001.U',
  result: 'valid' as const,
  checks: { integrity: { ok: true }, issuer: { ok: true }, status: { ok: true } },
  status: 'valid',
  caseNo: 'XH2026112400123',
  department: '114313220061234566',
  actor: 'user:clerk1',
  iat: 1_790_000_000,
};

describe('verification receipts', () => {
  it('sign a batch once: every item of one to a hundred verifies with its proof, also after a key rotation', async () => {
    const old = FileSigner.generate('EdDSA');
    const service = await createReceiptService({ current: old, issuer: 'https://hub.example' });
    const context = { caseNo: claims.caseNo, actor: claims.actor, iat: claims.iat };
    for (const size of [1, 2, 3, 20, 100]) {
      const items = Array.from({ length: size }, (_, i) => ({ ...claims, sub: `licence-${i}` }));
      const batch = await service.signBatch(context, items);
      expect(batch.items).toHaveLength(size);
      for (const [i, inclusion] of batch.items.entries()) {
        expect(await service.verifyInclusion(batch.receipt, inclusion)).toMatchObject({ valid: true, claims: { sub: `licence-${i}` } });
      }
    }
    const batch = await service.signBatch(context, [claims, { ...claims, sub: 'other' }]);
    const rotated = await createReceiptService({ current: FileSigner.generate('EdDSA'), previous: [old], issuer: 'https://hub.example' });
    expect(await rotated.verifyInclusion(batch.receipt, batch.items[1] as never)).toMatchObject({ valid: true, claims: { sub: 'other' } });
    // A batch root never passes as a single receipt, nor a single receipt as a batch root.
    expect(await service.verify(batch.receipt)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_HEADER' });
    expect(await service.verifyInclusion(await service.sign(claims), batch.items[0] as never)).toMatchObject({
      valid: false,
      code: 'ERR_RECEIPT_HEADER',
    });
    const swapped = { ...(batch.items[0] as { claims: string; index: number; proof: string[] }), claims: batch.items[1]?.claims as string };
    expect(await service.verifyInclusion(batch.receipt, swapped)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_INCLUSION_INVALID' });
  });

  it('sign with Ed25519 and verify offline with nothing but the JWKS (jose as an independent verifier)', async () => {
    const service = await createReceiptService({ current: FileSigner.generate('EdDSA'), issuer: 'https://hub.example' });
    const receipt = await service.sign(claims);
    const { payload, protectedHeader } = await jwtVerify(receipt, createLocalJWKSet(service.jwks() as never), {
      algorithms: ['EdDSA'],
      typ: 'zz-receipt+jwt',
      issuer: 'https://hub.example',
    });
    expect(payload).toMatchObject({ sub: claims.sub, result: 'valid', caseNo: claims.caseNo });
    expect(protectedHeader.kid).toBe((service.jwks().keys[0] as { kid: string }).kid);
    expect(await service.verify(receipt)).toMatchObject({ valid: true, claims: { caseNo: claims.caseNo } });
  });

  it('refuses forged, re-signed and foreign receipts', async () => {
    const service = await createReceiptService({ current: FileSigner.generate('EdDSA'), issuer: 'https://hub.example' });
    const receipt = await service.sign(claims);
    const [h, , s] = receipt.split('.');
    const altered = `${h}.${Buffer.from(JSON.stringify({ ...claims, iss: 'https://hub.example', result: 'valid', caseNo: 'OTHER' })).toString('base64url')}.${s}`;
    expect(await service.verify(altered)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_SIGNATURE_INVALID' });
    const foreign = await (
      await createReceiptService({ current: FileSigner.generate('EdDSA'), issuer: 'https://hub.example' })
    ).sign(claims);
    expect(await service.verify(foreign)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_KEY_UNKNOWN' });
    const none = `${Buffer.from('{"alg":"none","typ":"zz-receipt+jwt"}').toString('base64url')}.${receipt.split('.')[1]}.x`;
    expect(await service.verify(none)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_HEADER' });
    expect(await service.verify('garbage')).toMatchObject({ valid: false, code: 'ERR_RECEIPT_MALFORMED' });
  });

  it('keeps accepting receipts of the previous key after a rotation, and publishes both keys', async () => {
    const old = FileSigner.generate('EdDSA');
    const before = await createReceiptService({ current: old, issuer: 'https://hub.example' });
    const receipt = await before.sign(claims);
    const after = await createReceiptService({ current: FileSigner.generate('EdDSA'), previous: [old], issuer: 'https://hub.example' });
    expect(after.jwks().keys).toHaveLength(2);
    expect(await after.verify(receipt)).toMatchObject({ valid: true });
    await expect(createReceiptService({ current: FileSigner.generate('ES256'), issuer: 'x' })).rejects.toThrow(TypeError);
  });

  it('verifies a statement of its own typ only: a package never passes as a receipt, nor a receipt as a package', async () => {
    const service = await createReceiptService({ current: FileSigner.generate('EdDSA'), issuer: 'https://hub.example' });
    const statement = await service.signStatement('zz-material-package+jwt', { caseNo: 'XH1' });
    expect(await service.verifyStatement('zz-material-package+jwt', statement)).toMatchObject({ valid: true, claims: { caseNo: 'XH1' } });
    expect(await service.verifyStatement('zz-other+jwt', statement)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_HEADER' });
    expect(await service.verify(statement)).toMatchObject({ valid: false, code: 'ERR_RECEIPT_HEADER' });
    const [h, , s] = statement.split('.') as [string, string, string];
    const forged = `${h}.${Buffer.from(JSON.stringify({ iss: 'https://hub.example', caseNo: 'XH2' })).toString('base64url')}.${s}`;
    expect(await service.verifyStatement('zz-material-package+jwt', forged)).toMatchObject({
      valid: false,
      code: 'ERR_RECEIPT_SIGNATURE_INVALID',
    });
    await expect(service.verifyStatement('zz-receipt+jwt', await service.sign(claims))).rejects.toThrow(TypeError);
  });
});
