/**
 * @module http/routes/supervision-routes
 * Supervision (督查): the figures per department and item, and the quarterly export as CSV or
 * JSON — anonymised (no names) for the third-party evaluator.
 */
import { stringify } from 'csv-stringify/sync';
import type { Principal } from '../../core/auth/principal.js';
import type { SupervisionReport } from '../../core/cases/supervision.js';
import type { RouteRegistry } from '../route.js';

export interface SupervisionRouteDeps {
  supervise(caller: Principal, query: { from?: string; to?: string; department?: string; anonymise?: boolean }): Promise<SupervisionReport>;
}

const PERIOD = {
  from: { type: 'string', format: 'date', description: 'First day (opened on), default: the quarter’s first' },
  to: { type: 'string', format: 'date', description: 'Last day, default: today' },
  department: { type: 'string', maxLength: 18, description: 'One department (auditors; a dept-admin always sees their own)' },
} as const;
const REPORT_QUERY = { type: 'object', properties: PERIOD } as const;
const EXPORT_QUERY = {
  type: 'object',
  properties: { ...PERIOD, format: { enum: ['json', 'csv'] }, anonymised: { type: 'boolean', description: 'No names: for the evaluator' } },
} as const;
type Period = { from?: string; to?: string; department?: string };

const CSV_COLUMNS = [
  ['caseNo', '办件编号'],
  ['department', '部门'],
  ['itemCode', '事项编码'],
  ['itemName', '事项名称'],
  ['state', '状态'],
  ['openedOn', '受理日期'],
  ['decidedOn', '办结日期'],
  ['limitDays', '时限（工作日）'],
  ['usedWorkingDays', '已用工作日'],
  ['deadline', '截止日期'],
  ['provisional', '时限暂计（未录入工作日历，按周一至周五）'],
  ['onTime', '按时办结'],
  ['visits', '跑动次数'],
  ['exempted', '免提交材料'],
  ['broughtByApplicant', '申请人提交材料'],
] as const;

export function registerSupervisionRoutes(routes: RouteRegistry, deps: SupervisionRouteDeps): void {
  routes.add<{ query: Period }>(
    {
      operationId: 'getSupervision',
      method: 'GET',
      path: '/v1/supervision',
      summary:
        '督查: per department and item — on time %, working days p50/p90, overdue, due soon, visits per case, materials exempted (?from=&to=&department=)',
      tags: ['cases'],
      query: REPORT_QUERY,
      responses: { 200: { description: 'The report' } },
    },
    async ({ c, caller, query }) => c.json(await deps.supervise(caller, query)),
  );

  routes.add<{ query: Period & { format?: 'json' | 'csv'; anonymised?: boolean } }>(
    {
      operationId: 'exportSupervision',
      method: 'GET',
      path: '/v1/supervision/export',
      summary: 'Quarterly export of every case: ?format=csv|json, ?anonymised=true for the third-party evaluator (no names)',
      tags: ['cases'],
      query: EXPORT_QUERY,
      responses: { 200: { description: 'CSV or JSON', contentType: 'text/csv' } },
    },
    async ({ c, caller, query }) => {
      const { format, anonymised, ...period } = query;
      const report = await deps.supervise(caller, { ...period, anonymise: anonymised === true });
      if (format !== 'csv') return c.json(report);
      const rows = report.cases.map((row) => CSV_COLUMNS.map(([key]) => String(row[key] ?? '')));
      c.header('Content-Disposition', `attachment; filename="supervision-${report.from}-${report.to}.csv"`);
      return c.body(`\uFEFF${stringify([CSV_COLUMNS.map(([, title]) => title), ...rows])}`, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
      });
    },
  );
}
