/**
 * @module web/admin/certificate-console-routes
 * The security admin's certificate desk: inventory with filters and the CRL's state, issuing from
 * an uploaded CSR, and revoke / suspend / release, each after a confirm page naming the action and
 * the reason. It calls the certificate service that serves `/v1/pki/certificates`, so every change
 * is audited and re-signs the CRL exactly as through the API.
 */
import {
  CertificateProfiles,
  effectiveStatus,
  RevocationReasons,
  SealKinds,
  type CertificateProfile,
  type CertificateRecord,
  type RevocationReason,
} from '../../core/certificates/certificate-record.js';
import type { CertificateService } from '../../core/certificates/certificate-service.js';
import type { CrlPublisher } from '../../core/certificates/crl-publisher.js';
import type { DepartmentService } from '../../core/departments/department-service.js';
import type { RouteRegistry, UploadedFile } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { confirmForm, refusal, type Flash } from '../form-kit.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { CERTIFICATES_PATH, certificatePage, EXPIRY_WINDOWS, inventoryPage, type InventoryFilter } from './certificate-pages.js';

export interface CertificateConsoleDeps {
  certificates: CertificateService;
  crls: CrlPublisher;
  departments: DepartmentService;
  now(): Date;
}

const TEXT = { type: 'string', maxLength: 200 } as const;
const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' } as const;
const STATUSES = ['valid', 'suspended', 'revoked', 'expired'] as const;
const FILTER_QUERY = {
  type: 'object',
  properties: {
    department: { anyOf: [USCC, { const: '' }] },
    profile: { enum: ['', ...CertificateProfiles] },
    status: { enum: ['', ...STATUSES] },
    expiring: { enum: ['', ...EXPIRY_WINDOWS.map(String)] },
  },
} as const;
const ISSUE_FORM = {
  type: 'object',
  properties: {
    csr: { type: 'string', format: 'binary', description: 'The PKCS#10 request (PEM file), at most 64 KiB' },
    profile: TEXT,
    department: TEXT,
    sealName: TEXT,
    sealKind: TEXT,
    sealImage: { type: 'string', format: 'binary', description: 'The seal impression (PNG, at most 256 KiB)' },
    systemName: TEXT,
    _csrf: TEXT,
  },
} as const;
const ACTION_FORM = {
  type: 'object',
  required: ['action'],
  properties: { action: { enum: ['revoke', 'suspend', 'release'] }, reason: TEXT, confirm: TEXT, _csrf: TEXT },
} as const;
const SERIAL_PARAMS = {
  type: 'object',
  required: ['serial'],
  properties: { serial: { type: 'string', pattern: '^[0-9a-f]{1,40}$' } },
} as const;
const MAX_CSR_BYTES = 64 * 1024;
const DAY_MS = 86_400_000;

type IssueForm = {
  csr?: UploadedFile | string;
  sealImage?: UploadedFile | string;
  profile?: string;
  department?: string;
  sealName?: string;
  sealKind?: string;
  systemName?: string;
};
type ActionForm = { action: 'revoke' | 'suspend' | 'release'; reason?: string; confirm?: string };

