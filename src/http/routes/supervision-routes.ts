/**
 * @module http/routes/supervision-routes
 * Supervision (督查): the figures per department and item, and the quarterly export as CSV or
 * JSON — anonymised (no names) for the third-party evaluator.
 */
import { stringify } from 'csv-stringify/sync';
import type { Principal } from '../../core/auth/principal.js';
import type { SupervisionReport } from '../../core/cases/supervision.js';
import { ValidationError } from '../../core/errors.js';
import type { RouteRegistry } from '../route.js';

export interface SupervisionRouteDeps {
  supervise(caller: Principal, query: { from?: string; to?: string; department?: string; anonymise?: boolean }): Promise<SupervisionReport>;
}

const DATE = /^\d{4}-\d{2}-\d{2}$/;

function parseQuery(query: Record<string, string>) {
  for (const key of ['from', 'to'] as const) {
    if (query[key] !== undefined && !DATE.test(query[key] as string)) {
      throw new ValidationError(`${key} is a date`, { errors: [{ pointer: `/query/${key}`, detail: 'must be YYYY-MM-DD' }] });
    }
  }
  return {
    ...(query.from ? { from: query.from } : {}),
    ...(query.to ? { to: query.to } : {}),
    ...(query.department ? { department: query.department } : {}),
  };
}

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
  ['onTime', '按时办结'],
  ['visits', '跑动次数'],
  ['exempted', '免提交材料'],
  ['broughtByApplicant', '申请人提交材料'],
] as const;

export function registerSupervisionRoutes(routes: RouteRegistry, deps: SupervisionRouteDeps): void {
  routes.add(
    {
      operationId: 'getSupervision',
      method: 'GET',
      path: '/v1/supervision',
      summary:
        '督查: per department and item — on time %, working days p50/p90, overdue, due soon, visits per case, materials exempted (?from=&to=&department=)',
      tags: ['cases'],
      responses: { 200: { description: 'The report' } },
    },
    async ({ c, principal }) => c.json(await deps.supervise(principal as Principal, parseQuery(c.req.query()))),
  );

  routes.add(
    {
      operationId: 'exportSupervision',
      method: 'GET',
      path: '/v1/supervision/export',
      summary: 'Quarterly export of every case: ?format=csv|json, ?anonymised=true for the third-party evaluator (no names)',
      tags: ['cases'],
      responses: { 200: { description: 'CSV or JSON', contentType: 'text/csv' } },
    },
    async ({ c, principal }) => {
      const query = c.req.query();
      const report = await deps.supervise(principal as Principal, { ...parseQuery(query), anonymise: query.anonymised === 'true' });
      if (query.format !== 'csv') return c.json(report);
      const rows = report.cases.map((row) => CSV_COLUMNS.map(([key]) => String(row[key] ?? '')));
      c.header('Content-Disposition', `attachment; filename="supervision-${report.from}-${report.to}.csv"`);
      return c.body(`\uFEFF${stringify([CSV_COLUMNS.map(([, title]) => title), ...rows])}`, 200, {
        'Content-Type': 'text/csv; charset=utf-8',
      });
    },
  );
}
