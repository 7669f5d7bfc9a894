/**
 * @module http/routes/pki-routes
 * The hub CA over HTTP: public CA chain and CRL; certificate issuance, inventory, revocation,
 * suspension and release for security admins.
 */
import type { Principal } from '../../core/auth/principal.js';
import { ValidationError } from '../../core/errors.js';
import {
  CertificateProfiles,
  effectiveStatus,
  RevocationReasons,
  SealKinds,
  type CertificateRecord,
  type RevocationReason,
} from '../../core/certificates/certificate-record.js';
import type { CertificateService, IssueCertificateInput } from '../../core/certificates/certificate-service.js';
import type { CrlPublisher } from '../../core/certificates/crl-publisher.js';
import { parseDuration } from '../../core/tokens/duration.js';
import type { RouteRegistry } from '../route.js';

export interface PkiRouteDeps {
  certificates: CertificateService;
  crls: CrlPublisher;
  now(): Date;
}

const SERIAL = { type: 'string', pattern: '^[0-9a-fA-F]{1,40}$' };
const CERTIFICATE = {
  type: 'object',
  properties: {
    serial: SERIAL,
    profile: { enum: [...CertificateProfiles] },
    department: { type: 'string' },
    name: { type: 'string' },
    sealKind: { enum: [...SealKinds] },
    status: { enum: ['valid', 'suspended', 'revoked', 'expired'] },
    notBefore: { type: 'string', format: 'date-time' },
    notAfter: { type: 'string', format: 'date-time' },
    revocationReason: { enum: [...RevocationReasons] },
    certificate: { type: 'string', description: 'PEM' },
  },
};

const ISSUE_SCHEMA = {
  type: 'object',
  additionalProperties: false,
  required: ['csr', 'profile', 'department'],
  properties: {
    csr: { type: 'string', minLength: 100, maxLength: 65536, description: 'PKCS#10 request, PEM' },
    profile: { enum: [...CertificateProfiles] },
    department: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' },
    seal: {
      type: 'object',
      additionalProperties: false,
      required: ['name', 'kind'],
      properties: {
        name: { type: 'string', minLength: 1, maxLength: 64, examples: ['新化县市场监督管理局行政审批专用章'] },
        kind: { enum: [...SealKinds] },
        image: { type: 'string', description: 'PNG of the seal impression, base64, ≤ 256 KiB', maxLength: 350000 },
      },
    },
    system: {
      type: 'object',
      additionalProperties: false,
      required: ['name'],
      properties: { name: { type: 'string', minLength: 1, maxLength: 64, examples: ['食品经营许可审批系统'] } },
    },
    notAfter: { type: 'string', format: 'date-time', description: 'Shorter validity than the profile default' },
  },
};

