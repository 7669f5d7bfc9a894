/**
 * @module web/cases/package-console-routes
 * Where the QR code on a printed material package and 一次性告知书 leads: the package, found by its
 * digest, with its signature checked again (core/cases/package-lookup scopes, audits and checks).
 * A clerk scanning a package at another window sees what the hub signed — each material's status,
 * the licence relied on and its checks — without retyping anything. The URL holds only the digest.
 */
import type { ChecklistEntry } from '../../core/cases/case.js';
import { CasePackageNotFoundError } from '../../core/cases/case-errors.js';
import type { PackageLookup, PackageLookupResult } from '../../core/cases/package-lookup.js';
import { roleMay } from '../../http/authorization.js';
import type { RouteRegistry } from '../../http/route.js';
import { PACKAGE_PARAMS } from '../../http/routes/case-package-routes.js';
import { shell, viewOf, type ConsoleView } from '../console-shell.js';
import { flash } from '../form-kit.js';
import { html, type SafeHtml } from '../html.js';
import { PAGE_RESPONSES, sendPage, staffPage } from '../page-kit.js';
import { beijingTime } from '../verify-result-page.js';
import { CASES_PATH, zh } from './case-pages.js';

export const PACKAGES_PATH = '/console/packages';

export interface PackageConsoleDeps {
  lookUpPackage: PackageLookup;
}

interface PackageMaterial {
  code?: string;
  name?: string;
  status?: ChecklistEntry['status'];
  licenseId?: string;
  docNo?: string;
  checks?: Record<string, { ok: boolean; code?: string }>;
  dueDate?: string;
}

export function registerPackageConsoleRoutes(routes: RouteRegistry, deps: PackageConsoleDeps): void {
  routes.page<{ params: { digest: string } }>(
    {
      operationId: 'getConsoleCasePackage',
      method: 'GET',
      path: `${PACKAGES_PATH}/{digest}`,
      summary: '材料包核验 — the material package behind its QR code, its signature checked again (audited)',
      tags: ['console'],
      auth: staffPage('getConsoleCasePackage'),
      params: PACKAGE_PARAMS,
      responses: { ...PAGE_RESPONSES, 404: { ...PAGE_RESPONSES[200], description: 'No such package for this user' } },
    },
    async ({ c, session, caller, params }) => {
      const view = viewOf(c, session);
      try {
        const found = await deps.lookUpPackage(caller, params.digest);
        return sendPage(c, shell(view, view.t.packages.title, packagePage(view, found)));
      } catch (error) {
        if (!(error instanceof CasePackageNotFoundError)) throw error;
        const body = html`<h1>${view.t.packages.title}</h1>${flash({ kind: 'error', message: view.t.packages.notFound })}`;
        return sendPage(c, shell(view, view.t.packages.title, body), 404);
      }
    },
  );
}

function packagePage(view: ConsoleView, found: PackageLookupResult): SafeHtml {
  const t = view.t.packages;
  const claims = found.claims ?? {};
  const item = (claims.item ?? {}) as { code?: string; name?: string; version?: number };
  const materials = (Array.isArray(claims.materials) ? claims.materials : []) as PackageMaterial[];
  const iat = typeof claims.iat === 'number' ? beijingTime(new Date(claims.iat * 1000).toISOString(), view.t) : '—';
  const verdict = found.verification.valid
    ? html`<div class="banner valid" role="status" id="package-verdict">${t.valid}</div><p class="note">${t.validNote}</p>`
    : html`<div class="banner invalid" role="status" id="package-verdict">${t.invalid}</div>
<p class="error" role="alert">${found.verification.detail} <code>${found.verification.code}</code></p>`;
  return html`<h1>${t.title}</h1>
${verdict}
${found.superseded ? html`<p class="error" role="alert">${t.superseded}</p>` : undefined}
<dl>
<dt>${t.caseNo}</dt><dd><code>${found.caseNo}</code>${
    roleMay('getConsoleCase', view.role) ? html` <a href="${CASES_PATH}/${found.caseNo}">${t.openCase}</a>` : undefined
  }</dd>
${item.name ? html`<dt>${t.item}</dt><dd>${zh(item.name)} <code>${item.code ?? ''}</code></dd>` : undefined}
<dt>${t.checkedAt}</dt><dd>${iat}</dd>
${typeof claims.checkedBy === 'string' ? html`<dt>${t.checkedBy}</dt><dd><code>${claims.checkedBy}</code></dd>` : undefined}
<dt>${t.seq}</dt><dd>${found.seq}</dd>
<dt>${t.digest}</dt><dd><code class="digest">${found.digest}</code></dd>
</dl>
${
  materials.length === 0
    ? undefined
    : html`<table id="package-materials">
<thead><tr><th scope="col">${t.materials}</th><th scope="col">${view.t.cases.status}</th><th scope="col">${t.licence}</th><th scope="col">${t.checks}</th></tr></thead>
<tbody>
${materials.map((m) => materialRow(view, m))}
</tbody></table>`
}
<label for="package-jws">${t.jws}</label>
<textarea id="package-jws" rows="4" readonly>${found.package}</textarea>`;
}

function materialRow(view: ConsoleView, m: PackageMaterial): SafeHtml {
  const status = m.status && m.status in view.t.cases.statuses ? view.t.cases.statuses[m.status] : (m.status ?? '');
  const checks = Object.entries(m.checks ?? {}).map(
    ([name, check]) =>
      html`<span class="${check.ok ? 'pass' : 'fail'}">${check.ok ? '✔' : '✘'} ${view.t.result.rows[name] ?? name}</span>${
        check.code ? html` <code>${check.code}</code>` : undefined
      } `,
  );
  return html`<tr><td>${zh(m.name ?? '')}</td><td>${status}${m.dueDate ? html` <small>${view.t.cases.dueBy(m.dueDate)}</small>` : undefined}</td>
<td>${m.licenseId ? html`<code>${m.licenseId}</code>` : undefined}${m.docNo ? html`<code>${m.docNo}</code>` : undefined}</td><td>${checks}</td></tr>`;
}
