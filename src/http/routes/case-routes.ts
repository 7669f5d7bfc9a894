/**
 * @module http/routes/case-routes
 * Cases (办件): opened by a department system or the clerk console for a published item, read with
 * their working-day clock, advanced by milestones, and checked for all materials in one call.
 */
import type { Principal } from '../../core/auth/principal.js';
import { MilestoneTypes } from '../../core/cases/case.js';
import type { CaseService, CaseView, MilestoneInput, OpenCaseInput } from '../../core/cases/case-service.js';
import type { MaterialCheckInput, MaterialCheckResult } from '../../core/cases/check-materials.js';
import type { RouteRegistry } from '../route.js';

export interface CaseRouteDeps {
  cases: Pick<CaseService, 'open' | 'get' | 'milestone'>;
  checkMaterials(caller: Principal, caseNo: string, input: MaterialCheckInput): Promise<MaterialCheckResult>;
  holderUsage(caller: Principal, holder: { idType: string; id: string }): Promise<unknown>;
}

const USCC = { type: 'string', pattern: '^[0-9A-HJ-NPQRTUWXY]{18}$' };
const RESPONSIBLE = {
  type: 'object',
  additionalProperties: false,
  required: ['name'],
  properties: { name: { type: 'string', minLength: 1, maxLength: 100 }, phone: { type: 'string', maxLength: 30 } },
};

const OPEN_CASE = {
  type: 'object',
  additionalProperties: false,
  required: ['itemCode', 'applicant', 'channel', 'responsible'],
  properties: {
    itemCode: { type: 'string', minLength: 1, maxLength: 64, examples: ['XH-SC-0001'] },
    applicant: {
      type: 'object',
      additionalProperties: false,
      required: ['idType', 'id', 'name'],
      properties: {
        idType: { type: 'string', enum: ['ID', 'USCC', 'PASSPORT', 'HKMO', 'TW'] },
        id: { type: 'string', minLength: 1, maxLength: 64 },
        name: { type: 'string', minLength: 1, maxLength: 200 },
      },
    },
    caseNo: {
      type: 'string',
      pattern: '^[0-9A-Za-z-]{4,64}$',
      description: "The department system's own case number; generated when absent",
    },
    channel: { enum: ['window', 'online'] },
    responsible: { ...RESPONSIBLE, description: '首办负责人' },
  },
};

const MILESTONE = {
  type: 'object',
  additionalProperties: false,
  required: ['type'],
  properties: {
    type: { enum: MilestoneTypes },
    department: { ...USCC, description: 'The participating department of a step (并联审批)' },
    reason: { type: 'string', minLength: 1, maxLength: 500, description: 'Statutory reason of a clock stop; reason of a hand-over' },
    material: { type: 'string', maxLength: 32, description: 'material-received: the material code' },
    responsible: { ...RESPONSIBLE, description: 'handover: the new responsible person' },
    decisionJws: { type: 'string', maxLength: 200000, description: 'decided: the sealed decision document (compact JWS)' },
    result: { enum: ['approved', 'refused'] },
  },
};

const CHECK = {
  type: 'object',
  additionalProperties: false,
  properties: {
    documents: {
      type: 'array',
      maxItems: 60,
      items: {
        type: 'object',
        additionalProperties: false,
        required: ['material', 'docNo', 'sha256'],
        properties: {
          material: { type: 'string', maxLength: 32 },
          docNo: { type: 'string', minLength: 1, maxLength: 200 },
          sha256: { type: 'string', pattern: '^[0-9a-fA-F]{64}$' },
        },
      },
    },
    commitments: {
      type: 'array',
      maxItems: 60,
      items: { type: 'string', maxLength: 32 },
      description: 'Materials the applicant signed a commitment for',
    },
  },
};

const HOLDER = {
  type: 'object',
  additionalProperties: false,
  required: ['idType', 'id'],
  properties: {
    idType: { type: 'string', enum: ['ID', 'USCC', 'PASSPORT', 'HKMO', 'TW'] },
    id: { type: 'string', minLength: 1, maxLength: 64 },
  },
};

const CASE_PARAMS = {
  type: 'object',
  required: ['caseNo'],
  properties: { caseNo: { type: 'string', minLength: 1, maxLength: 64, description: '办件编号', examples: ['XH20261207000123'] } },
} as const;
type CaseParams = { params: { caseNo: string } };

