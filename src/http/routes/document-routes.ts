/**
 * @module http/routes/document-routes
 * `/v1/documents`: department systems register the documents (批准文书) they sealed, with or
 * without the file; anyone authenticated verifies one by 文号 and hash or by uploading the file;
 * the issuer's systems and security admins read the record and download the file.
 */
import { MAX_DOCUMENT_FILE_BYTES, type StoredDocument } from '../../core/documents/document.js';
import type { DocumentService } from '../../core/documents/document-service.js';
import type { RouteRegistry, UploadedFile } from '../route.js';

export interface DocumentRouteDeps {
  documents: DocumentService;
}

/** The file, the JWS (a few KiB with its x5c) and the multipart framing. */
const MAX_BODY_BYTES = MAX_DOCUMENT_FILE_BYTES + 256 * 1024;

/** For `createApp({ largeBodies })`: the two routes that take a document file. */
export const documentBodyLimits = [
  { method: 'POST', path: '/v1/documents', maxBytes: MAX_BODY_BYTES },
  { method: 'POST', path: '/v1/documents/verify', maxBytes: MAX_BODY_BYTES },
] as const;

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码' };
const DOC_NO = { type: 'string', minLength: 1, maxLength: 100, examples: ['新自然资规〔2024〕15号'] };
const SHA256 = { type: 'string', pattern: '^[0-9a-fA-F]{64}$' };
const ISSUER = { type: 'object', required: ['uscc', 'name'], properties: { uscc: USCC, name: { type: 'string' } } };
const VERIFY_JSON = {
  type: 'object',
  additionalProperties: false,
  required: ['docNo', 'sha256'],
  properties: { docNo: DOC_NO, sha256: SHA256, issuer: USCC },
};
const FILE = { type: 'string', format: 'binary', description: `The document file, at most ${MAX_DOCUMENT_FILE_BYTES} bytes` };
const VERIFY_FORM = {
  type: 'object',
  additionalProperties: false,
  required: ['docNo', 'file'],
  properties: { docNo: DOC_NO, issuer: USCC, file: FILE },
};
const JWS = { type: 'string', description: 'The compact JWS of the sealed record' };
const PUBLISH_FORM = {
  type: 'object',
  additionalProperties: false,
  required: ['jws'],
  properties: { jws: { ...JWS, minLength: 1 }, file: FILE },
};
const ID_PARAMS = { type: 'object', required: ['id'], properties: { id: { type: 'string', minLength: 1, maxLength: 200 } } } as const;

type Publication = string | { jws: string; file?: UploadedFile };
type Verification = { docNo: string; sha256: string; issuer?: string } | { docNo: string; issuer?: string; file: UploadedFile };

const CHECK = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, code: { type: 'string' }, detail: { type: 'string' } },
};
const PUBLISHED = {
  type: 'object',
  required: ['id', 'docNo', 'issuer', 'sha256', 'stored'],
  properties: {
    id: { type: 'string', format: 'uuid' },
    docNo: DOC_NO,
    issuer: ISSUER,
    sha256: SHA256,
    stored: { type: 'boolean', description: 'whether the hub keeps the file' },
  },
};
const VERIFICATION = {
  type: 'object',
  required: ['result', 'checks'],
  properties: {
    result: { enum: ['valid', 'invalid', 'not_found'] },
    checks: {
      type: 'object',
      required: ['integrity', 'issuer', 'content'],
      properties: { integrity: CHECK, issuer: CHECK, content: CHECK },
    },
    document: {
      type: 'object',
      properties: { docNo: DOC_NO, title: { type: 'string' }, issuer: ISSUER, issuedAt: { type: 'string', format: 'date' } },
    },
  },
};
const RECORD = {
  type: 'object',
  properties: {
    ...PUBLISHED.properties,
    title: { type: 'string' },
    issuedAt: { type: 'string', format: 'date' },
    sealSerial: { type: 'string' },
    createdAt: { type: 'string', format: 'date-time' },
    jws: { type: 'string', description: 'the compact JWS as registered' },
  },
};

const toRecord = (d: StoredDocument) => ({
  id: d.id,
  docNo: d.docNo,
  title: d.title,
  issuer: d.issuer,
  issuedAt: d.issuedAt,
  sha256: d.sha256,
  stored: d.fileStored,
  sealSerial: d.sealSerial,
  createdAt: d.createdAt.toISOString(),
  jws: d.jws,
});

