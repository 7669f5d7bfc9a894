/**
 * @module http/routes/pki-routes
 * The hub CA over HTTP: public CA chain and CRL; certificate issuance, inventory, revocation,
 * suspension and release for security admins.
 */
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

const SERIAL_PARAMS = { type: 'object', required: ['serial'], properties: { serial: SERIAL } } as const;
type SerialParams = { params: { serial: string } };
const STATUSES = ['valid', 'suspended', 'revoked', 'expired'] as const;
const LIST_QUERY = {
  type: 'object',
  properties: {
    department: { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$', description: '统一社会信用代码' },
    profile: { enum: [...CertificateProfiles] },
    status: { enum: [...STATUSES] },
    expiringWithin: { type: 'string', pattern: '^\\d{1,6}[smhd]$', description: 'A duration like 30d', examples: ['30d'] },
  },
} as const;
type ListQuery = {
  department?: string;
  profile?: CertificateRecord['profile'];
  status?: (typeof STATUSES)[number];
  expiringWithin?: string;
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

  routes.add<{ body: IssueCertificateInput }>(
    {
      operationId: 'issueCertificate',
      method: 'POST',
      path: '/v1/pki/certificates',
      summary: 'Issue a seal or system certificate from a CSR',
      description: 'The subject is built by the hub from the department record, never copied from the CSR.',
      tags: ['pki'],
      body: { 'application/json': ISSUE_SCHEMA },
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
    async ({ c, caller, body }) => {
      const issued = await deps.certificates.issue(caller, body);
      return c.json({ ...issued, notBefore: issued.notBefore.toISOString(), notAfter: issued.notAfter.toISOString() }, 201);
    },
  );

  routes.add<{ query: ListQuery }>(
    {
      operationId: 'listCertificates',
      method: 'GET',
      path: '/v1/pki/certificates',
      summary: 'Inventory and expiry report, filtered',
      tags: ['pki'],
      query: LIST_QUERY,
      responses: {
        200: { description: 'Certificates', schema: { type: 'object', properties: { items: { type: 'array', items: CERTIFICATE } } } },
      },
    },
    async ({ c, query }) => {
      const within = query.expiringWithin ? parseDuration(query.expiringWithin) : undefined;
      const items = await deps.certificates.list({
        ...(query.department ? { department: query.department } : {}),
        ...(query.profile ? { profile: query.profile } : {}),
        ...(query.status ? { status: query.status } : {}),
        ...(within ? { expiringBefore: new Date(deps.now().getTime() + within * 1000) } : {}),
      });
      return c.json({ items: items.map(toJson) });
    },
  );

  routes.add<SerialParams>(
    {
      operationId: 'getCertificate',
      method: 'GET',
      path: '/v1/pki/certificates/{serial}',
      summary: 'One certificate and its status',
      tags: ['pki'],
      params: SERIAL_PARAMS,
      responses: { 200: { description: 'The certificate', schema: CERTIFICATE }, 404: { description: 'Unknown serial' } },
    },
    async ({ c, params }) => c.json(toJson(await deps.certificates.get(params.serial))),
  );

  routes.add<SerialParams>(
    {
      operationId: 'getSealImage',
      method: 'GET',
      path: '/v1/pki/certificates/{serial}/seal-image',
      summary: 'The seal impression of a seal certificate (PNG)',
      tags: ['pki'],
      params: SERIAL_PARAMS,
      responses: { 200: { description: 'PNG', contentType: 'image/png' }, 404: { description: 'Unknown serial or no impression' } },
    },
    async ({ c, params }) => c.body(Buffer.from(await deps.certificates.sealImage(params.serial)), 200, { 'content-type': 'image/png' }),
  );

  routes.add<SerialParams & { body: { reason: RevocationReason } }>(
    {
      operationId: 'revokeCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/revoke',
      summary: 'Revoke (RFC 5280 reason name); the CRL is re-signed at once',
      tags: ['pki'],
      params: SERIAL_PARAMS,
      body: {
        'application/json': {
          type: 'object',
          additionalProperties: false,
          required: ['reason'],
          properties: { reason: { enum: [...RevocationReasons] } },
        },
      },
      responses: { 200: { description: 'Revoked', schema: CERTIFICATE }, 409: { description: 'Already revoked' } },
    },
    async ({ c, params, body }) => c.json(toJson(await deps.certificates.revoke(params.serial, body.reason))),
  );

  routes.add<SerialParams>(
    {
      operationId: 'suspendCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/suspend',
      summary: 'Suspend (certificateHold on the CRL)',
      tags: ['pki'],
      params: SERIAL_PARAMS,
      responses: { 200: { description: 'Suspended', schema: CERTIFICATE }, 409: { description: 'Not valid' } },
    },
    async ({ c, params }) => c.json(toJson(await deps.certificates.suspend(params.serial))),
  );

  routes.add<SerialParams>(
    {
      operationId: 'releaseCertificate',
      method: 'POST',
      path: '/v1/pki/certificates/{serial}/release',
      summary: 'Release a suspended certificate (it leaves the CRL)',
      tags: ['pki'],
      params: SERIAL_PARAMS,
      responses: { 200: { description: 'Valid again', schema: CERTIFICATE }, 409: { description: 'Not suspended' } },
    },
    async ({ c, params }) => c.json(toJson(await deps.certificates.release(params.serial))),
  );
}
