/**
 * @module web/recent-verifications-routes
 * A clerk's own recent verifications, read from the audit log (the record of every check): case
 * number, licence type, result and time, newest first. Only the caller's own entries, so a clerk
 * never browses another's work; licence identifiers stay as the audit keeps them (never a holder ID).
 */
import type { AuditRecord } from '../core/audit/audit-record.js';
import type { RouteRegistry } from '../http/route.js';
import { shell, viewOf, type ConsoleView } from './console-shell.js';
import { html, type SafeHtml } from './html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from './page-kit.js';
import { beijingTime } from './verify-result-page.js';

export interface RecentVerificationsDeps {
  /** The actor's latest verification entries, newest first. */
  recent(actor: string, limit: number): Promise<AuditRecord[]>;
  typeName(code: string): string | undefined;
}

const SHOWN = 50;

export function registerRecentVerificationsRoutes(routes: RouteRegistry, deps: RecentVerificationsDeps): void {
  routes.page(
    {
      operationId: 'getConsoleRecentVerifications',
      method: 'GET',
      path: '/console/verify/recent',
      summary: '我的核验记录 — this user’s latest verifications (from the audit log)',
      tags: ['console'],
      auth: staffPage('getConsoleRecentVerifications'),
      responses: PAGE_RESPONSES,
    },
    async ({ c, session, caller }) => {
      const view = viewOf(c, session);
      const entries = await deps.recent(caller.actor, SHOWN);
      return sendPage(c, shell(view, view.t.recent.title, recentPage(view, entries, deps.typeName)));
    },
  );
}

function recentPage(view: ConsoleView, entries: AuditRecord[], typeName: (code: string) => string | undefined): SafeHtml {
  const t = view.t.recent;
  return html`<h1>${t.title}</h1>
${
  entries.length === 0
    ? html`<p class="note">${view.t.common.none}</p>`
    : html`<table id="recent">
<thead><tr><th scope="col">${view.t.audit.at}</th><th scope="col">${t.caseNo}</th><th scope="col">${t.license}</th><th scope="col">${t.result}</th></tr></thead>
<tbody>
${entries.map(
  (e) => html`<tr><td>${beijingTime(e.at.toISOString(), view.t)}</td><td>${e.caseNo ?? ''}</td>
<td>${e.typeCode ? (typeName(e.typeCode) ?? e.typeCode) : ''}${e.target ? html` <code>${e.target}</code>` : undefined}</td>
<td><span class="tag ${e.result === 'valid' ? 'valid' : 'revoked'}">${t.results[e.result] ?? e.result}</span></td></tr>`,
)}
</tbody></table>`
}
<p><a href="/console/verify">${view.t.nav.verify}</a> · <a href="/console/verify/presented">${view.t.nav.presented}</a></p>`;
}
