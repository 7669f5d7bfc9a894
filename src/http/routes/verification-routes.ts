/**
 * @module http/routes/verification-routes
 * Online verification for a case, of a licence by number or as presented, with signed receipts
 * that anyone can check against the hub's JWKS.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { ReceiptSigner } from '../../core/ports/receipt-signer.js';
import type { VerificationAnswer, VerificationRequest } from '../../core/verification/verification.js';
import type { RouteRegistry } from '../route.js';

export interface VerificationRouteDeps {
  verify(caller: Principal, request: VerificationRequest): Promise<VerificationAnswer>;
  verifyPresented(caller: Principal, presented: string, purpose: { caseNo: string; serviceItem?: string }): Promise<unknown>;
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

const VERIFY_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['purpose'],
  properties: {
    licenseId: { type: 'string', maxLength: 200, description: 'GB/T 36904 identifier' },
    number: { type: 'string', minLength: 1, maxLength: 100, description: 'The number printed on the licence' },
    typeCode: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}[0-9]{3}$' },
    holder: {
      type: 'object',
      additionalProperties: false,
      minProperties: 1,
      properties: { id: { type: 'string', minLength: 1, maxLength: 64 }, name: { type: 'string', minLength: 1, maxLength: 200 } },
    },
    purpose: PURPOSE,
  },
  oneOf: [{ required: ['licenseId'] }, { required: ['number'], not: { required: ['licenseId'] } }],
};

const CHECK = {
  type: 'object',
  required: ['ok'],
  properties: { ok: { type: 'boolean' }, code: { type: 'string' }, detail: { type: 'string' } },
};
const ANSWER = {
  type: 'object',
  required: ['result', 'checks', 'checkedAt', 'receipt'],
  properties: {
    result: { enum: ['valid', 'invalid', 'not_found'] },
    status: { type: 'string' },
    checks: { type: 'object', properties: { integrity: CHECK, issuer: CHECK, status: CHECK, holder: CHECK, known: CHECK } },
    license: { type: 'object', description: 'Minimised by role and licence type' },
    checkedAt: { type: 'string', format: 'date-time' },
    receipt: { type: 'string', description: 'JWT (EdDSA, typ zz-receipt+jwt); verify with /.well-known/jwks.json' },
  },
};

const PRESENTED_QUERY = {
  type: 'object',
  required: ['caseNo'],
  properties: PURPOSE.properties,
} as const;
type Purpose = { caseNo: string; serviceItem?: string };

export function registerVerificationRoutes(routes: RouteRegistry, deps: VerificationRouteDeps): void {
  routes.add<{ body: VerificationRequest }>(
    {
      operationId: 'verifyLicense',
      method: 'POST',
      path: '/v1/verifications',
      summary: 'Verify a licence by identifier or printed number for a case; answers each check and a signed receipt',
      tags: ['verification'],
      body: { 'application/json': VERIFY_SCHEMA },
      responses: {
        200: { description: 'The verification (valid, invalid or not_found)', schema: ANSWER },
        409: { description: 'Number matches several licence types' },
        429: { description: 'Rate limited, or holder checks paused after repeated misses (ERR_HOLDER_CHECKS_LIMITED)' },
      },
    },
    async ({ c, caller, body }) => c.json(await deps.verify(caller, body)),
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

  routes.add<{ body: { receipt: string } }>(
    {
      operationId: 'verifyReceipt',
      method: 'POST',
      path: '/v1/receipts/verify',
      summary: 'Check a verification receipt',
      tags: ['verification'],
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['receipt'],
          properties: { receipt: { type: 'string', maxLength: 16384 } },
        },
      },
      responses: { 200: { description: '{valid: true, claims} or {valid: false, code, detail}' } },
    },
    async ({ c, body }) => c.json(await deps.receipts.verify(body.receipt)),
  );
}
