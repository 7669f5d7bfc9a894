/**
 * @module web/audit/supervision-console-routes
 * Supervision (督查) for auditors (the county) and department admins (their own department), on the
 * figures `/v1/supervision` serves: cases decided on time, working days per case (p50/p90), visits
 * per case (最多跑一次: at most one) and the proof materials applicants no longer brought (免提交),
 * per department and item — SVG charts drawn by the hub, each also a CSV download of its figures.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { SupervisionGroup, SupervisionReport } from '../../core/cases/supervision.js';
import type { RouteRegistry } from '../../http/route.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { textField } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { languageOf, messagesFor } from '../i18n.js';
import type { Messages } from '../messages/zh-cn.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { csvDownload } from './csv.js';
import { groupedBarChart, type BarGroup } from './svg-chart.js';

export interface SupervisionConsoleDeps {
  supervise(caller: Principal, query: { from?: string; to?: string; recentDays?: number }): Promise<SupervisionReport>;
  departmentName(uscc: string): Promise<string | undefined>;
}

const DATE = { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { const: '' }] } as const;
const PERIOD_QUERY = { type: 'object', properties: { from: DATE, to: DATE } } as const;
export const SUPERVISION_CHARTS = ['on-time', 'working-days', 'visits', 'materials'] as const;
type Chart = (typeof SUPERVISION_CHARTS)[number];
type Period = { from?: string; to?: string };

interface ChartData {
  title: string;
  series: string[];
  unit: string;
  groups: BarGroup[];
}

/**
 * The page's default period: the last 90 days, not the API's "this quarter". A rolling window shows
 * about three months of cases on any day of the year, where "this quarter" opens each quarter on a
 * nearly empty page (a fresh demo shows little); the quarter's figures stay one date field away and
 * in the quarterly export.
 */
const RECENT_DAYS = 90;

/** The period asked for; an empty `from` means the last 90 days, an empty `to` today. */
const periodOf = (query: Period) => ({
  ...(query.from ? { from: query.from } : { recentDays: RECENT_DAYS }),
  ...(query.to ? { to: query.to } : {}),
});

export function registerSupervisionConsoleRoutes(routes: RouteRegistry, deps: SupervisionConsoleDeps): void {
  /** Each group named by its item and department, as a supervisor reads it. */
  const labelled = async (groups: readonly SupervisionGroup[]) =>
    Promise.all(
      groups.map(async (g) => ({ group: g, label: `${g.itemName}（${(await deps.departmentName(g.department)) ?? g.department}）` })),
    );

  const charts = async (t: Messages, report: SupervisionReport): Promise<Record<Chart, ChartData>> => {
    const named = await labelled(report.groups);
    const decided = named.filter((n) => n.group.decided > 0);
    const s = t.supervision;
    return {
      'on-time': {
        title: s.onTime,
        series: [s.onTimePercent],
        unit: '%',
        groups: decided.map((n) => ({ label: n.label, values: [n.group.decidedOnTimePercent ?? 0] })),
      },
      'working-days': {
        title: s.workingDays,
        series: ['p50', 'p90'],
        unit: '',
        groups: decided.map((n) => ({ label: n.label, values: [n.group.workingDaysP50 ?? 0, n.group.workingDaysP90 ?? 0] })),
      },
      visits: {
        title: s.visits,
        series: [s.visitsPerCase],
        unit: '',
        groups: named.map((n) => ({ label: n.label, values: [n.group.visitsPerCase] })),
      },
      materials: {
        title: s.materials,
        series: [s.exempted, s.brought],
        unit: '',
        groups: named.map((n) => ({ label: n.label, values: [n.group.exempted, n.group.broughtByApplicant] })),
      },
    };
  };

  routes.page<{ query: Period }>(
    {
      operationId: 'getConsoleSupervision',
      method: 'GET',
      path: '/console/supervision',
      summary: '督查 — cases on time, working days p50/p90, visits per case, materials no longer submitted, as SVG charts',
      tags: ['console'],
      auth: staffPage('getConsoleSupervision'),
      query: PERIOD_QUERY,
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, caller, query }) => {
      const view = viewOf(c, session);
      const report = await deps.supervise(caller, periodOf(query));
      return sendPage(c, shell(view, view.t.supervision.title, supervisionPage(view, query, report, await charts(view.t, report))));
    },
  );

  routes.page<{ params: { chart: Chart }; query: Period }>(
    {
      operationId: 'getConsoleSupervisionCsv',
      method: 'GET',
      path: '/console/supervision/csv/{chart}',
      summary: 'One chart of the supervision page as CSV',
      tags: ['console'],
      auth: staffPage('getConsoleSupervisionCsv'),
      params: { type: 'object', required: ['chart'], properties: { chart: { enum: [...SUPERVISION_CHARTS] } } },
      query: PERIOD_QUERY,
      responses: { ...PAGE_RESPONSES, 200: { description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv' } },
    },
    async ({ c, caller, params, query }) => {
      const t = messagesFor(languageOf(c));
      const report = await deps.supervise(caller, periodOf(query));
      const chart = (await charts(t, report))[params.chart];
      return csvDownload(
        c,
        `supervision-${params.chart}-${report.from}-${report.to}.csv`,
        [t.supervision.group, ...chart.series.map((name) => (chart.unit ? `${name}（${chart.unit}）` : name))],
        chart.groups.map((g) => [g.label, ...g.values]),
      );
    },
  );
}

function supervisionPage(view: ConsoleView, query: Period, report: SupervisionReport, charts: Record<Chart, ChartData>): SafeHtml {
  const t = view.t.supervision;
  const suffix = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return html`<h1>${t.title}</h1>
<form method="get" action="/console/supervision" class="filters">
${textField('from', view.t.audit.from, { value: query.from, type: 'date' })}
${textField('to', view.t.audit.to, { value: query.to, type: 'date' })}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
<p class="note">${t.period(report.from, report.to)}</p>
<div class="cards">
<div class="card"><h2>${t.cases}</h2><p class="banner valid" id="supervision-cases">${report.cases.length}</p></div>
<div class="card"><h2>${t.overdue}</h2><p class="banner ${report.overdue.length > 0 ? 'invalid' : 'valid'}">${report.overdue.length}</p></div>
<div class="card"><h2>${t.dueSoon}</h2><p class="banner valid">${report.dueWithinTwoWorkingDays.length}</p></div>
</div>
${SUPERVISION_CHARTS.map((name) => {
  const chart = charts[name];
  return html`<section class="chart" aria-labelledby="${name}-heading">
<h2 id="${name}-heading">${chart.title}</h2>
${chart.groups.length === 0 ? html`<p class="note">${t.noFigures}</p>` : groupedBarChart(`chart-${name}`, chart.title, chart.series, chart.groups, chart.unit)}
<p><a href="/console/supervision/csv/${name}${suffix ? `?${suffix}` : ''}" download>${view.t.common.csv}</a></p>
</section>`;
})}`;
}
