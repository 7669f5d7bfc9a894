import { describe, expect, it } from 'vitest';
import { SealedJwsSignatureError } from '../seals/seal-errors.js';
import { ValidationError } from '../errors.js';
import { DocumentAmbiguousError } from './document-errors.js';
import { fakeSealVerifier, FILE, FILE_SHA256, ISSUER, record, type SealOutcome } from '../../../test/fixtures/documents.js';
import { InMemoryDocumentRepository } from './in-memory-document-repository.js';
import { verifyDocument, type DocumentCheck, type VerifyDocumentDeps } from './verify-document.js';

const SEALED_AT = new Date('2024-06-11T08:00:00Z');
const OTHER = { uscc: '114313220061234566', name: '新化县市场监督管理局' };

/** The issuer check itself (path at sealing time, compromise since) is tested in pki/seal-at-issuance. */
async function setup(outcome: Partial<SealOutcome> = {}, issuerCheck: DocumentCheck = { ok: true }) {
  const documents = new InMemoryDocumentRepository();
  const payload = { ...record() };
  await documents.insert(
    { id: crypto.randomUUID(), ...record(), jws: 'a', digest: 'd'.repeat(64), sealSerial: '0a1b2c', createdAt: SEALED_AT },
    undefined,
  );
  const sealHistory = fakeSealVerifier(new Map([['a', { payload, ...outcome }]]));
  const issuerCalls: Parameters<VerifyDocumentDeps['checkIssuer']>[0][] = [];
  const checkIssuer: VerifyDocumentDeps['checkIssuer'] = async (sealed) => {
    issuerCalls.push(sealed);
    return issuerCheck;
  };
  const deps = { documents, sealHistory, checkIssuer };
  return { documents, sealHistory, issuerCalls, verify: (input: Parameters<typeof verifyDocument>[1]) => verifyDocument(deps, input) };
}

const OK = { ok: true };

describe('verifyDocument', () => {
  it('finds a document valid by 文号 and hash, judging the seal as of when the hub accepted it', async () => {
    const { verify, sealHistory, issuerCalls } = await setup();
    const verdict = await verify({ docNo: record().docNo, sha256: FILE_SHA256.toUpperCase() });
    expect(verdict).toEqual({
      result: 'valid',
      checks: { integrity: OK, issuer: OK, content: OK },
      document: { docNo: record().docNo, title: record().title, issuer: ISSUER, issuedAt: '2024-06-10' },
    });
    expect(sealHistory.calls).toEqual([{ at: SEALED_AT, checkPath: false }]);
    expect(issuerCalls).toEqual([{ jws: 'a', sealSerial: '0a1b2c', createdAt: SEALED_AT }]);
  });

  it('hashes an uploaded file; another file fails the content check only', async () => {
    const { verify } = await setup();
    expect((await verify({ docNo: record().docNo, file: FILE })).result).toBe('valid');
    const changed = await verify({ docNo: record().docNo, file: new TextEncoder().encode('changed') });
    expect(changed.result).toBe('invalid');
    expect(changed.checks).toEqual({
      integrity: OK,
      issuer: OK,
      content: expect.objectContaining({ ok: false, code: 'ERR_DOCUMENT_HASH_MISMATCH' }),
    });
  });

  it('answers not_found for an unknown 文号, or an issuer that does not use it', async () => {
    const { verify } = await setup();
    const unknown = await verify({ docNo: '新政发〔1999〕1号', sha256: FILE_SHA256 });
    expect(unknown.result).toBe('not_found');
    expect(unknown.checks.content).toMatchObject({ ok: false, code: 'ERR_DOCUMENT_NOT_FOUND' });
    expect(unknown.document).toBeUndefined();
    expect((await verify({ docNo: record().docNo, issuer: OTHER.uscc, sha256: FILE_SHA256 })).result).toBe('not_found');
  });

  it('asks for the issuer when several use the 文号', async () => {
    const { verify, documents } = await setup();
    await documents.insert(
      { id: crypto.randomUUID(), ...record({ issuer: OTHER }), jws: 'b', digest: 'e'.repeat(64), sealSerial: '0d', createdAt: SEALED_AT },
      undefined,
    );
    const error = await verify({ docNo: record().docNo, sha256: FILE_SHA256 }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(DocumentAmbiguousError);
    expect((error as DocumentAmbiguousError).extra).toEqual({ issuers: [OTHER, ISSUER].sort((a, b) => a.uscc.localeCompare(b.uscc)) });
    expect((await verify({ docNo: record().docNo, issuer: ISSUER.uscc, sha256: FILE_SHA256 })).result).toBe('valid');
  });

  it('fails integrity when the kept JWS no longer verifies', async () => {
    const { verify } = await setup({ error: new SealedJwsSignatureError('altered') });
    const verdict = await verify({ docNo: record().docNo, sha256: FILE_SHA256 });
    expect(verdict.result).toBe('invalid');
    expect(verdict.checks.integrity).toMatchObject({ ok: false, code: 'ERR_JWS_SIGNATURE_INVALID' });
  });

  it('fails integrity when the kept record differs from its sealed content', async () => {
    const { verify } = await setup({ payload: { ...record({ title: '被改过的标题' }) } });
    const verdict = await verify({ docNo: record().docNo, sha256: FILE_SHA256 });
    expect(verdict.checks).toMatchObject({ integrity: { ok: false, code: 'ERR_DOCUMENT_RECORD_MISMATCH' }, issuer: OK });
  });

  it('is invalid when the issuer check fails, reporting its code beside the passing checks', async () => {
    const compromised = { ok: false, code: 'ERR_SEAL_KEY_COMPROMISED', detail: '签章证书已因私钥泄露被吊销' };
    const { verify } = await setup({}, compromised);
    const verdict = await verify({ docNo: record().docNo, sha256: FILE_SHA256 });
    expect(verdict).toMatchObject({ result: 'invalid', checks: { integrity: OK, issuer: compromised, content: OK } });
  });

  it('needs a hash or a file', async () => {
    const { verify } = await setup();
    await expect(verify({ docNo: record().docNo })).rejects.toBeInstanceOf(ValidationError);
    await expect(verify({ docNo: record().docNo, sha256: 'abc' })).rejects.toBeInstanceOf(ValidationError);
  });
});
