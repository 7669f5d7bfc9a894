/**
 * @module http/routes/verification-routes
 * Online verification for a case, of a licence by number or as presented, with signed receipts
 * that anyone can check against the hub's JWKS.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { ReceiptInclusion, ReceiptSigner } from '../../core/ports/receipt-signer.js';
import type { VerificationAnswer, VerificationRequest } from '../../core/verification/verification.js';
import { MAX_BATCH_ITEMS, type BatchAnswer, type BatchItem } from '../../core/verification/verification-batch.js';
import type { RouteRegistry } from '../route.js';

export interface VerificationRouteDeps {
  verify(caller: Principal, request: VerificationRequest): Promise<VerificationAnswer>;
  verifyPresented(caller: Principal, presented: string, purpose: { caseNo: string; serviceItem?: string }): Promise<unknown>;
  verifyBatch(caller: Principal, items: readonly BatchItem[], purpose: Purpose): Promise<BatchAnswer>;
  receipts: ReceiptSigner;
  rotateReceiptKey(): Promise<{ kid: string }>;
}

const CASE_NO = {
  type: 'string',
  minLength: 1,
  maxLength: 64,
  description: '办件编号 the case this check is for',
  examples: ['XH2026112400123'],
};
const PURPOSE = {
  type: 'object',
  additionalProperties: false,
  required: ['caseNo'],
  properties: {
    caseNo: CASE_NO,
    serviceItem: { type: 'string', maxLength: 200, description: '事项名称', examples: ['食品经营许可（新办）'] },
  },
};

/** What names one licence and, optionally, its holder: a single verification without its purpose. */
const LICENCE_ASKED = {
  licenseId: { type: 'string', maxLength: 200, description: 'GB/T 36904 identifier' },
  number: { type: 'string', minLength: 1, maxLength: 100, description: 'The number printed on the licence' },
  typeCode: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' },
  holder: {
    type: 'object',
    additionalProperties: false,
    minProperties: 1,
    properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, name: { type: 'string', minLength: 1, maxLength: 200 } },
  },
};
const ONE_LICENCE = [{ required: ['licenseId'] }, { required: ['number'], not: { required: ['licenseId'] } }];

const VERIFY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose'],
  properties: { ...LICENCE_ASKED, purpose: PURPOSE },
  oneOf: ONE_LICENCE,
};

const BATCH_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['items', 'purpose'],
  properties: {
    items: {
      type: 'array',
      minItems: 1,
      // More than MAX_BATCH_ITEMS is refused with its own code (ERR_VERIFICATION_BATCH_TOO_LARGE);
      // the schema only bounds what is parsed at all.
      maxItems: 1000,
      description: `Up to ${MAX_BATCH_ITEMS} licences, each as in a single verification`,
      items: { type: 'object', additionalProperties: false, properties: LICENCE_ASKED, oneOf: ONE_LICENCE },
    },
    purpose: PURPOSE,
  },
};

const INCLUSION = {
  type: 'object',
  additionalProperties: false,
  required: ['claims', 'index', 'proof'],
  properties: {
    claims: { type: 'string', maxLength: 16384, description: 'The item’s receipt claims as hashed into the tree (base64url JSON)' },
    index: { type: 'integer', minimum: 0, maximum: 999 },
    proof: { type: 'array', maxItems: 32, items: { type: 'string', maxLength: 64 }, description: 'RFC 9162 audit path, base64url SHA-256' },
  },
};

const CHECK = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, code: { type: 'string' }, detail: { type: 'string' } },
};
/** What a verification answers besides its receipt; a batch item carries its inclusion proof instead. */
const CHECKED = {
  result: { enum: ['valid', 'invalid', 'not_found'] },
  status: { type: 'string' },
  checks: { type: 'object', properties: { integrity: CHECK, issuer: CHECK, status: CHECK, holder: CHECK, known: CHECK } },
  license: { type: 'object', description: 'Minimised by role and licence type' },
  checkedAt: { type: 'string', format: 'date-time' },
};
const ANSWER = {
  type: 'object',
  required: ['result', 'checks', 'checkedAt', 'receipt'],
  properties: {
    ...CHECKED,
    receipt: { type: 'string', description: 'JWT (EdDSA, typ zz-receipt+jwt); verify with /.well-known/jwks.json' },
  },
};

const BATCH_ANSWER = {
  type: 'object',
  required: ['items'],
  properties: {
    receipt: { type: 'string', description: 'JWT (EdDSA, typ zz-receipt-batch+jwt): the Merkle root (RFC 9162, SHA-256) over the items' },
    items: {
      type: 'array',
      items: {
        oneOf: [
          {
            ...ANSWER,
            required: ['result', 'checks', 'checkedAt', 'inclusion'],
            properties: { ...ANSWER.properties, receipt: undefined, inclusion: INCLUSION },
          },
          {
            type: 'object',
            required: ['error'],
            properties: { error: { type: 'object', properties: { code: { type: 'string' }, detail: { type: 'string' } } } },
          },
        ],
      },
    },
  },
};

