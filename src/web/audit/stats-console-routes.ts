/**
 * @module web/audit/stats-console-routes
 * Statistics for auditors (the county) and department admins (their own department): verifications
 * per day, per department and per licence type, and the proof materials nobody had to bring, as SVG
 * charts drawn by the hub, each also a CSV download of the same figures.
 */
import type { Principal } from '../../core/auth/principal.js';
import type { FieldError } from '../../core/errors.js';
import type { AuditStatsReader, VerificationStats } from '../../core/ports/audit-reader.js';
import type { RouteRegistry } from '../../http/route.js';
import { parseInstant } from '../../http/routes/query-time.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { flash, textField } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import type { Messages } from '../messages/zh-cn.js';
import { csvDownload } from './csv.js';
import { barChart, type Bar } from './svg-chart.js';
import { languageOf, messagesFor } from '../i18n.js';

export interface StatsConsoleDeps {
  stats: AuditStatsReader;
  /** Display names of departments and licence types (undefined when unknown). */
  departmentName(uscc: string): Promise<string | undefined>;
  typeName(code: string): string | undefined;
  now(): Date;
}

const DAY_MS = 86_400_000;
const DAYS = 30;
const DATE = { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { const: '' }] } as const;
const RANGE_QUERY = { type: 'object', properties: { from: DATE, to: DATE } } as const;
const CHARTS = ['per-day', 'per-department', 'per-license-type'] as const;
type Chart = (typeof CHARTS)[number];
type RangeQuery = { from?: string; to?: string };

export function registerStatsConsoleRoutes(routes: RouteRegistry, deps: StatsConsoleDeps): void {
  /** The range asked for (default: the last 30 days) and the caller's scope. */
  const read = async (caller: Principal, query: RangeQuery, errors: FieldError[]) => {
    const to = parseInstant(query.to || undefined, 'end', '/query/to', errors) ?? deps.now();
    const from = parseInstant(query.from || undefined, 'start', '/query/from', errors) ?? new Date(to.getTime() - DAYS * DAY_MS);
    if (!(from < to) || to.getTime() - from.getTime() > 366 * DAY_MS)
      errors.push({ pointer: '/query/from', detail: 'from < to, ≤ 366 days' });
    const department = caller.role === 'auditor' ? undefined : (caller.department ?? '-');
    const range = errors.length > 0 ? { from: new Date(to.getTime() - DAYS * DAY_MS), to } : { from, to };
    return { range, stats: await deps.stats.verificationStats({ ...range, department }) };
  };

  const charts = async (t: Messages, stats: VerificationStats): Promise<Record<Chart, { title: string; bars: Bar[] }>> => ({
    'per-day': { title: t.stats.perDay, bars: stats.perDay.map((d) => ({ label: d.day, value: d.verifications })) },
    'per-department': {
      title: t.stats.perDepartment,
      bars: await Promise.all(
        stats.perDepartment.map(async (d) => ({
          label: d.department ? ((await deps.departmentName(d.department)) ?? d.department) : t.stats.unknown,
          value: d.verifications,
        })),
      ),
    },
    'per-license-type': {
      title: t.stats.perLicenseType,
      bars: stats.perLicenseType.map((d) => ({
        label: d.typeCode ? (deps.typeName(d.typeCode) ?? d.typeCode) : t.stats.unknown,
        value: d.verifications,
      })),
    },
  });

  routes.page<{ query: RangeQuery }>(
    {
      operationId: 'getConsoleStats',
      method: 'GET',
      path: '/console/stats',
      summary: '核验统计 — verification statistics as SVG charts (county for auditors, own department for department admins)',
      tags: ['console'],
      auth: staffPage('getConsoleStats'),
      query: RANGE_QUERY,
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, caller, query }) => {
      const view = viewOf(c, session);
      const errors: FieldError[] = [];
      const { range, stats } = await read(caller, query, errors);
      const body = statsPage(view, query, range, stats, await charts(view.t, stats), errors);
      return sendPage(c, shell(view, view.t.stats.title, body));
    },
  );

  routes.page<{ params: { chart: Chart }; query: RangeQuery }>(
    {
      operationId: 'getConsoleStatsCsv',
      method: 'GET',
      path: '/console/stats/csv/{chart}',
      summary: 'One chart of the statistics page as CSV',
      tags: ['console'],
      auth: staffPage('getConsoleStatsCsv'),
      params: { type: 'object', required: ['chart'], properties: { chart: { enum: [...CHARTS] } } },
      query: RANGE_QUERY,
      responses: { ...PAGE_RESPONSES, 200: { description: 'CSV (UTF-8 with BOM)', contentType: 'text/csv' } },
    },
    async ({ c, caller, params, query }) => {
      const t = messagesFor(languageOf(c));
      const { stats } = await read(caller, query, []);
      const chart = (await charts(t, stats))[params.chart];
      const rows =
        params.chart === 'per-day' ? stats.perDay.map((d) => [d.day, d.verifications, d.valid]) : chart.bars.map((b) => [b.label, b.value]);
      const header =
        params.chart === 'per-day' ? [t.stats.day, t.stats.verifications, t.stats.valid] : [chart.title, t.stats.verifications];
      return csvDownload(c, `${params.chart}.csv`, header, rows);
    },
  );
}

function statsPage(
  view: ConsoleView,
  query: RangeQuery,
  range: { from: Date; to: Date },
  stats: VerificationStats,
  charts: Record<Chart, { title: string; bars: Bar[] }>,
  errors: FieldError[],
): SafeHtml {
  const t = view.t.stats;
  const day = (d: Date) => new Date(d.getTime() + 8 * 3600_000).toISOString().slice(0, 10);
  const suffix = new URLSearchParams(Object.entries(query).filter((e): e is [string, string] => !!e[1])).toString();
  return html`<h1>${t.title}</h1>
<form method="get" action="/console/stats" class="filters">
${textField('from', view.t.audit.from, { value: query.from, type: 'date' })}
${textField('to', view.t.audit.to, { value: query.to, type: 'date' })}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
${errors.length > 0 ? flash({ kind: 'error', message: errors.map((e) => e.detail).join('；') }) : undefined}
<p class="note">${t.range(day(range.from), day(new Date(range.to.getTime() - 1)))}</p>
<div class="cards">
<div class="card"><h2>${t.total}</h2><p class="banner valid" id="stats-total">${stats.total}</p></div>
<div class="card"><h2>${t.saved}</h2><p class="banner valid">${stats.proofMaterialsNotSubmitted}</p></div>
</div>
${CHARTS.map(
  (name) => html`<section class="chart" aria-labelledby="${name}-heading">
<h2 id="${name}-heading">${charts[name].title}</h2>
${charts[name].bars.length === 0 ? html`<p class="note">${view.t.common.none}</p>` : barChart(`chart-${name}`, charts[name].title, charts[name].bars)}
<p><a href="/console/stats/csv/${name}${suffix ? `?${suffix}` : ''}" download>${view.t.common.csv}</a></p>
</section>`,
)}`;
}
