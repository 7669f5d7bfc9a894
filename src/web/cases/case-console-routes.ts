/**
 * @module web/cases/case-console-routes
 * The clerk's case intake pages over the case service and the material check that serve
 * `/v1/cases`: the same scoping, audit and purpose binding (a holder's licences are looked up only
 * for this case's item). The applicant's ID number travels in the form body only; URLs carry the
 * case number and the item search, nothing personal.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { CaseService, OpenCaseInput } from '../../core/cases/case-service.js';
import type { MaterialCheckInput, MaterialCheckResult } from '../../core/cases/check-materials.js';
import type { PublishedItemView } from '../../core/catalogue/catalogue-service.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf } from '../console-shell.js';
import { refusal } from '../form-kit.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { qrSvg } from '../qr-svg.js';
import { CASES_PATH, casePage, COMMIT_PREFIX, ID_TYPES, intakePage } from './case-pages.js';
import { PACKAGES_PATH } from './package-console-routes.js';

export interface CaseConsoleDeps {
  cases: Pick<CaseService, 'open' | 'get'>;
  checkMaterials(caller: Principal, caseNo: string, input: MaterialCheckInput): Promise<MaterialCheckResult>;
  publishedItems(): Promise<PublishedItemView[]>;
  /** The hub's public URL: the package QR code is a link to its verification page there. */
  publicUrl: string;
}

const TEXT = { type: 'string', maxLength: 200 } as const;
const CASE_PARAMS = {
  type: 'object',
  required: ['caseNo'],
  properties: { caseNo: { type: 'string', pattern: '^[0-9A-Za-z-]{4,64}$' } },
} as const;
const OPEN_FORM = {
  type: 'object',
  properties: { itemCode: TEXT, idType: TEXT, applicantId: TEXT, applicantName: TEXT, responsible: TEXT, _csrf: TEXT },
} as const;
type OpenForm = { itemCode?: string; idType?: string; applicantId?: string; applicantName?: string; responsible?: string };

export function registerCaseConsoleRoutes(routes: RouteRegistry, deps: CaseConsoleDeps): void {
  const matching = async (query: string) => {
    const q = query.trim().toLowerCase();
    const items = await deps.publishedItems();
    return q ? items.filter((i) => i.code.toLowerCase().includes(q) || i.name.toLowerCase().includes(q)) : items;
  };

  routes.page<{ query: { q?: string } }>(
    {
      operationId: 'getConsoleCaseIntake',
      method: 'GET',
      path: `${CASES_PATH}/new`,
      summary: '办件受理 — pick a published item (search by name or code), enter the applicant, open the case',
      tags: ['console'],
      auth: staffPage('getConsoleCaseIntake'),
      query: { type: 'object', properties: { q: { type: 'string', maxLength: 100 } } },
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, query }) => {
      const view = viewOf(c, session);
      return sendPage(c, shell(view, view.t.cases.title, intakePage(view, await matching(query.q ?? ''), query.q ?? '')));
    },
  );

  routes.page<{ body: OpenForm }>(
    {
      operationId: 'postConsoleCase',
      method: 'POST',
      path: CASES_PATH,
      summary: 'Open a case at the window (HTML form); to the case page',
      tags: ['console'],
      auth: staffPage('postConsoleCase'),
      body: { 'application/x-www-form-urlencoded': OPEN_FORM },
      responses: {
        ...PAGE_RESPONSES,
        303: { description: 'Opened: to the case page' },
        422: { ...PAGE_RESPONSES[200], description: 'Refused' },
      },
    },
    async ({ c, session, caller, body }) => {
      const view = viewOf(c, session);
      const input: OpenCaseInput = {
        itemCode: body.itemCode ?? '',
        applicant: {
          idType: ID_TYPES.find((t) => t === body.idType) ?? 'ID',
          id: (body.applicantId ?? '').trim().toUpperCase(),
          name: (body.applicantName ?? '').trim(),
        },
        channel: 'window',
        responsible: { name: (body.responsible ?? '').trim() || view.username },
      };
      try {
        const opened = await deps.cases.open(caller, input);
        return c.redirect(`${CASES_PATH}/${opened.caseNo}`, 303);
      } catch (error) {
        return sendPage(c, shell(view, view.t.cases.title, intakePage(view, await matching(''), '', refusal(error))), 422);
      }
    },
  );

  routes.page<{ params: { caseNo: string } }>(
    {
      operationId: 'getConsoleCase',
      method: 'GET',
      path: `${CASES_PATH}/{caseNo}`,
      summary: 'A case at the window: its checklist, the working days left and 一键核验',
      tags: ['console'],
      auth: staffPage('getConsoleCase'),
      params: CASE_PARAMS,
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'No such case for this clerk' } },
    },
    async ({ c, session, caller, params }) => {
      const view = viewOf(c, session);
      try {
        const found = await deps.cases.get(caller, params.caseNo);
        return sendPage(c, shell(view, view.t.cases.caseTitle(found.caseNo), casePage(view, found)));
      } catch (error) {
        return sendPage(c, shell(view, view.t.cases.title, intakePage(view, await matching(''), '', refusal(error))), 404);
      }
    },
  );

  routes.page<{ params: { caseNo: string }; body: Record<string, string> }>(
    {
      operationId: 'postConsoleCaseCheck',
      method: 'POST',
      path: `${CASES_PATH}/{caseNo}/check`,
      summary: '一键核验: check every material of the case; the checklist, the 一次性告知书 and the material package QR',
      description: 'Form fields: `_csrf`, and `commit-<material code>=yes` for each material the applicant signed a commitment for.',
      tags: ['console'],
      auth: staffPage('postConsoleCaseCheck'),
      params: CASE_PARAMS,
      body: { 'application/x-www-form-urlencoded': { type: 'object', properties: { _csrf: TEXT } } },
      responses: { ...PAGE_RESPONSES, 409: { ...PAGE_RESPONSES[200], description: 'The case is not open' } },
    },
    async ({ c, session, caller, params, body }) => {
      const view = viewOf(c, session);
      const commitments = Object.keys(body)
        .filter((name) => name.startsWith(COMMIT_PREFIX) && body[name] === 'yes')
        .map((name) => name.slice(COMMIT_PREFIX.length));
      try {
        const checked = await deps.checkMaterials(caller, params.caseNo, commitments.length > 0 ? { commitments } : {});
        // The link carries the package's digest only: nothing about the applicant, not even the case.
        const packageQr = await qrSvg(`${deps.publicUrl}${PACKAGES_PATH}/${checked.packageDigest}`, view.t.cases.packageQr);
        const found = await deps.cases.get(caller, params.caseNo);
        return sendPage(c, shell(view, checked.notice.title, casePage(view, found, { ...checked, packageQr })));
      } catch (error) {
        const found = await deps.cases.get(caller, params.caseNo);
        return sendPage(c, shell(view, view.t.cases.caseTitle(found.caseNo), casePage(view, found, undefined, refusal(error))), 409);
      }
    },
  );
}