const DEEP_QUERY = {
  type: 'object',
  properties: { deep: { type: 'string', enum: ['true', 'false'], description: 'Re-verify the stored seal too' } },
} as const;

const PRESENTED_QUERY = {
  type: 'object',
  required: ['caseNo'],
  properties: PURPOSE.properties,
} as const;
type Purpose = { caseNo: string; serviceItem?: string };

export function registerVerificationRoutes(routes: RouteRegistry, deps: VerificationRouteDeps): void {
  routes.add<{ body: VerificationRequest; query: { deep?: 'true' | 'false' } }>(
    {
      operationId: 'verifyLicense',
      method: 'POST',
      path: '/v1/verifications',
      summary: 'Verify a licence by identifier or printed number for a case; answers each check and a signed receipt',
      description: 'Integrity is proven by the stored row’s keyed MAC; `deep=true` re-verifies the stored seal (ES256) as well.',
      tags: ['verification'],
      query: DEEP_QUERY,
      body: { 'application/json': VERIFY_SCHEMA },
      responses: {
        200: { description: 'The verification (valid, invalid or not_found)', schema: ANSWER },
        409: { description: 'Number matches several licence types' },
        429: { description: 'Rate limited, or holder checks paused after repeated misses (ERR_HOLDER_CHECKS_LIMITED)' },
      },
    },
    async ({ c, caller, body, query }) => c.json(await deps.verify(caller, { ...body, deep: query.deep === 'true' })),
  );

  routes.add<{ body: { items: BatchItem[]; purpose: Purpose } }>(
    {
      operationId: 'verifyLicenseBatch',
      method: 'POST',
      path: '/v1/verifications/batch',
      summary: 'Verify up to 100 licences for one case; each item answered as a single verification, one signed receipt for all',
      description:
        'Each item carries its inclusion proof in the signed Merkle root; an item is checked offline with the JWKS, or with `POST /v1/receipts/verify`.',
      tags: ['verification'],
      body: { 'application/json': BATCH_SCHEMA },
      responses: {
        200: { description: 'One answer per item, in order, and the batch receipt', schema: BATCH_ANSWER },
        422: { description: `More than ${MAX_BATCH_ITEMS} items (ERR_VERIFICATION_BATCH_TOO_LARGE)` },
      },
    },
    async ({ c, caller, body }) => c.json(await deps.verifyBatch(caller, body.items, body.purpose)),
  );

  routes.add<{ query: Purpose; body: string }>(
    {
      operationId: 'verifyPresentedLicense',
      method: 'POST',
      path: '/v1/verifications/presented',
      summary: 'Verify a licence as presented for a case: its sealed JWS, or the QR form ZZ1:<id>:<sha256> (text/plain)',
      tags: ['verification'],
      query: PRESENTED_QUERY,
      body: {
        'application/jose': { type: 'string', description: 'The compact JWS as presented (file or QR)' },
        'text/plain': { type: 'string', description: 'The QR form ZZ1:<licence id>:<sha256 hex>' },
      },
      responses: { 200: { description: 'Per-check results', schema: ANSWER }, 429: { description: 'Rate limited' } },
    },
    async ({ c, caller, query, body }) => {
      const purpose = { caseNo: query.caseNo, ...(query.serviceItem ? { serviceItem: query.serviceItem } : {}) };
      return c.json(await deps.verifyPresented(caller, body, purpose));
    },
  );

  routes.add(
    {
      operationId: 'getJwks',
      method: 'GET',
      path: '/.well-known/jwks.json',
      summary: 'The keys that sign verification receipts (current and still-accepted previous)',
      tags: ['verification'],
      responses: { 200: { description: 'JWK Set' } },
    },
    ({ c }) => {
      c.header('Cache-Control', 'public, max-age=300');
      return c.json(deps.receipts.jwks());
    },
  );

  routes.add(
    {
      operationId: 'rotateReceiptKey',
      method: 'POST',
      path: '/v1/receipts/keys/rotate',
      summary: 'Start signing receipts with a new key; the previous key stays in the JWKS so its receipts still verify',
      tags: ['verification'],
      responses: { 200: { description: 'The new key id' } },
    },
    async ({ c }) => c.json(await deps.rotateReceiptKey()),
  );

  routes.add<{ body: { receipt: string; inclusion?: ReceiptInclusion } }>(
    {
      operationId: 'verifyReceipt',
      method: 'POST',
      path: '/v1/receipts/verify',
      summary: 'Check a verification receipt, or one item of a batch receipt with its inclusion proof',
      tags: ['verification'],
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['receipt'],
          properties: { receipt: { type: 'string', maxLength: 16384 }, inclusion: INCLUSION },
        },
      },
      responses: { 200: { description: '{valid: true, claims} (an item’s claims for a batch) or {valid: false, code, detail}' } },
    },
    async ({ c, body }) =>
      c.json(await (body.inclusion ? deps.receipts.verifyInclusion(body.receipt, body.inclusion) : deps.receipts.verify(body.receipt))),
  );
}
