import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { crlToPem } from '../pki/ca/crl.js';
import { makeCrl, makePki, type Pki } from '../../test/fixtures/pki.js';
import { UsageError } from './command.js';
import { pkiVerifyCommand } from './pki-verify-command.js';

describe('zhengzhao pki verify', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'zz-pki-verify-'));
  const file = (name: string) => path.join(dir, name);
  let pki: Pki;

  async function run(...args: string[]) {
    const lines: string[] = [];
    const code = await pkiVerifyCommand.run(args, { out: (l) => lines.push(l), err: (l) => lines.push(l) });
    return { code, text: lines.join('\n') };
  }

  beforeAll(async () => {
    pki = await makePki();
    writeFileSync(file('root.pem'), pki.root.certificate.toString('pem'));
    writeFileSync(file('issuing.pem'), pki.issuing.certificate.toString('pem'));
    writeFileSync(file('seal.pem'), pki.seal.certificate.toString('pem'));
    writeFileSync(file('system.pem'), pki.system.certificate.toString('pem'));
    writeFileSync(file('crl.pem'), crlToPem(pki.crl));
    const revoked = await makeCrl(pki.issuing, [
      { serial: pki.seal.certificate.serialNumber.toLowerCase(), revokedAt: new Date(), reason: 'keyCompromise' },
    ]);
    writeFileSync(file('revoked.der'), new Uint8Array(revoked.rawData));
  });

  it('exits 0 for a valid seal path and says when revocation was not checked', async () => {
    const result = await run(file('seal.pem'), '--trust', file('root.pem'), '--untrusted', file('issuing.pem'), '--purpose', 'seal');
    expect(result.code).toBe(0);
    expect(result.text).toContain('OK:');
    expect(result.text).toContain('NOT checked');
    const checked = await run(file('seal.pem'), '--trust', file('root.pem'), '--untrusted', file('issuing.pem'), '--crl', file('crl.pem'));
    expect(checked.code).toBe(0);
    expect(checked.text).toContain('checked against the CRL');
  });

  it('exits 1 with the reason code when the path is invalid', async () => {
    const wrongPurpose = await run(
      file('seal.pem'),
      '--trust',
      file('root.pem'),
      '--untrusted',
      file('issuing.pem'),
      '--purpose',
      'system',
    );
    expect(wrongPurpose).toMatchObject({ code: 1, text: expect.stringContaining('INVALID ERR_CERT_EXTENDED_KEY_USAGE') });
    const revoked = await run(
      file('seal.pem'),
      '--trust',
      file('root.pem'),
      '--untrusted',
      file('issuing.pem'),
      '--crl',
      file('revoked.der'),
    );
    expect(revoked).toMatchObject({ code: 1, text: expect.stringContaining('ERR_CERT_REVOKED') });
    const future = await run(
      file('system.pem'),
      '--trust',
      file('root.pem'),
      '--untrusted',
      file('issuing.pem'),
      '--at',
      '2099-01-01T00:00:00Z',
    );
    expect(future).toMatchObject({ code: 1, text: expect.stringContaining('ERR_CERT_EXPIRED') });
    const untrusted = await run(file('system.pem'), '--trust', file('issuing.pem'));
    expect(untrusted.code).toBe(0);
    const noChain = await run(file('system.pem'), '--trust', file('seal.pem'));
    expect(noChain.code).toBe(1);
  });

  it('treats a missing trust anchor, an unreadable file or a bad purpose as usage errors', async () => {
    await expect(run(file('seal.pem'))).rejects.toBeInstanceOf(UsageError);
    await expect(run(file('nope.pem'), '--trust', file('root.pem'))).rejects.toBeInstanceOf(UsageError);
    await expect(run(file('seal.pem'), '--trust', file('root.pem'), '--purpose', 'tls')).rejects.toBeInstanceOf(UsageError);
  });
});
