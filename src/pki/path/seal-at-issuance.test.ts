import { beforeAll, describe, expect, it } from 'vitest';
import { createPathValidator } from './cached-path-validator.js';
import { createIssuerCheck, type IssuerCheck, type SealStatus } from './seal-at-issuance.js';
import { signSealedJws } from '../jws/sealed-jws-signer.js';
import { makeLeaf, makePki, type LeafFixture, type Pki } from '../../../test/fixtures/pki.js';

const HOUR = 60 * 60_000;
const SERIAL = '0a1b2c';

describe('issuer check at issuance', () => {
  let pki: Pki;
  let expiredSeal: LeafFixture;
  const statuses = new Map<string, SealStatus>();
  const asked: string[] = [];
  let check: IssuerCheck;

  beforeAll(async () => {
    pki = await makePki();
    expiredSeal = await makeLeaf({
      issuer: pki.issuing,
      profile: 'seal',
      // Inside the fixture CAs' validity, which starts a day ago.
      notBefore: new Date(Date.now() - 12 * HOUR),
      notAfter: new Date(Date.now() - HOUR),
    });
    check = createIssuerCheck({
      validator: createPathValidator({ trustAnchors: [pki.root.certificate], requireRevocationCheck: false }),
      sealStatus: async (serial) => {
        asked.push(serial);
        return statuses.get(serial);
      },
    });
  });

  const sealWith = (seal: LeafFixture) =>
    signSealedJws(
      { docNo: '新自然资规〔2024〕15号' },
      {
        signer: seal.signer,
        typ: 'zz-document+jws',
        x5c: [seal.certificate, pki.issuing.certificate].map((c) => Buffer.from(c.rawData).toString('base64')),
      },
    );
  const checkWith = async (status: SealStatus | undefined, createdAt = new Date()) => {
    statuses.clear();
    if (status) statuses.set(SERIAL, status);
    return check({ jws: await sealWith(pki.seal), sealSerial: SERIAL, createdAt });
  };

  it('passes a seal whose path was valid when the hub received the object and that is not revoked', async () => {
    asked.length = 0;
    expect(await checkWith(undefined)).toEqual({ ok: true });
    expect(await checkWith({ status: 'valid' })).toEqual({ ok: true });
    expect(asked).toEqual([SERIAL, SERIAL]);
  });

  it('judges the path as of the receipt time: a seal expired since still vouches for what it sealed', async () => {
    const jws = await sealWith(expiredSeal);
    expect(await check({ jws, sealSerial: SERIAL, createdAt: new Date(Date.now() - 6 * HOUR) })).toEqual({ ok: true });
    expect(await check({ jws, sealSerial: SERIAL, createdAt: new Date() })).toMatchObject({ ok: false, code: 'ERR_CERT_EXPIRED' });
  });

  it('fails once the seal was revoked for key or CA compromise', async () => {
    for (const revocationReason of ['keyCompromise', 'cACompromise']) {
      expect(await checkWith({ status: 'revoked', revocationReason })).toEqual({
        ok: false,
        code: 'ERR_SEAL_KEY_COMPROMISED',
        detail: '签章证书已因私钥泄露被吊销',
      });
    }
  });

  it('keeps earlier seals standing after any other revocation or a suspension', async () => {
    for (const revocationReason of ['superseded', 'affiliationChanged', 'cessationOfOperation']) {
      expect(await checkWith({ status: 'revoked', revocationReason })).toEqual({ ok: true });
    }
    expect(await checkWith({ status: 'suspended' })).toEqual({ ok: true });
  });
});