export function registerCertificateConsoleRoutes(routes: RouteRegistry, deps: CertificateConsoleDeps): void {
  const withStatus = (record: CertificateRecord) => ({ record, status: effectiveStatus(record, deps.now()) });

  const inventory = async (view: ConsoleView, filter: InventoryFilter, message?: Flash) => {
    const now = deps.now();
    const days = filter.expiring ? Number(filter.expiring) : undefined;
    const items = await deps.certificates.list({
      ...(filter.department ? { department: filter.department } : {}),
      ...(filter.profile ? { profile: filter.profile as CertificateProfile } : {}),
      ...(filter.status ? { status: filter.status as (typeof STATUSES)[number] } : {}),
      ...(days ? { expiringBefore: new Date(now.getTime() + days * DAY_MS) } : {}),
    });
    const body = inventoryPage(view, {
      items: items.map(withStatus),
      departments: await deps.departments.list(),
      filter,
      crl: deps.crls.current(),
      now,
      ...(message ? { message } : {}),
    });
    return shell(view, view.t.certificates.title, body);
  };

  const detail = async (view: ConsoleView, serial: string, message?: Flash) => {
    const record = await deps.certificates.get(serial);
    const name = await deps.departments.get(record.department).then(
      (d) => d.name,
      () => record.department,
    );
    return shell(view, view.t.certificates.details, certificatePage(view, withStatus(record), name, message));
  };

  routes.page<{ query: InventoryFilter }>(
    {
      operationId: 'getConsoleCertificates',
      method: 'GET',
      path: CERTIFICATES_PATH,
      summary: '证书管理 — certificate inventory (filters, expiry windows), CRL state and the issue form',
      tags: ['console'],
      auth: staffPage('getConsoleCertificates'),
      query: FILTER_QUERY,
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, query }) => sendPage(c, await inventory(viewOf(c, session), query)),
  );

  routes.page<{ body: IssueForm }>(
    {
      operationId: 'postConsoleCertificate',
      method: 'POST',
      path: CERTIFICATES_PATH,
      summary: 'Issue a certificate from an uploaded CSR (multipart form); the page of the new certificate',
      tags: ['console'],
      auth: staffPage('postConsoleCertificate'),
      body: { 'multipart/form-data': ISSUE_FORM },
      responses: { ...PAGE_RESPONSES, 422: { ...PAGE_RESPONSES[200], description: 'Refused: the inventory with the reason' } },
    },
    async ({ c, session, caller, body }) => {
      const view = viewOf(c, session);
      try {
        const issued = await deps.certificates.issue(caller, issueInput(body));
        return sendPage(c, await detail(view, issued.serial, { kind: 'ok', message: view.t.certificates.issued(issued.serial) }), 201);
      } catch (error) {
        return sendPage(c, await inventory(view, {}, refusal(error)), 422);
      }
    },
  );

  routes.page<{ params: { serial: string } }>(
    {
      operationId: 'getConsoleCertificate',
      method: 'GET',
      path: `${CERTIFICATES_PATH}/{serial}`,
      summary: 'One certificate: details, PEM, seal impression and its actions',
      tags: ['console'],
      auth: staffPage('getConsoleCertificate'),
      params: SERIAL_PARAMS,
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'Unknown serial' } },
    },
    async ({ c, session, params }) => {
      const view = viewOf(c, session);
      try {
        return sendPage(c, await detail(view, params.serial));
      } catch (error) {
        return sendPage(c, await inventory(view, {}, refusal(error)), 404);
      }
    },
  );

  routes.page<{ params: { serial: string }; body: ActionForm }>(
    {
      operationId: 'postConsoleCertificateAction',
      method: 'POST',
      path: `${CERTIFICATES_PATH}/{serial}/action`,
      summary: 'Revoke (with a reason), suspend or release: a confirm page first, then (confirm=yes) done',
      tags: ['console'],
      auth: staffPage('postConsoleCertificateAction'),
      params: SERIAL_PARAMS,
      body: { 'application/x-www-form-urlencoded': ACTION_FORM },
      responses: { ...PAGE_RESPONSES, 409: { ...PAGE_RESPONSES[200], description: 'Not possible in the current state' } },
    },
    async ({ c, session, params, body }) => {
      const view = viewOf(c, session);
      const t = view.t.certificates;
      const reason: RevocationReason = RevocationReasons.find((r) => r === body.reason) ?? 'unspecified';
      const label = body.action === 'revoke' ? `${t.revoke}（${t.reasons[reason] ?? reason}）` : t[body.action];
      if (body.confirm !== 'yes') {
        const target = { action: `${CERTIFICATES_PATH}/${params.serial}/action`, cancel: `${CERTIFICATES_PATH}/${params.serial}` };
        const fields = { action: body.action, ...(body.action === 'revoke' ? { reason } : {}) };
        return sendPage(c, shell(view, t.confirmTitle, confirmForm(view, target, t.confirmAction(label, params.serial), fields)));
      }
      try {
        if (body.action === 'revoke') await deps.certificates.revoke(params.serial, reason);
        else await deps.certificates[body.action](params.serial);
        return sendPage(c, await detail(view, params.serial, { kind: 'ok', message: t.done(label, params.serial) }));
      } catch (error) {
        return sendPage(c, await detail(view, params.serial, refusal(error)), 409);
      }
    },
  );
}

/** The form as the issue input; the certificate service validates the rest (CSR, department, profile rules). */
function issueInput(body: IssueForm) {
  const file = typeof body.csr === 'object' ? body.csr : undefined;
  const csr = file && file.bytes.length <= MAX_CSR_BYTES ? Buffer.from(file.bytes).toString('utf8') : '';
  const profile = CertificateProfiles.find((p) => p === body.profile) ?? 'seal';
  return {
    csr,
    profile,
    department: body.department ?? '',
    ...(profile === 'seal'
      ? { seal: { name: body.sealName ?? '', kind: SealKinds.find((k) => k === body.sealKind) ?? '其他', ...sealImage(body.sealImage) } }
      : { system: { name: body.systemName ?? '' } }),
  };
}

/** The impression as the API takes it (base64); the certificate service checks it is a PNG of at most 256 KiB. */
function sealImage(file: UploadedFile | string | undefined): { image?: string } {
  return typeof file === 'object' && file.bytes.length > 0 ? { image: Buffer.from(file.bytes).toString('base64') } : {};
}