export function registerDocumentRoutes(routes: RouteRegistry, deps: DocumentRouteDeps): void {
  routes.add<{ body: Publication }>(
    {
      operationId: 'publishDocument',
      method: 'POST',
      path: '/v1/documents',
      summary: 'Register a sealed document record (批准文书), optionally with its file',
      description:
        'Body: `application/jose` — the compact JWS alone (`typ: "zz-document+jws"`, payload per ' +
        'https://zhengzhao.gov.cn/schemas/documents/document/1.json) — or `multipart/form-data` with `jws` and an ' +
        `optional \`file\` (≤ ${MAX_DOCUMENT_FILE_BYTES} bytes) whose SHA-256 must be the sealed \`sha256\`. The seal, the ` +
        "record's issuer and the caller's department must be the same. Registering the same content again answers 200.",
      tags: ['documents'],
      body: { 'application/jose': JWS, 'multipart/form-data': PUBLISH_FORM },
      responses: {
        201: { description: 'Registered', schema: PUBLISHED },
        200: { description: 'Already registered with this content', schema: PUBLISHED },
        403: { description: 'Seal, issuer and caller are not one department (ERR_DOCUMENT_ISSUER_MISMATCH)' },
        409: { description: 'The issuer registered this 文号 with other content (ERR_DOCUMENT_CONFLICT)' },
        413: { description: 'The file is larger than allowed' },
        415: { description: 'Neither application/jose nor multipart/form-data' },
        422: {
          description: 'Seal, record or file refused, with a code (ERR_JWS_*, ERR_CERT_*, ERR_VALIDATION, ERR_DOCUMENT_FILE_MISMATCH)',
        },
      },
    },
    async ({ c, caller, body }) => {
      const input = typeof body === 'string' ? { jws: body } : { jws: body.jws.trim(), file: body.file };
      const { created, ...answer } = await deps.documents.publish(caller, input);
      return c.json(answer, created ? 201 : 200);
    },
  );

  routes.add<{ body: Verification }>(
    {
      operationId: 'verifyDocument',
      method: 'POST',
      path: '/v1/documents/verify',
      summary: 'Verify a document by 文号 and SHA-256, or by uploading the file',
      description:
        'Body: `application/json` `{docNo, sha256, issuer?}` or `multipart/form-data` with `docNo`, optional `issuer` ' +
        'and `file` (the hub hashes it). Each check — integrity (the sealed JWS still verifies), issuer (the seal was ' +
        'valid when the hub accepted the document and its key has not been reported compromised since) and content (the ' +
        'hash matches) — is reported separately. A 文号 used by several issuers needs `issuer` (409 lists them).',
      tags: ['documents'],
      body: { 'application/json': VERIFY_JSON, 'multipart/form-data': VERIFY_FORM },
      responses: {
        200: { description: 'The verdict and each check', schema: VERIFICATION },
        409: { description: 'Several issuers use this 文号 (ERR_DOCUMENT_AMBIGUOUS, `issuers` listed)' },
        413: { description: 'The file is larger than allowed' },
        415: { description: 'Neither application/json nor multipart/form-data' },
        422: { description: 'The request does not match the schema' },
      },
    },
    async ({ c, body }) => c.json(await deps.documents.verify('file' in body ? { ...body, file: body.file.bytes } : body)),
  );

  routes.add<{ params: { id: string } }>(
    {
      operationId: 'getDocument',
      method: 'GET',
      path: '/v1/documents/{id}',
      summary: 'A registered document record with its original JWS (issuer or security admin)',
      tags: ['documents'],
      params: ID_PARAMS,
      responses: { 200: { description: 'The record', schema: RECORD }, 404: { description: 'No such document' } },
    },
    async ({ c, caller, params }) => c.json(toRecord(await deps.documents.get(caller, params.id))),
  );

  routes.add<{ params: { id: string } }>(
    {
      operationId: 'getDocumentFile',
      method: 'GET',
      path: '/v1/documents/{id}/file',
      summary: 'The file of a registered document, if the hub keeps it (issuer or security admin)',
      tags: ['documents'],
      params: ID_PARAMS,
      responses: {
        200: { description: 'The file as registered', contentType: 'application/octet-stream' },
        404: { description: 'No such document, or registered without its file (ERR_DOCUMENT_FILE_NOT_STORED)' },
      },
    },
    async ({ c, caller, params }) => {
      const file = await deps.documents.file(caller, params.id);
      // Always a download, never rendered by the browser: the media type is the uploader's claim.
      return c.body(Buffer.from(file.bytes), 200, {
        'content-type': file.mediaType ?? 'application/octet-stream',
        'content-disposition': `attachment; filename*=UTF-8''${rfc5987(file.name ?? 'document')}`,
      });
    },
  );
}

/** RFC 5987 `attr-char` encoding (encodeURIComponent leaves ' ( ) * as they are). */
function rfc5987(name: string): string {
  return encodeURIComponent(name).replace(/['()*]/g, (ch) => `%${ch.charCodeAt(0).toString(16).toUpperCase()}`);
}