export function registerPkiRoutes(routes: RouteRegistry, deps: PkiRouteDeps): void {
  const toJson = (r: CertificateRecord) => ({
    serial: r.serial,
    profile: r.profile,
    department: r.department,
    name: r.name,
    ...(r.sealKind ? { sealKind: r.sealKind, hasSealImage: r.hasSealImage } : {}),
    status: effectiveStatus(r, deps.now()),
    keyDescription: r.keyDescription,
    notBefore: r.notBefore.toISOString(),
    notAfter: r.notAfter.toISOString(),
    ...(r.revokedAt ? { revokedAt: r.revokedAt.toISOString() } : {}),
    ...(r.revocationReason ? { revocationReason: r.revocationReason } : {}),
    issuedAt: r.issuedAt.toISOString(),
    issuedBy: r.issuedBy,
    certificate: r.certificatePem,
  });

  routes.add(
    {
      operationId: 'getCaChain',
      method: 'GET',
      path: '/v1/pki/ca.pem',
      summary: 'The issuing and root CA certificates (PEM)',
      tags: ['pki'],
      responses: { 200: { description: 'Issuing CA then root', contentType: 'application/pem-certificate-chain' } },
    },
    ({ c }) => c.body(deps.certificates.caChainPem(), 200, { 'content-type': 'application/pem-certificate-chain' }),
  );

  routes.add(
    {
      operationId: 'getCrl',
      method: 'GET',
      path: '/v1/pki/crl',
      summary: 'The current CRL (DER)',
      tags: ['pki'],
      responses: { 200: { description: 'X.509 CRL, DER', contentType: 'application/pkix-crl' } },
    },
    ({ c }) => {
      const crl = deps.crls.current();
      return c.body(Buffer.from(crl.der), 200, {
        'content-type': 'application/pkix-crl',
        'cache-control': `public, max-age=${Math.max(0, Math.min(3600, Math.floor((crl.nextUpdate.getTime() - Date.now()) / 1000)))}`,
        'last-modified': crl.thisUpdate.toUTCString(),
      });
    },
  );

  routes.add<IssueCertificateInput>(
    {
      operationId: 'issueCertificate',
      method: 'POST',
      path: '/v1/pki/certificates',
      summary: 'Issue a seal or system certificate from a CSR',
      description: 'The subject is built by the hub from the department record, never copied from the CSR.',
      tags: ['pki'],
      body: { contentType: 'application/json', schema: ISSUE_SCHEMA },
      responses: {
        201: {
          description: 'Issued',
          schema: {
            type: 'object',
            required: ['serial', 'certificate', 'chain', 'notBefore', 'notAfter'],
            properties: {
              serial: SERIAL,
              certificate: { type: 'string' },
              chain: { type: 'string' },
              notBefore: { type: 'string' },
              notAfter: { type: 'string' },
            },
          },
        },
      },
    },
    async ({ c, principal, body }) => {
      const issued = await deps.certificates.issue(principal as Principal, body);
      return c.json({ ...issued, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString() }, 201);
    },
  );

  routes.add(
    {
      operationId: 'listCertificates',
      method: 'GET',
      path: '/v1/pki/certificates',
      summary: 'Inventory and expiry report (?department=&profile=&status=&expiringWithin=30d)',
      tags: ['pki'],
      responses: {
        200: { description: 'Certificates', schema: { type: 'object', properties: { items: { type: 'array', items: CERTIFICATE } } } },
      },
    },
    async ({ c }) => {
      const query = c.req.query();
      const errors = [];
      if (query.profile && !(CertificateProfiles as readonly string[]).includes(query.profile))
        errors.push({ pointer: '/query/profile', detail: 'must be seal or system' });
      if (query.status && !['valid', 'suspended', 'revoked', 'expired'].includes(query.status))
        errors.push({ pointer: '/query/status', detail: 'must be valid, suspended, revoked or expired' });
      const within = query.expiringWithin ? parseDuration(query.expiringWithin) : undefined;
      if (query.expiringWithin && within === undefined)
        errors.push({ pointer: '/query/expiringWithin', detail: 'must be a duration like 30d' });
      if (errors.length > 0) throw new ValidationError('bad filter', { errors });
      const items = await deps.certificates.list({
        ...(query.department ? { department: query.department } : {}),
        ...(query.profile ? { profile: query.profile as 'seal' } : {}),
        ...(query.status ? { status: query.status as 'valid' } : {}),
        ...(within ? { expiringBefore: new Date(deps.now().getTime() + within * 1000) } : {}),
      });
      return c.json({ items: items.map(toJson) });
    },
  );

  routes.add(
    {
      operationId: 'getCertificate',
      method: 'GET',
      path: '/v1/pki/certificates/{serial}',
      summary: 'One certificate and its status',
      tags: ['pki'],
      responses: { 200: { description: 'The certificate', schema: CERTIFICATE } },
    },
    async ({ c }) => c.json(toJson(await deps.certificates.get(c.req.param('serial') as string))),
  );

  routes.add(
    {
      operationId: 'getSealImage',
      method: 'GET',
      path: '/v1/pki/certificates/{serial}/seal-image',
      summary: 'The seal impression of a seal certificate (PNG)',
      tags: ['pki'],
      responses: { 200: { description: 'PNG', contentType: 'image/png' } },
    },
    async ({ c }) =>
      c.body(Buffer.from(await deps.certificates.sealImage(c.req.param('serial') as string)), 200, { 'content-type': 'image/png' }),
  );

  routes.add<{ reason: RevocationReason }>(
    {
      operationId: 'revokeCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/revoke',
      summary: 'Revoke (RFC 5280 reason name); the CRL is re-signed at once',
      tags: ['pki'],
      body: {
        contentType: 'application/json',
        schema: {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { enum: [...RevocationReasons] } },
        },
      },
      responses: { 200: { description: 'Revoked', schema: CERTIFICATE }, 409: { description: 'Already revoked' } },
    },
    async ({ c, body }) => c.json(toJson(await deps.certificates.revoke(c.req.param('serial') as string, body.reason))),
  );

  routes.add(
    {
      operationId: 'suspendCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/suspend',
      summary: 'Suspend (certificateHold on the CRL)',
      tags: ['pki'],
      responses: { 200: { description: 'Suspended', schema: CERTIFICATE }, 409: { description: 'Not valid' } },
    },
    async ({ c }) => c.json(toJson(await deps.certificates.suspend(c.req.param('serial') as string))),
  );

  routes.add(
    {
      operationId: 'releaseCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/release',
      summary: 'Release a suspended certificate (it leaves the CRL)',
      tags: ['pki'],
      responses: { 200: { description: 'Valid again', schema: CERTIFICATE }, 409: { description: 'Not suspended' } },
    },
    async ({ c }) => c.json(toJson(await deps.certificates.release(c.req.param('serial') as string))),
  );
}
