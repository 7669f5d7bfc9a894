import { describe, expect, it } from 'vitest';
import { createSchemaRegistry } from '../../contracts/schema-registry.js';
import type { Principal } from '../auth/principal.js';
import { PayloadTooLargeError, ValidationError } from '../errors.js';
import { SealedJwsSignatureError } from '../seals/seal-errors.js';
import { MAX_DOCUMENT_FILE_BYTES } from './document.js';
import { DocumentConflictError, DocumentFileMismatchError, DocumentIssuerMismatchError } from './document-errors.js';
import { fakeSealVerifier, FILE, ISSUER, record, type SealOutcome } from '../../../test/fixtures/documents.js';
import { InMemoryDocumentRepository } from './in-memory-document-repository.js';
import { publishDocument } from './publish-document.js';

const contracts = createSchemaRegistry();
const system: Principal = { actor: 'token:1', role: 'system', department: ISSUER.uscc };
const NOW = new Date('2024-06-11T08:00:00Z');
const pdf = (bytes = FILE) => ({ bytes, name: '批复.pdf', mediaType: 'application/pdf' });

function setup(outcomes: Record<string, SealOutcome>) {
  const documents = new InMemoryDocumentRepository();
  const seals = fakeSealVerifier(new Map(Object.entries(outcomes)));
  const deps = { documents, contracts, seals, assertActiveDepartment: async () => undefined, now: () => NOW };
  return {
    documents,
    seals,
    publish: (jws: string, file?: ReturnType<typeof pdf>, caller = system) => publishDocument(deps, caller, { jws, file }),
  };
}

describe('publishDocument', () => {
  it('keeps the sealed record, checked as of now, with the file when its hash is the sealed one', async () => {
    const { publish, documents, seals } = setup({ a: { payload: { ...record() } } });
    const published = await publish('a', pdf());
    expect(published).toMatchObject({ created: true, docNo: record().docNo, issuer: ISSUER, sha256: record().sha256, stored: true });
    expect(seals.calls).toEqual([{ at: NOW, checkPath: true }]);
    const kept = await documents.find(published.id);
    expect(kept).toMatchObject({ jws: 'a', sealSerial: '0a1b2c', createdAt: NOW, fileStored: true, title: record().title });
  });

  it('answers the kept record to the same JWS, and to the same content sealed again; a later file completes it', async () => {
    const { publish } = setup({ a: { payload: { ...record() } }, b: { payload: { ...record() } } });
    const first = await publish('a');
    expect(first.stored).toBe(false);
    expect(await publish('a')).toEqual({ ...first, created: false });
    expect(await publish('b', pdf())).toEqual({ ...first, created: false, stored: true });
  });

  it('refuses other content under a 文号 the issuer already holds', async () => {
    const { publish } = setup({ a: { payload: { ...record() } }, b: { payload: { ...record({ title: '另一份批复' }) } } });
    await publish('a');
    await expect(publish('b')).rejects.toBeInstanceOf(DocumentConflictError);
  });

  it('refuses a file whose SHA-256 is not the sealed one, and a file over the limit before any check', async () => {
    const { publish, seals } = setup({ a: { payload: { ...record() } } });
    await expect(publish('a', pdf(new TextEncoder().encode('another file')))).rejects.toBeInstanceOf(DocumentFileMismatchError);
    seals.calls.length = 0;
    await expect(publish('a', pdf(new Uint8Array(MAX_DOCUMENT_FILE_BYTES + 1)))).rejects.toBeInstanceOf(PayloadTooLargeError);
    expect(seals.calls).toEqual([]);
  });

  it('requires the seal, the issuer and the caller to be one department', async () => {
    const other = '114313220061234566';
    const { publish } = setup({ foreignSeal: { payload: { ...record() }, sealUscc: other }, a: { payload: { ...record() } } });
    await expect(publish('foreignSeal')).rejects.toBeInstanceOf(DocumentIssuerMismatchError);
    await expect(publish('a', undefined, { ...system, department: other })).rejects.toBeInstanceOf(DocumentIssuerMismatchError);
  });

  it('refuses records off the contract with JSON pointers, and bad credit codes by their check char', async () => {
    const { publish } = setup({
      schema: { payload: { ...record({ sha256: 'ABC' }), extra: 1 } },
      uscc: { payload: { ...record({ issuer: { uscc: '11431322MB1D23456C', name: ISSUER.name } }) }, sealUscc: '11431322MB1D23456C' },
    });
    const schema = await publish('schema').catch((e: unknown) => e);
    expect(schema).toBeInstanceOf(ValidationError);
    expect((schema as ValidationError).errors?.map((e) => e.pointer)).toEqual(expect.arrayContaining(['/sha256']));
    const uscc = await publish('uscc', undefined, { ...system, department: '11431322MB1D23456C' }).catch((e: unknown) => e);
    expect((uscc as ValidationError).errors).toEqual([expect.objectContaining({ pointer: '/issuer/uscc' })]);
  });

  it('passes seal failures on with their own codes', async () => {
    const { publish } = setup({ tampered: { payload: {}, error: new SealedJwsSignatureError('altered') } });
    await expect(publish('tampered')).rejects.toMatchObject({ code: 'ERR_JWS_SIGNATURE_INVALID' });
  });
});
