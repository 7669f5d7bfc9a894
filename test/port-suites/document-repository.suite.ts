/**
 * @module test/port-suites/document-repository.suite
 * What every `DocumentRepository` owes the document use cases (core/ports/document-repository.ts):
 * a 文号 is held once per issuer and racing inserts leave one winner that everyone reads back, a
 * file is kept with its record or attached once later, and lookups by 文号 span issuers unless one
 * is named. Run against the in-memory store (unit) and PostgreSQL (integration). The issuers used
 * here must exist as departments where the store requires it.
 */
import { createHash, randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { DocumentFile } from '../../src/core/documents/document.js';
import type { DocumentRepository, NewDocument } from '../../src/core/ports/document-repository.js';

export const CONTRACT_ISSUERS = [
  { uscc: '11431322MB1D23456B', name: '新化县自然资源局' },
  { uscc: '114313220061234566', name: '新化县市场监督管理局' },
] as const;
const [A, B] = CONTRACT_ISSUERS;

function newDocument(docNo: string, issuer: { uscc: string; name: string } = A): NewDocument {
  const sha256 = createHash('sha256').update(docNo).digest('hex');
  return {
    id: randomUUID(),
    docNo,
    title: `关于${docNo}的批复`,
    issuer: { ...issuer },
    issuedAt: '2024-06-10',
    sha256,
    jws: `header.${randomUUID()}.signature`,
    digest: createHash('sha256').update(randomUUID()).digest('hex'),
    sealSerial: '0a1b2c',
    createdAt: new Date('2024-06-11T08:00:00.000Z'),
  };
}

const pdf = (text: string): DocumentFile => ({
  bytes: new TextEncoder().encode(`%PDF-1.7 ${text}`),
  name: '批复.pdf',
  mediaType: 'application/pdf',
});

export function describeDocumentRepositoryContract(name: string, factory: () => Promise<DocumentRepository>): void {
  describe(`DocumentRepository contract: ${name}`, () => {
    it('keeps a record with its file and reads both back', async () => {
      const store = await factory();
      const document = newDocument(`新自然资规〔2024〕${randomUUID()}号`);
      const { inserted, document: kept } = await store.insert(document, pdf('one'));
      expect(inserted).toBe(true);
      expect(kept).toEqual({ ...document, fileStored: true });
      expect(await store.find(document.id)).toEqual(kept);
      expect(await store.file(document.id)).toEqual(pdf('one'));
    });

    it('answers the holder when the issuer already holds the 文号', async () => {
      const store = await factory();
      const first = newDocument(`新政发〔2024〕${randomUUID()}号`);
      await store.insert(first, undefined);
      const second = { ...newDocument(first.docNo), title: '另一个标题' };
      const again = await store.insert(second, pdf('late'));
      expect(again).toEqual({ inserted: false, document: { ...first, fileStored: false } });
      expect(await store.find(second.id)).toBeUndefined();
      expect(await store.file(first.id)).toBeUndefined();
    });

    it('lets exactly one of many racing inserts of one 文号 win', async () => {
      const store = await factory();
      const docNo = `新政办发〔2024〕${randomUUID()}号`;
      const results = await Promise.all(Array.from({ length: 10 }, () => store.insert(newDocument(docNo), undefined)));
      expect(results.filter((r) => r.inserted)).toHaveLength(1);
      expect(new Set(results.map((r) => r.document.id)).size).toBe(1);
    });

    it('finds a 文号 across issuers, or only the named issuer’s', async () => {
      const store = await factory();
      const docNo = `〔2024〕${randomUUID()}号`;
      const b = newDocument(docNo, B);
      const a = newDocument(docNo, A);
      await store.insert(b, undefined);
      await store.insert(a, undefined);
      expect((await store.findByNumber(docNo)).map((d) => d.issuer.uscc)).toEqual([A.uscc, B.uscc].sort());
      expect((await store.findByNumber(docNo, B.uscc)).map((d) => d.id)).toEqual([b.id]);
      expect(await store.findByNumber(`${docNo}x`)).toEqual([]);
    });

    it('attaches a file once to a record kept without one', async () => {
      const store = await factory();
      const document = newDocument(`新发〔2024〕${randomUUID()}号`);
      await store.insert(document, undefined);
      expect(await store.attachFile(document.id, pdf('first'))).toBe(true);
      expect(await store.attachFile(document.id, pdf('second'))).toBe(false);
      expect(await store.file(document.id)).toEqual(pdf('first'));
      expect((await store.find(document.id))?.fileStored).toBe(true);
    });

    it('finds nothing for unknown or malformed ids', async () => {
      const store = await factory();
      expect(await store.find(randomUUID())).toBeUndefined();
      expect(await store.find('probe')).toBeUndefined();
      expect(await store.file('probe')).toBeUndefined();
    });
  });
}
