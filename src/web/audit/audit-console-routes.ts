/**
 * @module web/audit/audit-console-routes
 * The auditor's room: the audit log filtered by actor, department, action, case number, licence
 * and time (oldest first, paged by cursor), and the chain verification naming the chain and the
 * first entry at fault. Filters are in the query string, so they hold no personal data: there is
 * no holder-ID filter here (the API hashes one; a URL would keep it in history and proxy logs).
 */
import type { AuditFilter, AuditRecord } from '../../core/audit/audit-record.js';
import type { AuditVerification } from '../../core/audit/audit-verification.js';
import type { FieldError } from '../../core/errors.js';
import type { AuditReader } from '../../core/ports/audit-reader.js';
import type { RouteRegistry } from '../../http/route.js';
import { parseInstant } from '../../http/routes/query-time.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { flash, textField } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { beijingTime } from '../verify-result-page.js';

export interface AuditConsoleDeps {
  audit: Pick<AuditReader, 'search'>;
  verify(): Promise<AuditVerification>;
}

const PAGE_SIZE = 50;
const TEXT = { type: 'string', maxLength: 200 } as const;
const DATE = { anyOf: [{ type: 'string', pattern: '^\\d{4}-\\d{2}-\\d{2}$' }, { const: '' }] } as const;
const FILTERS = ['actor', 'department', 'action', 'caseNo', 'target'] as const;
type AuditQuery = Partial<Record<(typeof FILTERS)[number] | 'from' | 'to' | 'after', string>>;

export function registerAuditConsoleRoutes(routes: RouteRegistry, deps: AuditConsoleDeps): void {
  routes.page<{ query: AuditQuery }>(
    {
      operationId: 'getConsoleAudit',
      method: 'GET',
      path: '/console/audit',
      summary: '审计日志 — the audit log, filtered (actor, department, action, case number, licence, dates)',
      tags: ['console'],
      auth: staffPage('getConsoleAudit'),
      query: {
        type: 'object',
        properties: {
          ...Object.fromEntries(FILTERS.map((name) => [name, TEXT])),
          from: DATE,
          to: DATE,
          after: { type: 'string', pattern: '^[1-9][0-9]{0,18}$' },
        },
      },
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, query }) => {
      const view = viewOf(c, session);
      const errors: FieldError[] = [];
      const filter: AuditFilter = {};
      for (const name of FILTERS) if (query[name]) filter[name] = query[name];
      const from = parseInstant(query.from || undefined, 'start', '/query/from', errors);
      const to = parseInstant(query.to || undefined, 'end', '/query/to', errors);
      if (from) filter.from = from;
      if (to) filter.to = to;
      const items = errors.length > 0 ? [] : await deps.audit.search(filter, query.after, PAGE_SIZE);
      const next = items.length === PAGE_SIZE ? items.at(-1)?.id : undefined;
      return sendPage(c, shell(view, view.t.audit.title, logPage(view, query, items, next, errors)));
    },
  );

  routes.page<{ query: { run?: string } }>(
    {
      operationId: 'getConsoleAuditVerify',
      method: 'GET',
      path: '/console/audit/verify',
      summary: '审计链校验 — recompute every audit chain and show the first problem of each',
      tags: ['console'],
      auth: staffPage('getConsoleAuditVerify'),
      query: { type: 'object', properties: { run: { const: '1' } } },
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, query }) => {
      const view = viewOf(c, session);
      const result = query.run === '1' ? await deps.verify() : undefined;
      return sendPage(c, shell(view, view.t.audit.verifyTitle, verifyPage(view, result)));
    },
  );
}

function logPage(view: ConsoleView, query: AuditQuery, items: AuditRecord[], next: string | undefined, errors: FieldError[]): SafeHtml {
  const t = view.t.audit;
  const nextQuery = new URLSearchParams(
    Object.entries({ ...query, after: next ?? '' }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
  );
  return html`<h1>${t.title}</h1>
<form method="get" action="/console/audit" class="filters">
${FILTERS.map((name) => textField(name, t[name], { value: query[name], maxLength: 200 }))}
${textField('from', t.from, { value: query.from, type: 'date' })}
${textField('to', t.to, { value: query.to, type: 'date' })}
<div><button type="submit">${view.t.common.search}</button></div>
</form>
${errors.length > 0 ? flash({ kind: 'error', message: errors.map((e) => e.detail).join('；') }) : undefined}
${
  items.length === 0
    ? html`<p class="note">${view.t.common.none}</p>`
    : html`<table id="audit-entries">
<thead><tr><th scope="col">${t.at}</th><th scope="col">${t.actor}</th><th scope="col">${t.department}</th><th scope="col">${t.action}</th><th scope="col">${t.caseNo}</th><th scope="col">${t.target}</th><th scope="col">${t.result}</th><th scope="col">${t.chain}</th></tr></thead>
<tbody>
${items.map(
  (
    r,
  ) => html`<tr><td>${beijingTime(r.at.toISOString(), view.t)}</td><td>${r.actor}</td><td>${r.department ?? ''}</td><td><code>${r.action}</code></td>
<td>${r.caseNo ?? ''}</td><td>${r.target ? html`<code>${r.target}</code>` : undefined}</td><td>${r.result}</td><td><code>${r.chainId}#${r.seq}</code></td></tr>`,
)}
</tbody></table>`
}
${next ? html`<p><a href="/console/audit?${nextQuery.toString()}">${view.t.common.nextPage}</a></p>` : undefined}`;
}

function verifyPage(view: ConsoleView, result: AuditVerification | undefined): SafeHtml {
  const t = view.t.audit;
  return html`<h1>${t.verifyTitle}</h1>
<form method="get" action="/console/audit/verify"><input type="hidden" name="run" value="1"><button type="submit" class="primary">${t.run}</button></form>
${
  result === undefined
    ? undefined
    : html`<div class="${result.ok ? 'ok' : 'error'}" role="status" id="audit-verdict">${result.ok ? t.intact : t.broken}</div>
<table id="audit-chains">
<thead><tr><th scope="col">${t.chain}</th><th scope="col">${t.entries}</th><th scope="col">${t.checkpoints}</th><th scope="col">${t.firstProblem}</th></tr></thead>
<tbody>
${result.chains.map(
  (chain) =>
    html`<tr><td><code>${chain.chainId}</code></td><td>${chain.entries}</td><td>${chain.checkpoints}</td><td>${
      chain.firstProblem
        ? html`<span class="fail">#${chain.firstProblem.seq} ${t.problemKinds[chain.firstProblem.kind] ?? chain.firstProblem.kind}</span>（${chain.firstProblem.detail}）${
            chain.firstProblem.id ? html` <code>id ${chain.firstProblem.id}</code>` : undefined
          }`
        : html`<span class="pass">✔</span>`
    }</td></tr>`,
)}
</tbody></table>`
}`;
}