const CASE = {
  type: 'object',
  required: ['caseNo', 'item', 'state', 'clock', 'checklist', 'visits'],
  properties: {
    caseNo: { type: 'string' },
    state: { enum: ['open', 'decided', 'delivered', 'withdrawn'] },
    clock: {
      type: 'object',
      properties: {
        startedOn: { type: 'string' },
        limitDays: { type: 'integer' },
        deadline: { type: 'string' },
        usedWorkingDays: { type: 'integer' },
        remainingWorkingDays: { type: 'integer' },
        provisional: {
          type: 'boolean',
          description: '时限按周一至周五暂计：计时经过的年份尚未录入工作日历 (counted Monday to Friday: a year has no calendar yet)',
        },
        calendarYearsMissing: { type: 'array', items: { type: 'integer' }, description: '尚未录入工作日历的年份' },
      },
    },
    checklist: { type: 'array' },
    visits: { type: 'integer' },
  },
};

export function registerCaseRoutes(routes: RouteRegistry, deps: CaseRouteDeps): void {
  routes.add<{ body: OpenCaseInput }>(
    {
      operationId: 'openCase',
      method: 'POST',
      path: '/v1/cases',
      summary: 'Open a case for a published item: case number, checklist of its published materials, deadline in working days',
      tags: ['cases'],
      body: { 'application/json': OPEN_CASE },
      responses: {
        201: { description: 'The case', schema: CASE },
        403: { description: 'Not a department of the item' },
        409: { description: 'Case number taken, or the item is not published' },
      },
    },
    async ({ c, caller, body }) => c.json<CaseView>(await deps.cases.open(caller, body), 201),
  );

  routes.add<CaseParams>(
    {
      operationId: 'getCase',
      method: 'GET',
      path: '/v1/cases/{caseNo}',
      summary: 'A case with its clock (working days used and left), checklist, visits, milestones and notices',
      tags: ['cases'],
      params: CASE_PARAMS,
      responses: { 200: { description: 'The case', schema: CASE }, 404: { description: 'No such case' } },
    },
    async ({ c, caller, params }) => c.json(await deps.cases.get(caller, params.caseNo)),
  );

  routes.add<CaseParams & { body: MilestoneInput }>(
    {
      operationId: 'addCaseMilestone',
      method: 'POST',
      path: '/v1/cases/{caseNo}/milestones',
      summary:
        'Record a milestone: accepted, step started/finished (并联), clock stopped/resumed, material received, visit, handover, decided, delivered, withdrawn',
      tags: ['cases'],
      params: CASE_PARAMS,
      body: { 'application/json': MILESTONE },
      responses: { 200: { description: 'The case after it', schema: CASE }, 409: { description: 'Does not fit the case state' } },
    },
    async ({ c, caller, params, body }) => c.json(await deps.cases.milestone(caller, params.caseNo, body)),
  );

  routes.add<CaseParams & { body: MaterialCheckInput }>(
    {
      operationId: 'checkCaseMaterials',
      method: 'POST',
      path: '/v1/cases/{caseNo}/materials/check',
      summary:
        'Check every material of an open case in one call → sealed material package (JWS, verify with the JWKS) and the 一次性告知书',
      tags: ['cases'],
      params: CASE_PARAMS,
      body: { 'application/json': CHECK },
      responses: {
        200: {
          description: '{caseNo, checklist, package, notice}',
          schema: {
            type: 'object',
            required: ['caseNo', 'checklist', 'package', 'notice'],
            properties: { package: { type: 'string', description: 'JWT, EdDSA, typ zz-material-package+jwt' }, notice: { type: 'object' } },
          },
        },
        409: { description: 'The case is not open' },
        429: { description: 'Rate limited' },
      },
    },
    async ({ c, caller, params, body }) => c.json(await deps.checkMaterials(caller, params.caseNo, body)),
  );

  routes.add<{ body: { idType: string; id: string } }>(
    {
      operationId: 'reportHolderUsage',
      method: 'POST',
      path: '/v1/holder-usage-reports',
      summary:
        "A holder's usage report for the holder at the window: who verified or looked up their licences, when, for which case (audited)",
      description: 'The ID travels in the body, never in a URL; the hub matches the keyed hash the audit log keeps.',
      tags: ['cases'],
      body: { 'application/json': HOLDER },
      responses: { 200: { description: '{holder (masked), generatedAt, uses}' } },
    },
    async ({ c, caller, body }) => c.json(await deps.holderUsage(caller, body)),
  );
}
